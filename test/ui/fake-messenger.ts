// A fake `messenger` for the UI pages, bundled and injected before the page script. It answers the protocol of
// src/shared/protocol.ts like the background page would (state kept across requests), reads the real _locales
// table, and records every request in window.__calls for the tests.
import { formatMessage, type MessageTable } from "../../src/core/i18n";
import { byUrgency, decodingCounts, worstAlert } from "../../src/background/overview";
import { TRACES, type Alert, type AlertCause, type Trace, type Verdict } from "../../src/core/types";
import { recordKind, type AccountState, type BounceRecord, type HistoryScanProgress, type Overview, type Request, type ResponseOf, type Settings } from "../../src/shared/protocol";
import type { ScenarioData } from "./fixtures";

export interface FakeConfig {
  lang: string;
  /** What the person answers when the page asks for optional permissions. */
  grantPermissions: boolean;
  messages: MessageTable;
  data: ScenarioData;
}

declare global {
  interface Window {
    __fakeConfig: FakeConfig;
    __calls: unknown[];
    __background: { arrive(record: BounceRecord): void; changed(): void; finishScan(screened: number): void };
  }
}

const config = window.__fakeConfig;
let records = config.data.records;
let settings: Settings = config.data.settings;
let historyScan: HistoryScanProgress | null = config.data.historyScan ?? null;
let dismissed: typeof records = [];
const resolvedAt = new Map<string, string>(Object.entries(config.data.resolvedAt ?? {}));
const listeners: ((message: unknown) => unknown)[] = [];
window.__calls = [];

function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

function countVerdicts(list: typeof records): Record<Verdict, number> {
  const verdicts: Record<Verdict, number> = { "own-mail": 0, compromise: 0, spoofed: 0, undetermined: 0, "not-bounce": 0 };
  for (const r of list) verdicts[r.judgement.verdict] += 1;
  return verdicts;
}

/** Each account's state as the background would give it: its alerting bounces dated after it was dealt with. */
function accountStates(): AccountState[] {
  const checking = historyScan?.state === "running" && historyScan.first;
  const states = config.data.accounts.map((account): AccountState => {
    const own = records.filter((r) => r.accountId === account.id);
    const resolved = resolvedAt.get(account.id) ?? null;
    const evidence = own.filter((r) => r.alerting && (!resolved || r.report.envelope.date > resolved));
    // DMARC causes stand on the stored reports, not on bounces
    const dmarcCauses = (config.data.causes?.[account.id] ?? []).filter((c) => c.reason.startsWith("dmarc_"));
    const alert: Alert = evidence.some((r) => r.judgement.verdict === "compromise") || dmarcCauses.some((c) => c.reason === "dmarc_volume") ? "compromise"
      : evidence.some((r) => r.judgement.verdict === "spoofed") || dmarcCauses.length > 0 ? "spoofing" : "none";
    const causes: AlertCause[] = alert === "none" ? [] : config.data.causes?.[account.id]
      ?? [alert === "compromise" ? { reason: "compromise_bounce", provider: "", count: evidence.length } : { reason: "spoofed_bounce", provider: "", count: evidence.length }];
    const reasons = causes.map((c) => c.reason);
    const restricted = reasons.some((r) => r.startsWith("restriction"));
    const traces = Object.fromEntries(TRACES.map((trace) => [trace, own.filter((r) => r.judgement.trace === trace).length])) as Record<Trace, number>;
    const dates = evidence.map((r) => r.report.envelope.date).sort();
    return {
      accountId: account.id, name: account.name, addresses: account.addresses,
      state: restricted ? "restricted" : alert !== "none" ? alert : checking ? "checking" : resolved ? "resolved" : "clear",
      alert, reasons, causes, traces, since: dates[0] ?? null, latest: dates[dates.length - 1] ?? null, resolvedAt: resolved,
      unreviewed: evidence.filter((r) => !r.reviewed).length, verdicts: countVerdicts(own),
    };
  });
  return byUrgency(states);
}

function overview(): Overview {
  const daily: Overview["daily"] = [];
  const end = new Date(`${config.data.today}T00:00:00Z`);
  for (let back = 29; back >= 0; back--) {
    const date = new Date(end);
    date.setUTCDate(end.getUTCDate() - back);
    const day = date.toISOString().slice(0, 10);
    const counts = { "own-mail": 0, compromise: 0, spoofed: 0, undetermined: 0 };
    for (const r of records) {
      const v = r.judgement.verdict;
      if (v !== "not-bounce" && dayOf(r.report.envelope.date) === day) counts[v] += 1;
    }
    daily.push({ day, counts });
  }
  const dates = records.map((r) => r.report.envelope.date).sort();
  if (historyScan?.state === "running" && !config.data.historyScan) {
    historyScan = { ...historyScan, examined: Math.min(historyScan.total, historyScan.examined + 300) };
    if (historyScan.examined === historyScan.total) historyScan = { ...historyScan, state: "done", phase: "finished", finishedAt: new Date().toISOString() };
  }
  const accounts = accountStates();
  return {
    alert: worstAlert(accounts), accounts, verdicts: countVerdicts(records),
    unreviewed: accounts.reduce((n, a) => n + a.unreviewed, 0),
    firstSeen: dates[0] ?? null, lastSeen: dates[dates.length - 1] ?? null,
    daily, sentLogSize: 1284, historyScan, storage: config.data.storage ?? { state: "ok", since: null, waiting: 0 },
    sentFolderWarnings: config.data.sentFolderWarnings ?? [], decoding: decodingCounts(records),
  };
}

