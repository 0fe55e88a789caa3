// Every mailbox of ../shared/scenarios: the verdict of each message and the account alert must equal the
// scenario's expected block. Accuracy is printed per message and per scenario; floors are asserted.
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeMessage } from "../../src/core/analyze";
import { splitMbox } from "../../src/core/mbox";
import { SentLog } from "../../src/core/sentlog";
import { assessMailbox } from "../../src/core/verdict/assess";
import type { Alert, MailboxAssessment, Verdict } from "../../src/core/types";

const ROOT = join(import.meta.dirname, "..", "..", "..", "shared", "scenarios");

interface Scenario {
  me: string[];
  expected: { alert: Alert; messages: Record<string, Verdict> };
}

interface Outcome {
  name: string;
  files: string[];
  expected: Scenario["expected"];
  assessment: MailboxAssessment;
}

async function run(name: string): Promise<Outcome> {
  const dir = join(ROOT, name);
  const scenario = JSON.parse(readFileSync(join(dir, "scenario.json"), "utf8")) as Scenario;
  const sent = new SentLog();
  for (const raw of splitMbox(new Uint8Array(readFileSync(join(dir, "sent.mbox"))))) sent.addRawMessage(raw);
  const files = readdirSync(join(dir, "inbox")).filter((f) => f.endsWith(".eml")).sort().map((f) => `inbox/${f}`);
  const reports = [];
  for (const file of files) reports.push(await analyzeMessage(new Uint8Array(readFileSync(join(dir, file)))));
  return { name, files, expected: scenario.expected, assessment: assessMailbox(reports, sent, { addresses: scenario.me }) };
}

const names = existsSync(ROOT)
  ? readdirSync(ROOT, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()
  : [];

describe("scenario mailboxes", async () => {
  const outcomes = await Promise.all(names.map(run));

  it("finds the scenarios", () => expect(names.length).toBeGreaterThanOrEqual(12));

  it("reproduces every expected verdict and alert (figures printed)", () => {
    let messages = 0;
    let right = 0;
    let scenariosRight = 0;
    const lines: string[] = [];
    for (const { name, files, expected, assessment } of outcomes) {
      let scenarioRight = assessment.alert === expected.alert;
      files.forEach((file, i) => {
        const got = assessment.judgements[i]!;
        messages++;
        if (got.verdict === expected.messages[file]) right++;
        else {
          scenarioRight = false;
          lines.push(`  ${name}/${file}: expected ${expected.messages[file]}, got ${got.verdict} `
            + `[${got.evidence.map((e) => `${e.signal}${e.weight >= 0 ? "+" : ""}${e.weight}`).join(" ")}]`);
        }
      });
      if (assessment.alert !== expected.alert) lines.push(`  ${name}: alert expected ${expected.alert}, got ${assessment.alert}`);
      if (scenarioRight) scenariosRight++;
    }
    console.log([
      `verdicts: ${right}/${messages} messages (${((100 * right) / messages).toFixed(1)}%), `
        + `${scenariosRight}/${outcomes.length} scenarios entirely right (${((100 * scenariosRight) / outcomes.length).toFixed(1)}%)`,
      ...lines,
    ].join("\n"));
    expect(lines).toEqual([]);
  });

  it("never raises a compromise alert on a mailbox without compromise", () => {
    for (const { name, expected, assessment } of outcomes) {
      if (expected.alert !== "compromise") expect(assessment.alert, name).not.toBe("compromise");
    }
  });

  it("gives every bounce verdict its evidence; compromise is high risk, own mail and forgeries low", () => {
    for (const { assessment } of outcomes) {
      for (const j of assessment.judgements) {
        if (j.verdict !== "not-bounce") expect(j.evidence.length).toBeGreaterThan(0);
        if (j.verdict === "compromise") expect(j.risk).toBeGreaterThanOrEqual(60);
        if (j.verdict === "own-mail" || j.verdict === "spoofed" || j.verdict === "not-bounce") expect(j.risk).toBeLessThanOrEqual(20);
      }
    }
  });
});
