// The UI's summary of the stored bounces (protocol Overview), and which bounces count as suspicious.
import type { Alert, Verdict } from "../core/types";
import { bounceDate, type BounceRecord, type HistoryScanProgress, type Overview } from "../shared/protocol";

const ALERT_RANK: Record<Alert, number> = { none: 0, spoofing: 1, compromise: 2 };

export function alertRose(from: Alert, to: Alert): boolean {
  return ALERT_RANK[to] > ALERT_RANK[from];
}

/** Compromise bounces always; spoofed ones while they make an alert; undetermined ones only as part of a compromise alert (a burst). */
export function isSuspicious(verdict: Verdict, alert: Alert): boolean {
  if (verdict === "compromise") return true;
  if (verdict === "spoofed") return alert !== "none";
  if (verdict === "undetermined") return alert === "compromise";
  return false;
}

export function unreviewedCount(records: readonly BounceRecord[], alert: Alert): number {
  return records.filter((r) => !r.reviewed && isSuspicious(r.judgement.verdict, alert)).length;
}

const DAY_MS = 24 * 3600 * 1000;

function emptyCounts(): Record<Exclude<Verdict, "not-bounce">, number> {
  return { "own-mail": 0, compromise: 0, spoofed: 0, undetermined: 0 };
}

export function buildOverview(
  records: readonly BounceRecord[], alert: Alert, sentLogSize: number, historyScan: HistoryScanProgress | null, now: number,
): Overview {
  const verdicts: Record<Verdict, number> = { "own-mail": 0, compromise: 0, spoofed: 0, undetermined: 0, "not-bounce": 0 };
  const today = Math.floor(now / DAY_MS);
  const daily = Array.from({ length: 30 }, (_, i) => ({
    day: new Date((today - 29 + i) * DAY_MS).toISOString().slice(0, 10),
    counts: emptyCounts(),
  }));
  let firstSeen: string | null = null;
  let lastSeen: string | null = null;
  for (const record of records) {
    const verdict = record.judgement.verdict;
    verdicts[verdict]++;
    if (verdict === "not-bounce") continue;
    const date = bounceDate(record);
    const time = Date.parse(date);
    if (firstSeen === null || time < Date.parse(firstSeen)) firstSeen = date;
    if (lastSeen === null || time > Date.parse(lastSeen)) lastSeen = date;
    const index = Math.floor(time / DAY_MS) - (today - 29);
    if (index >= 0 && index < 30) daily[index]!.counts[verdict]++;
  }
  return {
    alert, verdicts, unreviewed: unreviewedCount(records, alert), firstSeen, lastSeen, daily, sentLogSize, historyScan,
  };
}
