// The contract between the background page and the UI pages (popup, report, options).
// UI pages never read the background's databases directly: they ask with runtime.sendMessage(request)
// and render the answer. Both sides import these types; tests fake one side with them.
import type { DmarcDay, DmarcReason, DmarcSource } from "../core/dmarc/judge";
import type { SentFolderWarning } from "../core/sentlog";
import type { Alert, AlertCause, AlertReason, BounceReport, Judgement, Trace, Verdict } from "../core/types";

/** One analysed bounce as the UI sees it. `report` and `judgement` are the core's, unchanged. */
export interface BounceRecord {
  /** Stable key: account + Message-ID header (Thunderbird makes one up for mail without; header fields otherwise). */
  key: string;
  /** Thunderbird's numeric message id when the message is still known, for "show message". */
  messageId: number | null;
  accountId: string;
  folderPath: string;
  /** When the add-on analysed it (ISO). The bounce's own date is report.envelope.date. */
  analyzedAt: string;
  report: BounceReport;
  judgement: Judgement;
  reviewed: boolean;
  /** Behind its account's current alert (evidence since the person last said they dealt with it). */
  alerting: boolean;
}

/** When the bounce arrived: its own Date header, or when the add-on analysed it. */
export function bounceDate(record: BounceRecord): string {
  return record.report.envelope.date || record.analyzedAt;
}

/**
 * What a stored record is, as the pages list and filter it: its trace (a bounce, or what it says about the
 * account), or "undecodable" for a message that could not be decoded (`report.error`).
 */
export type RecordKind = Exclude<Trace, "none"> | "undecodable";
export const RECORD_KINDS: readonly RecordKind[] = ["bounce", "restriction", "notice", "complaint", "reply", "lookalike", "undecodable"];

/** The record's kind; null for a decoded message that says nothing about the account (never listed by kind). */
export function recordKind(record: BounceRecord): RecordKind | null {
  if (record.report.error !== undefined) return "undecodable";
  return record.judgement.trace === "none" ? null : record.judgement.trace;
}

/** Decoded only in part: a bound of the decoding was reached (`report.limits`), though something was read. */
export function isPartlyDecoded(record: BounceRecord): boolean {
  return record.report.error === undefined && (record.report.limits?.length ?? 0) > 0;
}

/**
 * The state of one watched account. "checking" while the first look through its history runs and nothing was
 * found yet; "resolved" once the person said they dealt with an alert and nothing new came since.
 */
export type AccountStateKind = "checking" | "clear" | "resolved" | "spoofing" | "compromise" | "restricted";

export interface AccountState {
  accountId: string;
  name: string;
  addresses: string[];
  state: AccountStateKind;
  /** The core's alert from the evidence since `resolvedAt` ("none" for checking, clear and resolved). */
  alert: Alert;
  /** What raised it, strongest first (core AlertReason). */
  reasons: AlertReason[];
  /** The same causes with their provider and count (core alertCauses), for the headline and the provider's steps. */
  causes: AlertCause[];
  /** Messages of this account per trace (core traces), for cautions that raise no alert (look-alikes). */
  traces: Record<Trace, number>;
  /** ISO dates of the first and the latest evidence behind the state; null without an alert. */
  since: string | null;
  latest: string | null;
  /** ISO date when the person said they dealt with the account's last alert, or null. */
  resolvedAt: string | null;
  /** Evidence behind the state that the person has not reviewed yet. */
  unreviewed: number;
  /** Bounces of this account by verdict. */
  verdicts: Record<Verdict, number>;
}

/** The account as the person knows it: its name, and its address when the name is not the address. */
export function accountLabel(account: Pick<AccountState, "name" | "addresses">): string {
  const address = account.addresses[0] ?? "";
  if (!address || account.name.toLowerCase() === address) return account.name || address;
  return `${account.name} <${address}>`;
}

export interface Overview {
  /** The worst alert among the watched accounts. */
  alert: Alert;
  /** Watched accounts, the most urgent first. */
  accounts: AccountState[];
  verdicts: Record<Verdict, number>;
  /** Suspicious (compromise, or spoofed/undetermined part of an alert) and not yet reviewed. */
  unreviewed: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Bounces per day for the last 30 days, oldest first: { day: "YYYY-MM-DD", counts per verdict }. */
  daily: { day: string; counts: Record<Exclude<Verdict, "not-bounce">, number> }[];
  sentLogSize: number;
  historyScan: HistoryScanProgress | null;
  /** Whether results can be kept: the pages show a warning unless `storage.state` is "ok". */
  storage: StorageHealth;
  /** Sent folders of watched accounts that list messages, yet not one sent message could be read from them. */
  sentFolderWarnings: (SentFolderWarning & { accountId: string })[];
  /** Shown records that could not be decoded at all (`report.error`), and those decoded only in part (`report.limits`). */
  decoding: { undecodable: number; partial: number };
}

