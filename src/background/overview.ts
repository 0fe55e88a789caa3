// Per-account states (protocol AccountState) from the core's assessment of each account, and the UI's summary
// of the stored bounces (protocol Overview).
import { TRACES, type Alert, type AlertReason, type MailboxAssessment, type Trace, type Verdict } from "../core/types";
import { extent } from "../core/extent";
import { reportKey } from "../core/dmarc/judge";
import type { AggregateReport } from "../core/dmarc/types";
import {
  bounceDate, isPartlyDecoded, type AccountState, type AccountStateKind, type BounceRecord, type HistoryScanProgress, type Overview,
  type StorageHealth,
} from "../shared/protocol";
import type { WatchedAccount } from "./folders";

/** How urgent a state is: a notification goes out when an account's rank rises. */
const STATE_RANK: Record<AccountStateKind, number> = { checking: 0, clear: 0, resolved: 0, spoofing: 1, compromise: 2, restricted: 3 };

export function stateRank(state: AccountStateKind): number {
  return STATE_RANK[state];
}

/**
 * A cause is the person's provider restricting their sending when its name says so ("restriction…", the
 * reasons of provider blocks and sending limits); the state model reads the reasons as data, so causes the
 * core adds later need no change here.
 */
export function isRestrictionReason(reason: AlertReason): boolean {
  return reason.startsWith("restriction");
}

/** What the person remembers about an account across reassessments: kept in meta "accountMemory". */
export interface AccountMemory {
  /** Epoch ms when they said they dealt with its alert; evidence dated after it raises the alert again. */
  resolvedAt: number | null;
  /** Rank of the state last notified (or reached): a higher rank notifies again. */
  notifiedRank: number;
}

export const NEW_ACCOUNT: AccountMemory = { resolvedAt: null, notifiedRank: 0 };

export function bounceTime(record: BounceRecord): number {
  const time = Date.parse(bounceDate(record));
  return Number.isFinite(time) ? time : 0;
}

function countVerdicts(records: readonly BounceRecord[]): Record<Verdict, number> {
  const verdicts: Record<Verdict, number> = { "own-mail": 0, compromise: 0, spoofed: 0, undetermined: 0, "not-bounce": 0 };
  for (const record of records) verdicts[record.judgement.verdict]++;
  return verdicts;
}

function kindOf(alert: Alert, reasons: readonly AlertReason[], memory: AccountMemory): AccountStateKind {
  if (reasons.some(isRestrictionReason)) return "restricted";
  if (alert !== "none") return alert;
  return memory.resolvedAt !== null ? "resolved" : "clear";
}

/**
 * One account's state once judged (while the first check runs it is unjudgedState's "checking"). `records` are
 * its bounces (with `alerting` already set from the assessment) in the order the assessment judged them;
 * `reports` its DMARC aggregate reports that may raise the alert. Since when and the latest evidence: the
 * dates of the bounces behind the alert, and the periods of the reports behind its DMARC reasons.
 */
export function accountState(
  account: WatchedAccount, records: readonly BounceRecord[], assessment: MailboxAssessment, memory: AccountMemory,
  reports: readonly AggregateReport[],
): AccountState {
  const evidence = assessment.alertReports.map((i) => records[i]!);
  const reasons = new Set<string>(assessment.alertReasons);
  const raising = new Set(Object.entries(assessment.dmarc.raising).flatMap(([reason, keys]) => (reasons.has(reason) ? [...keys] : [])));
  const periods = reports.filter((r) => raising.has(reportKey(r))).flatMap((r) => [r.begin * 1000, r.end * 1000]);
  const span = extent([...evidence.map(bounceTime).filter((t) => t > 0), ...periods]);
  const iso = (t: number) => new Date(t).toISOString();
  return {
    accountId: account.id,
    name: account.name,
    addresses: account.addresses,
    state: kindOf(assessment.alert, assessment.alertReasons, memory),
    alert: assessment.alert,
    reasons: assessment.alertReasons,
    causes: assessment.alertCauses,
    traces: assessment.traces,
    since: span ? iso(span.min) : null,
    latest: span ? iso(span.max) : null,
    resolvedAt: memory.resolvedAt === null ? null : iso(memory.resolvedAt),
    unreviewed: evidence.filter((r) => !r.reviewed).length,
    verdicts: countVerdicts(records),
  };
}

