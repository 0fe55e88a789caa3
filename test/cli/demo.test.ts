// The bundled demo mailbox must tell its story: `npm start` relies on it.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { jsonLines, repoRoot, runCli } from "./run-cli";

const demo = join(repoRoot, "demo");
const scenario = JSON.parse(readFileSync(join(demo, "scenario.json"), "utf8"));
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
    expect(en.stdout).toContain("ALERT: your account appears to be sending spam");
    expect(en.stdout).toMatch(/ESMTPA|authenticated|SMTP-AUTH/i);
    expect(en.stdout).toContain("change the password");
    const ja = runCli(["scan", ...args], { BOUNCE_SENTINEL_LANG: "ja" });
    expect(ja.stdout).toContain("警告");
    expect(ja.stdout).toContain("パスワード");
  });
});