/**
 * The add-on's database as this page load finds it. "full": the disk or the storage quota is full, so new
 * results cannot be kept; "failing": writes fail for another reason (aborted transactions). Nothing is lost
 * meanwhile: what could not be kept is looked at again once writes succeed.
 */
export interface StorageHealth {
  state: "ok" | "full" | "failing";
  /** ISO time of the first failed write since the last one that succeeded; null when "ok". */
  since: string | null;
  /** Messages looked at whose results are waiting to be kept. */
  waiting: number;
}

export interface HistoryScanProgress {
  state: "running" | "done" | "cancelled" | "failed";
  /** The first check after installing (the accounts show "checking" while it runs). */
  first: boolean;
  /** What it does now: listing folders and counting their messages, reading the Sent log, screening messages. */
  phase: "folders" | "sent" | "messages" | "finished";
  /**
   * Messages looked at (Sent log entries read, messages screened or skipped as older than the period) of `total`:
   * the message counts of every watched folder, known once the folders are listed.
   */
  examined: number;
  total: number;
  /** Messages dated within the period that were screened (what "checked N messages" reports). */
  screened: number;
  folders: { listed: number; total: number };
  accounts: number;
  bouncesFound: number;
  /** ISO start of the period looked through. */
  since: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface Settings {
  /** Account ids to watch; empty means all accounts. */
  accounts: string[];
  extraAddresses: string[];
  extraDomains: string[];
  knownRelays: string[];
  historyDays: number;
  notify: boolean;
  /** Off by default: the add-on changes nothing in the user's mail unless asked. */
  tagSuspicious: boolean;
  retentionDays: number;
}

export const DEFAULT_SETTINGS: Settings = {
  accounts: [],
  extraAddresses: [],
  extraDomains: [],
  knownRelays: [],
  historyDays: 90,
  notify: true,
  tagSuspicious: false,
  retentionDays: 365,
};

/** One account's DMARC aggregate reports as the report page shows them (core DmarcAssessment, sets left out). */
export interface DmarcView {
  accountId: string;
  name: string;
  reports: number;
  domains: string[];
  reasons: DmarcReason[];
  /** Report days, per domain, oldest first: messages by source class and the person's own sending. */
  days: DmarcDay[];
  /** Sources, the ones behind a reason first, then by messages. */
  sources: DmarcSource[];
}

export type Request =
  | { type: "getOverview" }
  | { type: "listBounces"; verdicts?: Verdict[]; kinds?: RecordKind[]; since?: string; until?: string; limit?: number; accountId?: string }
  | { type: "markReviewed"; keys: string[]; reviewed: boolean }
  | { type: "dismiss"; keys: string[] }
  | { type: "undoDismiss"; keys: string[] }
  | { type: "resolveAccount"; accountId: string }
  | { type: "getSettings" }
  | { type: "saveSettings"; settings: Settings }
  | { type: "listAccounts" }
  | { type: "startHistoryScan"; days?: number }
  | { type: "cancelHistoryScan" }
  | { type: "openReport" }
  | { type: "deleteAllData" }
  | { type: "getDmarc" };

export interface AccountSummary {
  id: string;
  name: string;
  addresses: string[];
}

/** What the background answers to each request type. */
export interface ResponseOf {
  getOverview: Overview;
  listBounces: BounceRecord[];
  markReviewed: Overview;
  dismiss: Overview;
  undoDismiss: Overview;
  resolveAccount: Overview;
  getSettings: Settings;
  saveSettings: Settings;
  listAccounts: AccountSummary[];
  startHistoryScan: HistoryScanProgress;
  cancelHistoryScan: HistoryScanProgress | null;
  openReport: null;
  deleteAllData: Overview;
  getDmarc: DmarcView[];
}

/**
 * Sent by the background with runtime.sendMessage to every open UI page whenever what they show may have
 * changed (new or re-judged bounces, settings, history-scan progress). Pages ask again with the requests
 * above; they must not answer it (return nothing from their onMessage listener).
 */
export interface ChangedNotice {
  type: "changed";
}

/**
 * Optional permissions for Settings.tagSuspicious. The options page asks for them with
 * permissions.request(TAGGING_PERMISSIONS) when the person turns tagging on (a user action is needed);
 * without them the background tags nothing.
 */
export const TAGGING_PERMISSIONS = { permissions: ["messagesUpdate", "messagesTags"] };
