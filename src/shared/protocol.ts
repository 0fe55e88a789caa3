// The contract between the background page and the UI pages (popup, report, options).
// UI pages never read the background's databases directly: they ask with runtime.sendMessage(request)
// and render the answer. Both sides import these types; tests fake one side with them.
import type { Alert, BounceReport, Judgement, Verdict } from "../core/types";

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
}

/** When the bounce arrived: its own Date header, or when the add-on analysed it. */
export function bounceDate(record: BounceRecord): string {
  return record.report.envelope.date || record.analyzedAt;
}

export interface Overview {
  alert: Alert;
  verdicts: Record<Verdict, number>;
  /** Suspicious (compromise, or spoofed/undetermined part of an alert) and not yet reviewed. */
  unreviewed: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Bounces per day for the last 30 days, oldest first: { day: "YYYY-MM-DD", counts per verdict }. */
  daily: { day: string; counts: Record<Exclude<Verdict, "not-bounce">, number> }[];
  sentLogSize: number;
  historyScan: HistoryScanProgress | null;
}

export interface HistoryScanProgress {
  state: "running" | "done" | "cancelled" | "failed";
  examined: number;
  total: number;
  bouncesFound: number;
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

export type Request =
  | { type: "getOverview" }
  | { type: "listBounces"; verdicts?: Verdict[]; since?: string; until?: string; limit?: number }
  | { type: "markReviewed"; keys: string[]; reviewed: boolean }
  | { type: "dismiss"; keys: string[] }
  | { type: "getSettings" }
  | { type: "saveSettings"; settings: Settings }
  | { type: "listAccounts" }
  | { type: "startHistoryScan"; days?: number }
  | { type: "cancelHistoryScan" }
  | { type: "openReport" }
  | { type: "deleteAllData" };

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
  getSettings: Settings;
  saveSettings: Settings;
  listAccounts: AccountSummary[];
  startHistoryScan: HistoryScanProgress;
  cancelHistoryScan: HistoryScanProgress | null;
  openReport: null;
  deleteAllData: Overview;
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
