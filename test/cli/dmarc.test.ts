// DMARC aggregate reports through the command (issue 12, shared/docs/cli.md v2 with added fields): report
// mails get trace notice only when they raise something, and scan --json's summary has a `dmarc` object
// (per source: messages, pass/fail, classification; the days that broke the volume rule).
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { jsonLines, repoRoot, runCli } from "./run-cli";

const BOXES = join(repoRoot, "test", "fixtures", "mailboxes-dmarc");

function scan(name: string) {
  const dir = join(BOXES, name);
  const scenario = JSON.parse(readFileSync(join(dir, "scenario.json"), "utf8"));
  const { status, stdout } = runCli(["scan", "--json", "--me", scenario.me.join(","), "--sent", join(dir, "sent.mbox"), join(dir, "inbox")]);
  expect(status).toBe(0);
  const lines = jsonLines(stdout);
  const summary = lines.pop().summary;
  return { scenario, lines, summary };
}

describe("DMARC reports in scan --json", () => {
  it("marks the hijack's report mails notice, and summarises sources and alarm days", () => {
    const { scenario, lines, summary } = scan("hijack-on-day-25-provider-volume-jump");
    const notices = lines.filter((l) => l.trace === "notice").map((l) => l.source.slice(l.source.indexOf("inbox/")));
    const expected = Object.entries(scenario.expected.traces).filter(([, trace]) => trace === "notice").map(([file]) => file);
    expect(notices.sort()).toEqual(expected.sort());
    expect(lines.filter((l) => l.trace !== "notice").every((l) => l.trace === "none" || l.trace === "bounce")).toBe(true);
    expect(summary).toMatchObject({ alert: "compromise", alertReasons: ["dmarc_volume"] });
    expect(summary.dmarc.reasons).toEqual(["dmarc_volume"]);
    expect(summary.dmarc.domains).toEqual(["hinode-print.example.jp"]);
    expect(summary.dmarc.alarmDays.map((d: { day: string }) => d.day)).toEqual(["2025-10-09", "2025-10-10"]);
    for (const source of summary.dmarc.sources) {
      expect(["provider", "forwarder", "unknown"]).toContain(source.classification);
      expect(source.pass + source.fail).toBe(source.messages);
    }
    const raised = summary.dmarc.sources.filter((s: { raised: boolean }) => s.raised);
    expect(raised.length).toBeGreaterThan(0);
    expect(raised.every((s: { classification: string }) => s.classification === "provider")).toBe(true);
  });

  it("raises nothing and marks no report mail for a quiet month", () => {
    const { lines, summary } = scan("quiet-domain-month-of-reports");
    expect(lines.some((l) => l.trace === "notice")).toBe(false);
    expect(summary).toMatchObject({ alert: "none", alertReasons: [] });
    expect(summary.dmarc.reports).toBeGreaterThan(50);
    expect(summary.dmarc.reasons).toEqual([]);
    expect(summary.dmarc.alarmDays).toEqual([]);
  });
});
