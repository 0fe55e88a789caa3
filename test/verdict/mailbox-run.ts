// Runs scenario-style mailboxes (scenario.json, sent.mbox, inbox/NNN.eml; see ../shared/scenarios/README.md)
// through the decoder and the verdict engine, and compares the result with each mailbox's expected block.
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeMessage } from "../../src/core/analyze";
import { iterateMbox } from "../../src/core/mbox";
import { SentLog } from "../../src/core/sentlog";
import { assessMailbox } from "../../src/core/verdict/assess";
import type { Alert, MailboxAssessment, Trace, Verdict } from "../../src/core/types";

interface Scenario {
  me: string[];
  expected: { alert: Alert; messages: Record<string, Verdict>; traces?: Record<string, Trace> };
}

/** The trace a scenario expects: as listed, else `bounce` for the four bounce verdicts and `none` for not-bounce. */
export function expectedTrace(expected: Scenario["expected"], file: string): Trace {
  return expected.traces?.[file] ?? (expected.messages[file] === "not-bounce" ? "none" : "bounce");
}

export interface Outcome {
  name: string;
  files: string[];
  expected: Scenario["expected"];
  assessment: MailboxAssessment;
}

/** The mailbox directories under `root`, sorted; none when `root` is absent. */
export function mailboxNames(root: string): string[] {
  return existsSync(root)
    ? readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()
    : [];
}

export async function runMailbox(root: string, name: string): Promise<Outcome> {
  const dir = join(root, name);
  const scenario = JSON.parse(readFileSync(join(dir, "scenario.json"), "utf8")) as Scenario;
  const sent = new SentLog();
  for (const raw of iterateMbox(new Uint8Array(readFileSync(join(dir, "sent.mbox"))))) sent.addRawMessage(raw);
  const files = readdirSync(join(dir, "inbox")).filter((f) => f.endsWith(".eml")).sort().map((f) => `inbox/${f}`);
  const reports = [];
  for (const file of files) reports.push(await analyzeMessage(new Uint8Array(readFileSync(join(dir, file)))));
  return { name, files, expected: scenario.expected, assessment: assessMailbox(reports, sent, { addresses: scenario.me }) };
}

const signals = (evidence: MailboxAssessment["judgements"][number]["evidence"]): string =>
  `[${evidence.map((e) => `${e.signal}${e.weight >= 0 ? "+" : ""}${e.weight}`).join(" ")}]`;

/**
 * Figures (per message, per trace, per mailbox; traces and alerts as found, and compromise alerts raised
 * where none is expected) and one line per disagreement, with the evidence that decided.
 */
export function compareOutcomes(outcomes: readonly Outcome[]): { summary: string; mismatches: string[] } {
  let messages = 0;
  let right = 0;
  let tracesRight = 0;
  let traced = 0;
  let alerts = 0;
  let falseCompromise = 0;
  let mailboxesRight = 0;
  const mismatches: string[] = [];
  for (const { name, files, expected, assessment } of outcomes) {
    let mailboxRight = assessment.alert === expected.alert;
    if (assessment.alert !== "none") alerts++;
    if (assessment.alert === "compromise" && expected.alert !== "compromise") falseCompromise++;
    files.forEach((file, i) => {
      const got = assessment.judgements[i]!;
      messages++;
      if (got.trace !== "bounce" && got.trace !== "none") traced++;
      if (got.verdict === expected.messages[file]) right++;
      else {
        mailboxRight = false;
        mismatches.push(`  ${name}/${file}: expected ${expected.messages[file]}, got ${got.verdict} ${signals(got.evidence)}`);
      }
      const trace = expectedTrace(expected, file);
      if (got.trace === trace) tracesRight++;
      else {
        mailboxRight = false;
        mismatches.push(`  ${name}/${file}: expected trace ${trace}, got ${got.trace} ${signals(got.evidence)}`);
      }
    });
    if (assessment.alert !== expected.alert) mismatches.push(`  ${name}: alert expected ${expected.alert}, got ${assessment.alert}`);
    if (mailboxRight) mailboxesRight++;
  }
  const percent = (n: number, d: number): string => `${((100 * n) / Math.max(d, 1)).toFixed(1)}%`;
  const summary = `verdicts: ${right}/${messages} messages (${percent(right, messages)}), `
    + `traces: ${tracesRight}/${messages} (${percent(tracesRight, messages)}; ${traced} account traces found), `
    + `alerts raised: ${alerts}/${outcomes.length}, false compromise alerts: ${falseCompromise}, `
    + `${mailboxesRight}/${outcomes.length} mailboxes entirely right (${percent(mailboxesRight, outcomes.length)})`;
  return { summary, mismatches };
}

/**
 * The suite every mailbox set gets: at least `minimum` mailboxes, each verdict and alert as expected (figures
 * printed), never a compromise alert where none is expected, evidence behind every bounce verdict and risk
 * in the verdict's band.
 */
export function mailboxSuite(title: string, root: string, minimum: number): void {
  const names = mailboxNames(root);
  describe(title, async () => {
    const outcomes = await Promise.all(names.map((name) => runMailbox(root, name)));

    it("finds the mailboxes", () => expect(names.length).toBeGreaterThanOrEqual(minimum));

    it("reproduces every expected verdict, trace and alert (figures printed)", () => {
      const { summary, mismatches } = compareOutcomes(outcomes);
      console.log([`${title}: ${summary}`, ...mismatches].join("\n"));
      expect(mismatches).toEqual([]);
    });

    it("never raises a compromise alert on a mailbox without compromise", () => {
      for (const { name, expected, assessment } of outcomes) {
        if (expected.alert !== "compromise") expect(assessment.alert, name).not.toBe("compromise");
      }
    });

    it("gives every bounce verdict and account trace its evidence; compromise is high risk, own mail and forgeries low", () => {
      for (const { assessment } of outcomes) {
        for (const j of assessment.judgements) {
          if (j.verdict !== "not-bounce") expect(j.evidence.length).toBeGreaterThan(0);
          if (j.verdict === "compromise") expect(j.risk).toBeGreaterThanOrEqual(60);
          if (j.verdict === "own-mail" || j.verdict === "spoofed" || j.verdict === "not-bounce") expect(j.risk).toBeLessThanOrEqual(20);
          if (j.trace !== "bounce" && j.trace !== "none") expect(j.evidence.length).toBeGreaterThan(0);
        }
      }
    });
  });
}