function noTraces(): Record<Trace, number> {
  return Object.fromEntries(TRACES.map((t) => [t, 0])) as Record<Trace, number>;
}

/** An account not judged yet (just added, or the first check has not judged anything yet). */
export function unjudgedState(account: WatchedAccount, checking: boolean): AccountState {
  return {
    accountId: account.id, name: account.name, addresses: account.addresses, state: checking ? "checking" : "clear",
    alert: "none", reasons: [], causes: [], traces: noTraces(), since: null, latest: null, resolvedAt: null, unreviewed: 0,
    verdicts: countVerdicts([]),
  };
}

/** The most urgent first; among equals, the latest evidence first, then the accounts' own order. */
export function byUrgency(states: readonly AccountState[]): AccountState[] {
  return states
    .map((state, order) => ({ state, order }))
    .sort((a, b) => stateRank(b.state.state) - stateRank(a.state.state)
      || Date.parse(b.state.latest ?? "0") - Date.parse(a.state.latest ?? "0")
      || a.order - b.order)
    .map((x) => x.state);
}

const ALERT_RANK: Record<Alert, number> = { none: 0, spoofing: 1, compromise: 2 };

export function worstAlert(states: readonly AccountState[]): Alert {
  return states.reduce<Alert>((worst, s) => (ALERT_RANK[s.alert] > ALERT_RANK[worst] ? s.alert : worst), "none");
}

const DAY_MS = 24 * 3600 * 1000;

function emptyCounts(): Record<Exclude<Verdict, "not-bounce">, number> {
  return { "own-mail": 0, compromise: 0, spoofed: 0, undetermined: 0 };
}

/** Records that could not be decoded at all, and those decoded only in part (Overview.decoding). */
export function decodingCounts(records: readonly BounceRecord[]): Overview["decoding"] {
  let undecodable = 0;
  let partial = 0;
  for (const record of records) {
    if (record.report.error !== undefined) undecodable++;
    else if (isPartlyDecoded(record)) partial++;
  }
  return { undecodable, partial };
}

/** The overview of the watched accounts: `records` are their bounces only (unwatched accounts and dismissed bounces left out). */
export function buildOverview(
  records: readonly BounceRecord[], states: readonly AccountState[], sentLogSize: number,
  historyScan: HistoryScanProgress | null, storage: StorageHealth,
  sentFolderWarnings: Overview["sentFolderWarnings"], now: number,
): Overview {
  const verdicts = countVerdicts(records);
  const today = Math.floor(now / DAY_MS);
  const daily = Array.from({ length: 30 }, (_, i) => ({
    day: new Date((today - 29 + i) * DAY_MS).toISOString().slice(0, 10),
    counts: emptyCounts(),
  }));
  let firstSeen: string | null = null;
  let lastSeen: string | null = null;
  for (const record of records) {
    const verdict = record.judgement.verdict;
    if (verdict === "not-bounce") continue;
    const date = bounceDate(record);
    const time = Date.parse(date);
    if (firstSeen === null || time < Date.parse(firstSeen)) firstSeen = date;
    if (lastSeen === null || time > Date.parse(lastSeen)) lastSeen = date;
    const index = Math.floor(time / DAY_MS) - (today - 29);
    if (index >= 0 && index < 30) daily[index]!.counts[verdict]++;
  }
  const accounts = byUrgency(states);
  return {
    alert: worstAlert(accounts), accounts, verdicts,
    unreviewed: accounts.reduce((n, s) => n + s.unreviewed, 0),
    firstSeen, lastSeen, daily, sentLogSize, historyScan, storage, sentFolderWarnings, decoding: decodingCounts(records),
  };
}
