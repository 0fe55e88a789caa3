// The bundled demo mailbox must tell its story: `npm start` relies on it.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { jsonLines, repoRoot, runCli } from "./run-cli";

const demo = join(repoRoot, "demo");
const scenario = JSON.parse(readFileSync(join(demo, "scenario.json"), "utf8"));
const locale = (lang: string) => JSON.parse(readFileSync(join(repoRoot, "_locales", lang, "messages.json"), "utf8"));
const args = ["--me", scenario.me.join(","), "--sent", "demo/sent.mbox", "demo/inbox"];

describe("demo mailbox", () => {
  it("reproduces its expected verdicts and the compromise alert", () => {
    const lines = jsonLines(runCli(["scan", "--json", ...args]).stdout);
    const summary = lines.pop().summary;
    const got = Object.fromEntries(lines.map((l) => [l.source.replace(/^demo\//, ""), l.verdict]));
    expect(got).toEqual(scenario.expected.messages);
    expect(summary.alert).toBe(scenario.expected.alert);
  });

  it("explains the alert and names the evidence in the readable report, in English and Japanese", () => {
    const en = runCli(["scan", ...args]);
    expect(en.status).toBe(0);
    expect(en.stdout).toContain(locale("en").alert_compromise_title.message);
    expect(en.stdout).toContain("smtp.hostnest.example.net"); // the provider server that took the login
    expect(en.stdout).toContain("DKIM");
    expect(en.stdout).toContain(locale("en").step_password.message);
    const ja = runCli(["scan", ...args], { BOUNCE_SENTINEL_LANG: "ja" });
    expect(ja.stdout).toContain(locale("ja").alert_compromise_title.message);
    expect(ja.stdout).toContain(locale("ja").step_password.message);
    expect(ja.stdout).toContain("smtp.hostnest.example.net");
  });
});
