// Mailboxes of DMARC aggregate reports (test/fixtures/mailboxes-dmarc, written by test/fixtures/dmarc/mailboxes.mjs):
// a quiet domain, a hijack on day 25, a newsletter day and forgers. Besides the verdicts and the alert (the
// common suite), every report mail's trace and the alert's reasons are compared, and figures printed.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { mailboxNames, mailboxSuite, runMailbox } from "./mailbox-run";

const root = join(import.meta.dirname, "..", "fixtures", "mailboxes-dmarc");
mailboxSuite("DMARC mailboxes", root, 4);

describe("DMARC mailboxes: traces and alert reasons", async () => {
  const names = mailboxNames(root);
  const outcomes = await Promise.all(names.map(async (name) => ({
    outcome: await runMailbox(root, name),
    scenario: JSON.parse(readFileSync(join(root, name, "scenario.json"), "utf8")) as
      { expected: { alertReasons: string[]; traces: Record<string, string> } },
  })));

  it("gives every report mail trace notice only when it raises something, and the expected reasons", () => {
    let right = 0;
    let total = 0;
    const wrong: string[] = [];
    for (const { outcome, scenario } of outcomes) {
      outcome.files.forEach((file, i) => {
        const expected = scenario.expected.traces[file] ?? "none";
        total++;
        if (outcome.assessment.judgements[i]!.trace === expected) right++;
        else wrong.push(`${outcome.name}/${file}: expected ${expected}, got ${outcome.assessment.judgements[i]!.trace}`);
      });
      expect(outcome.assessment.alertReasons, outcome.name).toEqual(scenario.expected.alertReasons);
    }
    console.log([`DMARC mailboxes: traces ${right}/${total}`, ...wrong].join("\n"));
    expect(wrong).toEqual([]);
  });

  it("classifies the provider's pool as provider and shows the jump on day 25 only as alarm days", () => {
    const hijack = outcomes.find((o) => o.outcome.name.startsWith("hijack"))!.outcome.assessment.dmarc;
    expect(hijack.sources.filter((s) => s.sourceIp.startsWith("203.0.113.")).every((s) => s.class === "provider")).toBe(true);
    expect(hijack.days.filter((d) => d.alarm).map((d) => d.day)).toEqual(["2025-10-09", "2025-10-10"]);
    const newsletter = outcomes.find((o) => o.outcome.name.startsWith("newsletter"))!.outcome.assessment.dmarc;
    const peak = newsletter.days.reduce((a, b) => (b.providerPass > a.providerPass ? b : a));
    expect(peak.day).toBe("2025-10-02");
    expect(peak.ownSent).toBeGreaterThanOrEqual(peak.providerPass);
  });
});
