// DMARC aggregate reports in the background: which messages to download for them (by header, before any
// download), and their store (db.ts "dmarcReports"): one record per account + reporter + Report-ID, so a
// resent report is kept once, pruned with the bounces' retention.
import type { AggregateReport } from "../core/dmarc/types";
import { reportKey } from "../core/dmarc/judge";
import { done, transact } from "./db";
import type { MessageHeader } from "./host";

/** More reports than this per profile are not kept (the oldest go first): a year of ten reporters a day is 3,650. */
export const MAX_STORED_REPORTS = 20_000;

/** Report subjects (RFC 7489 §7.2.1.1 "Report Domain: … Submitter: … Report-ID: …") and DMARC senders. */
const SUBJECT_HINT = /\breport[\s-]*domain\s*:|\breport-id\s*:|\bdmarc\b/i;
const AUTHOR_HINT = /dmarc/i;
const MAX_FIELD = 300;

/**
 * True when a message may be a DMARC aggregate report and is worth downloading: its subject or its author
 * says so. Thunderbird's MessageHeader carries no attachment names; the core decides from the attachments.
 */
export function isAggregateReportCandidate(header: Pick<MessageHeader, "author" | "subject">): boolean {
  return SUBJECT_HINT.test(header.subject.slice(0, MAX_FIELD)) || AUTHOR_HINT.test(header.author.slice(0, MAX_FIELD));
}

export interface StoredAggregateReport extends AggregateReport {
  /** account + reporter + Report-ID */
  key: string;
  accountId: string;
}

/** Stores reports not stored before (the first copy of a report counts); returns how many were new. */
export async function saveAggregateReports(db: IDBDatabase, accountId: string, reports: readonly AggregateReport[]): Promise<number> {
  if (reports.length === 0) return 0;
  return transact(db, ["dmarcReports"], "readwrite", async (tx) => {
    const store = tx.objectStore("dmarcReports");
    let added = 0;
    for (const report of reports) {
      const key = `${accountId}|${reportKey(report)}`;
      if ((await done(store.getKey(key))) !== undefined) continue;
      store.put({ ...report, key, accountId } satisfies StoredAggregateReport);
      added++;
    }
    return added;
  });
}

export function storedAggregateReports(db: IDBDatabase): Promise<StoredAggregateReport[]> {
  return transact(db, ["dmarcReports"], "readonly", (tx) => done(tx.objectStore("dmarcReports").getAll()) as Promise<StoredAggregateReport[]>);
}

/** Retention: drops reports whose period ended before `cutoff` (epoch ms), and beyond `max` the oldest. */
export async function pruneAggregateReports(db: IDBDatabase, cutoff: number, max = MAX_STORED_REPORTS): Promise<void> {
  const reports = (await storedAggregateReports(db)).sort((a, b) => b.end - a.end);
  const dropped = reports.filter((r, i) => i >= max || r.end * 1000 < cutoff).map((r) => r.key);
  if (dropped.length === 0) return;
  await transact(db, ["dmarcReports"], "readwrite", (tx) => {
    const store = tx.objectStore("dmarcReports");
    for (const key of dropped) store.delete(key);
  });
}