/** What a test does to the "background": a bounce arrives, or anything else that changes what pages show. */
window.__background = {
  arrive(record: BounceRecord) {
    records = [...records, record];
    for (const listener of listeners) listener({ type: "changed" });
  },
  changed() {
    for (const listener of listeners) listener({ type: "changed" });
  },
  finishScan(screened: number) {
    if (historyScan) historyScan = { ...historyScan, state: "done", phase: "finished", examined: historyScan.total, screened, finishedAt: new Date().toISOString() };
    this.changed();
  },
};

function answer(request: Request): ResponseOf[Request["type"]] {
  switch (request.type) {
    case "getOverview":
      return overview();
    case "listBounces": {
      const found = records
        .filter((r) => !request.accountId || r.accountId === request.accountId)
        .filter((r) => !request.verdicts || request.verdicts.includes(r.judgement.verdict))
        .filter((r) => !request.kinds || request.kinds.some((kind) => kind === recordKind(r)))
        .filter((r) => !request.since || Date.parse(r.report.envelope.date) >= Date.parse(request.since))
        .filter((r) => !request.until || Date.parse(r.report.envelope.date) < Date.parse(request.until))
        .sort((a, b) => b.report.envelope.date.localeCompare(a.report.envelope.date));
      return request.limit ? found.slice(0, request.limit) : found;
    }
    case "markReviewed":
      records = records.map((r) => (request.keys.includes(r.key) ? { ...r, reviewed: request.reviewed } : r));
      return overview();
    case "dismiss":
      dismissed = [...dismissed, ...records.filter((r) => request.keys.includes(r.key))];
      records = records.filter((r) => !request.keys.includes(r.key));
      return overview();
    case "undoDismiss":
      records = [...records, ...dismissed.filter((r) => request.keys.includes(r.key))];
      dismissed = dismissed.filter((r) => !request.keys.includes(r.key));
      return overview();
    case "resolveAccount":
      resolvedAt.set(request.accountId, new Date().toISOString());
      return overview();
    case "getSettings":
      return settings;
    case "saveSettings":
      settings = request.settings;
      return settings;
    case "listAccounts":
      return config.data.accounts;
    case "startHistoryScan":
      historyScan = {
        state: "running", first: false, phase: "messages", examined: 0, total: 1200, screened: 0, folders: { listed: 6, total: 6 }, accounts: 2,
        bouncesFound: 0, since: new Date(Date.now() - 90 * 86400_000).toISOString(), startedAt: new Date().toISOString(), finishedAt: null,
      };
      // Like the background, tell open pages as the check moves on.
      const ticker = setInterval(() => {
        if (historyScan?.state !== "running") clearInterval(ticker);
        window.__background.changed();
      }, 200);
      return historyScan;
    case "cancelHistoryScan":
      if (historyScan) historyScan = { ...historyScan, state: "cancelled", finishedAt: new Date().toISOString() };
      return historyScan;
    case "openReport":
      return null;
    case "getDmarc":
      return config.data.dmarc;
    case "deleteAllData":
      records = [];
      resolvedAt.clear();
      historyScan = null;
      return overview();
  }
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const fake = {
  runtime: {
    async sendMessage(request: Request) {
      window.__calls.push(clone(request));
      await new Promise((resolve) => setTimeout(resolve, 5));
      return clone(answer(request));
    },
    onMessage: {
      addListener(listener: (message: unknown) => unknown) {
        listeners.push(listener);
      },
    },
    async openOptionsPage() {
      window.__calls.push({ type: "openOptionsPage" });
    },
  },
  permissions: {
    async request(permissions: unknown) {
      window.__calls.push({ type: "permissions.request", permissions: clone(permissions) });
      return config.grantPermissions;
    },
  },
  i18n: {
    // Like Firefox: "" for an unknown key, "@@" keys predefined.
    getMessage(key: string, substitutions?: string | string[]): string {
      if (key === "@@bidi_dir") return "ltr";
      if (key === "@@ui_locale") return config.lang;
      if (!config.messages[key]) return "";
      const params = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
      return formatMessage(config.messages, key, params.map(String));
    },
    getUILanguage: () => config.lang,
  },
};

(window as unknown as { messenger: typeof fake }).messenger = fake;
