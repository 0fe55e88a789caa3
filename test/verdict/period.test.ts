// The period of a mailbox and of an export past the number of arguments a call can take (~130k), where
// Math.min(...times) threw a RangeError: first and last dates are found wherever they lie in the list.
// (Judging 200k bounces takes tens of seconds on a loaded machine, hence the long timeouts; no time is asserted.)
import { describe, expect, it } from "vitest";
import { extent } from "../../src/core/extent";
import { SentLog } from "../../src/core/sentlog";
import { assessMailbox } from "../../src/core/verdict/assess";
import { exportJson } from "../../src/ui/export";
import type { BounceRecord } from "../../src/shared/protocol";
import { bounce } from "./build";

const SIZE = 200_000;
const START = Date.parse("2026-09-01T00:00:00.000Z");
const HOUR = 3600 * 1000;
/** Hours after START, shuffled so that the earliest and latest sit in the middle of the list. */
const hours = Array.from({ length: SIZE }, (_, i) => (i * 7919) % SIZE);
const FIRST = new Date(START).toISOString();
const LAST = new Date(START + (SIZE - 1) * HOUR).toISOString();

describe("period of many bounces", () => {
  it("extent finds the least and greatest of 200k numbers, and null for none", () => {
    const times = hours.map((h) => START + h * HOUR);
    expect(() => Math.min(...times)).toThrow(RangeError);
    expect(extent(times)).toEqual({ min: START, max: START + (SIZE - 1) * HOUR });
    expect(extent([])).toBeNull();
    expect(extent([-5])).toEqual({ min: -5, max: -5 });
  });

  it("assessMailbox dates the first and last of 200k bounces", () => {
    const reports = hours.map((h) => bounce({ date: new Date(START + h * HOUR).toISOString(), recipients: [`r${h}@example.org`] }));
    const assessment = assessMailbox(reports, new SentLog(), { addresses: ["emma@brightleaf-garden.example.com"] });
    expect(assessment.firstSeen).toBe(FIRST);
    expect(assessment.lastSeen).toBe(LAST);
  }, 300_000);

  it("the JSON export gives the period of 200k records", () => {
    const report = bounce({});
    const records: BounceRecord[] = hours.map((h) => ({
      key: `k${h}`, messageId: null, accountId: "a", folderPath: "/Inbox", analyzedAt: FIRST, reviewed: false, alerting: false,
      report: { ...report, recipients: [], envelope: { ...report.envelope, headers: [], date: new Date(START + h * HOUR).toISOString() } },
      judgement: { verdict: "undetermined", risk: 0, evidence: [], trace: "bounce" },
    }));
    const overview = { alert: "none", verdicts: {}, firstSeen: FIRST, lastSeen: LAST } as never;
    const json = JSON.parse(exportJson({ overview, accounts: [], records, generatedAt: LAST })) as { period: unknown };
    expect(json.period).toEqual({ first: FIRST, last: LAST });
  }, 300_000);
});
