// The trace contract through the command (shared/docs/cli.md v2): `trace` on every message, `traces` and
// `alertReasons` in the summary, and the readable report's headline and provider steps in English and Japanese.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import en from "../../_locales/en/messages.json";
import ja from "../../_locales/ja/messages.json";
import { TRACES } from "../../src/core/types";
import { jsonLines, repoRoot, runCli } from "./run-cli";

const BOXES = join(repoRoot, "test", "fixtures", "mailboxes-traces");
const table = (t: unknown) => t as Record<string, { message: string }>;

function scan(name: string, me: string, json: boolean, lang = "en_US.UTF-8") {
  const dir = join(BOXES, name);
  return runCli(["scan", ...(json ? ["--json"] : []), "--me", me, "--sent", join(dir, "sent.mbox"), join(dir, "inbox")], { LANG: lang });
}

describe("traces in scan", () => {
  it("prints trace on every message and traces/alertReasons in the summary", () => {
    const { status, stdout } = scan("m365-bad-outbound-sender-on-own-mail", "marcus.hale@fenwick-surveyors.example.com", true);
    expect(status).toBe(0);
    const lines = jsonLines(stdout);
    const summary = lines.pop().summary;
    for (const line of lines) expect(TRACES).toContain(line.trace);
    expect(lines.map((l) => [l.verdict, l.trace])).toEqual([["not-bounce", "none"], ["own-mail", "restriction"]]);
    expect(summary.traces).toEqual({ bounce: 0, restriction: 1, notice: 0, complaint: 0, reply: 0, lookalike: 0, none: 1 });
    expect(summary.alert).toBe("compromise");
    expect(summary.alertReasons).toEqual(["restriction_ban"]);
  });

  it.each([["en_US.UTF-8", en], ["ja_JP.UTF-8", ja]] as const)("says what Microsoft's 5.1.8 means and gives Microsoft's steps (%s)", (lang, messages) => {
    const { stdout } = scan("m365-bad-outbound-sender-on-own-mail", "marcus.hale@fenwick-surveyors.example.com", false, lang);
    const m = table(messages);
    expect(stdout).toContain(m.reason_restriction_ban_title!.message.replace("$1", m.provider_microsoft365!.message));
    for (const step of ["step_ms_reset_password", "step_ms_inbox_rules", "step_ms_admin_release"]) expect(stdout).toContain(m[step]!.message);
    expect(stdout).not.toMatch(/https?:\/\//);
  });

  it("raises nothing for a look-alike notice, warns not to click, and prints none of its links", () => {
    const json = jsonLines(scan("lookalike-microsoft-notice-phishing", "sales@brightline-print.example.com", true).stdout);
    expect(json.pop().summary).toMatchObject({ alert: "none", alertReasons: [] });
    expect(json.map((l) => l.trace)).toContain("lookalike");
    const { stdout } = scan("lookalike-microsoft-notice-phishing", "sales@brightline-print.example.com", false);
    expect(stdout).toContain(table(en).caution_lookalike_title!.message);
    expect(stdout).toContain(table(en).step_lookalike_no_click!.message);
    expect(stdout).not.toMatch(/https?:\/\/|secure-m365-alerts\.example\.net\/restore/);
  });
});
