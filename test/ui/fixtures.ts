// Realistic background answers for the UI tests: the demo persona's mailbox in each alert state, plus hostile data.
// Dates are fixed so screenshots are stable; the 30-day window ends on TODAY.
import type { Alert, AlertCause, BounceReport, Evidence, HeaderField, Judgement, Reason, Trace, Verdict } from "../../src/core/types";
import type { AccountSummary, BounceRecord, DmarcView, HistoryScanProgress, Overview, Settings } from "../../src/shared/protocol";
import { DEFAULT_SETTINGS } from "../../src/shared/protocol";
import type { AggregateReport, AggregateSource } from "../../src/core/dmarc/types";
import { SentLog } from "../../src/core/sentlog";
import { assessMailbox } from "../../src/core/verdict/assess";

export const TODAY = "2025-11-20";
export const ME = "takahashi@marukawa-seika.example.co.jp";
const PROVIDER_SMTP = "smtp.mail-provider.example.net";

export interface ScenarioData {
  /** The worst alert the mailbox shows (the fake derives each account's from its records). */
  alert: Alert;
  records: BounceRecord[];
  settings: Settings;
  accounts: AccountSummary[];
  today: string;
  /** A history check as the background reports it (fixed: it does not move on). */
  historyScan?: HistoryScanProgress;
  /** Accounts the person said they dealt with, and when (ISO). */
  resolvedAt?: Record<string, string>;
  /** The core's alert causes per account, where they are not just the verdicts' (e.g. a provider's restriction). */
  causes?: Record<string, AlertCause[]>;
  /** What getDmarc answers. */
  dmarc: DmarcView[];
  /** The storage health and Sent-folder warnings the overview reports (ok and none by default). */
  storage?: Overview["storage"];
  sentFolderWarnings?: Overview["sentFolderWarnings"];
}

export type ScenarioName =
  | "all-clear" | "spoofing" | "compromise" | "empty" | "hostile" | "checking" | "first-result" | "resolved" | "restricted"
  | "two-accounts" | "lookalike" | "dmarc-hijack" | "traces";

interface BounceSpec {
  verdict: Verdict;
  daysAgo: number;
  hour: number;
  to: string;
  subject: string;
  reason: Reason;
  status: string;
  diagnostic: string;
  from?: string;
  received?: string[];
  evidence: Evidence[];
  reviewed?: boolean;
  accountId?: string;
  /** The trace when it is not the verdict's plain one (a provider's restriction on the person's own mail). */
  trace?: Trace;
  provider?: string;
}

let serial = 0;

function isoDaysAgo(daysAgo: number, hour: number): string {
  const date = new Date(`${TODAY}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - daysAgo);
  date.setUTCHours(hour, 17 + (serial % 40), 0, 0);
  return date.toISOString();
}

function record(spec: BounceSpec): BounceRecord {
  serial += 1;
  const date = isoDaysAgo(spec.daysAgo, spec.hour);
  const messageId = `${serial.toString(16)}.${spec.verdict}@${spec.verdict === "own-mail" ? "marukawa-seika.example.co.jp" : "mail.example"}`;
  const from = spec.from ?? ME;
  const headers: HeaderField[] = [
    ...(spec.received ?? []).map((value): HeaderField => ["Received", value]),
    ["From", from],
    ["To", spec.to],
    ["Subject", spec.subject],
    ["Date", new Date(date).toUTCString()],
    ["Message-ID", `<${messageId}>`],
    ["Return-Path", `<${ME}>`],
  ];
  const report: BounceReport = {
    isBounce: true,
    kind: "failed",
    recipients: [{
      address: spec.to, action: "failed", status: spec.status, replyCode: spec.status.startsWith("5") ? "550" : "451",
      reason: spec.reason, hardBounce: spec.status.startsWith("5"), diagnosticCode: spec.diagnostic,
    }],
    original: { messageId, from, to: [spec.to], returnPath: ME, subject: spec.subject, date, headers },
    reportingMta: spec.verdict === "compromise" ? PROVIDER_SMTP : "mx.recipient.example",
    decoder: spec.verdict === "compromise" ? "qmail" : "rfc3464",
    envelope: {
      messageId: `bounce-${serial}@mx.example`,
      from: "MAILER-DAEMON@mx.example",
      subject: spec.verdict === "compromise" ? "failure notice" : "Undelivered Mail Returned to Sender",
      date,
      headers: [["Received", `from mx.example by mx.marukawa-seika.example.co.jp; ${new Date(date).toUTCString()}`]],
    },
  };
  const risk = { compromise: 92, spoofed: 18, undetermined: 50, "own-mail": 3, "not-bounce": 0 }[spec.verdict];
  const judgement: Judgement = {
    verdict: spec.verdict, risk, evidence: spec.evidence, trace: spec.trace ?? (spec.verdict === "not-bounce" ? "none" : "bounce"),
    ...(spec.provider ? { provider: spec.provider } : {}),
  };
  return {
    key: `${spec.accountId ?? "account1"}:${messageId}`, messageId: 1000 + serial, accountId: spec.accountId ?? "account1", folderPath: "/Inbox",
    analyzedAt: date, report, judgement, reviewed: spec.reviewed ?? false, alerting: spec.verdict !== "own-mail" || spec.trace === "restriction",
  };
}

/** Microsoft's 5.1.8 for the person's own next mail: own mail, and a restriction of the account. */
const microsoftBlock = (daysAgo: number): BounceSpec => ({
  verdict: "own-mail", daysAgo, hour: 10, to: "yamada@customer.example.com", subject: "Re: お見積りの件", reason: "rejected", status: "5.1.8",
  diagnostic: "550 5.1.8 Access denied, bad outbound sender. For more information please go to http://go.microsoft.example.com/fwlink/?LinkId=526653",
  trace: "restriction", provider: "microsoft365",
  evidence: [
    { signal: "restriction_ban", weight: 0, params: ["550 5.1.8 Access denied, bad outbound sender. For more information please go to …"] },
    { signal: "sent_message_id", weight: -100, params: [`${daysAgo}.reply@marukawa-seika.example.co.jp`, isoDaysAgo(daysAgo, 9)] },
  ],
});

/** A phishing mail worded like Microsoft's alert, from a look-alike domain: trace lookalike, no alert; its link is only text. */
function lookalikeRecord(daysAgo: number): BounceRecord {
  serial += 1;
  const date = isoDaysAgo(daysAgo, 7);
  const from = "no-reply@secure-m365-alerts.example.net";
  const report: BounceReport = {
    isBounce: false, kind: "none", recipients: [], original: null, reportingMta: "", decoder: "",
    excerpt: "Your mailbox is restricted from sending email. Restore access now: https://secure-m365-alerts.example.net/restore?u=takahashi",
    envelope: {
      messageId: `ph-${serial}@secure-m365-alerts.example.net`, from, subject: "User restricted from sending email", date,
      headers: [["From", `Microsoft 365 Admin <${from}>`], ["Subject", "User restricted from sending email"]],
    },
  };
  const judgement: Judgement = {
    verdict: "not-bounce", risk: 0, trace: "lookalike", provider: "microsoft365",
    evidence: [{ signal: "lookalike", weight: 0, params: [from] }],
  };
  return {
    key: `account1:${report.envelope.messageId}`, messageId: 1000 + serial, accountId: "account1", folderPath: "/Inbox",
    analyzedAt: date, report, judgement, reviewed: false, alerting: false,
  };
}

/** Mail-derived text that must stay text: a link and a script in a subject and a sender's name. */
export const HOSTILE_LINK = `<a href="https://evil.example/login">Confirm your account</a><script>window.__pwned=6</script>`;

interface TraceSpec {
  trace: "notice" | "complaint" | "reply" | "lookalike";
  daysAgo: number;
  from: string;
  subject: string;
  evidence: Evidence[];
  kind?: BounceReport["kind"];
  alerting?: boolean;
}

/** A non-bounce that says something about the account (a provider's notice, a complaint, a reply, a look-alike). */
function traceRecord(spec: TraceSpec): BounceRecord {
  serial += 1;
  const date = isoDaysAgo(spec.daysAgo, 8);
  const report: BounceReport = {
    isBounce: false, kind: spec.kind ?? "none", recipients: [], original: null, reportingMta: "", decoder: "",
    envelope: {
      messageId: `${spec.trace}-${serial}@mail.example`, from: spec.from, subject: spec.subject, date,
      headers: [["From", spec.from], ["Subject", spec.subject]],
    },
  };
  const judgement: Judgement = { verdict: "not-bounce", risk: 0, trace: spec.trace, evidence: spec.evidence,
    ...(spec.trace === "notice" || spec.trace === "lookalike" ? { provider: "microsoft365" } : {}) };
  return {
    key: `account1:${report.envelope.messageId}`, messageId: 1000 + serial, accountId: "account1", folderPath: "/Inbox",
    analyzedAt: date, report, judgement, reviewed: false, alerting: spec.alerting ?? spec.trace !== "lookalike",
  };
}

/** A message the decoding could not finish: no recipient read before its time budget ran out. */
function undecodableRecord(daysAgo: number): BounceRecord {
  serial += 1;
  const date = isoDaysAgo(daysAgo, 6);
  const report: BounceReport = {
    isBounce: false, kind: "none", recipients: [], original: null, reportingMta: "", decoder: "",
    error: "could not fully decode (too large or complex): the time budget ran out while reading the MIME parts",
    limits: ["mime_parts", "time_budget"],
    envelope: { messageId: `big-${serial}@mx.example`, from: "MAILER-DAEMON@mx.example", subject: "Undelivered Mail Returned to Sender", date, headers: [] },
  };
  return {
    key: `account1:${report.envelope.messageId}`, messageId: 1000 + serial, accountId: "account1", folderPath: "/Inbox",
    analyzedAt: date, report, judgement: { verdict: "not-bounce", risk: 0, evidence: [], trace: "none" }, reviewed: false, alerting: false,
  };
}

function tracesRecords(): BounceRecord[] {
  const partial = record(compromise(1, 6, "h.mori@example.jp", "【重要】アカウント確認のお願い"));
  partial.report.limits = ["recipients"];
  return [
    ...ownMailSpecs().slice(0, 2).map(record),
    ...compromiseSpecs().slice(0, 2).map(record),
    partial,
    traceRecord({ trace: "notice", daysAgo: 1, from: "o365mc@microsoft.example.com", subject: "User restricted from sending email",
      evidence: [{ signal: "notice_authenticated", weight: 0, params: ["mx.marukawa-seika.example.co.jp", "microsoft.example.com"] }] }),
    traceRecord({ trace: "complaint", daysAgo: 2, kind: "feedback", from: "abuse@isp.example", subject: `Complaint: ${HOSTILE_LINK}`,
      evidence: [{ signal: "complaint_not_sent", weight: 40, params: [HOSTILE_LINK] }] }),
    traceRecord({ trace: "reply", daysAgo: 3, kind: "autoreply", from: `${HOSTILE_LINK} <stranger@example.org>`, subject: "Automatic reply: Unpaid invoice",
      evidence: [{ signal: "reply_unknown", weight: 10, params: ["stranger@example.org", "Unpaid invoice"] }] }),
    traceRecord({ trace: "lookalike", daysAgo: 4, from: "no-reply@secure-m365-alerts.example.net", subject: "User restricted from sending email",
      evidence: [{ signal: "lookalike", weight: 0, params: ["no-reply@secure-m365-alerts.example.net"] }] }),
    record(microsoftBlock(5)),
    undecodableRecord(2),
  ];
}

const ownMail = (daysAgo: number, to: string, reason: Reason, diagnostic: string): BounceSpec => ({
  verdict: "own-mail", daysAgo, hour: 9, to, subject: "丸川製菓 ニュースレター 11月号 / Marukawa Seika newsletter", reason,
  status: reason === "mailboxfull" ? "4.2.2" : "5.1.1", diagnostic,
  received: [`from [192.0.2.10] by ${PROVIDER_SMTP} with ESMTPSA`],
  evidence: [
    { signal: "sent_message_id", weight: -60, params: [`${daysAgo}.newsletter@marukawa-seika.example.co.jp`, isoDaysAgo(daysAgo, 8)] },
    { signal: "dkim_own_domain", weight: -15, params: ["marukawa-seika.example.co.jp"] },
  ],
});

const spoofed = (daysAgo: number, to: string, subject: string, ip: string): BounceSpec => ({
  verdict: "spoofed", daysAgo, hour: 3 + (daysAgo % 5), to, subject, reason: "userunknown", status: "5.1.1",
  diagnostic: `550 5.1.1 <${to}>: Recipient address rejected: User unknown`,
  received: [`from unknown (HELO ${ip}) ([${ip}]) by relay.${to.split("@")[1]}`],
  evidence: [
    { signal: "not_in_sent", weight: 10, params: [`${ip}.${daysAgo}@mail.example`] },
    { signal: "chain_entry_unrelated", weight: -45, params: [ip] },
    { signal: "message_id_foreign", weight: -15, params: [`${ip}.${daysAgo}@mail.example`] },
  ],
});

const compromise = (daysAgo: number, hour: number, to: string, subject: string): BounceSpec => ({
  verdict: "compromise", daysAgo, hour, to, subject, reason: "userunknown", status: "5.1.1",
  diagnostic: `Sorry, I wasn't able to establish an SMTP connection. (#4.4.1) ${to}: 550 5.1.1 user unknown`,
  received: [`from [203.0.113.45] (authenticated user ${ME}) by ${PROVIDER_SMTP} with ESMTPSA`],
  evidence: [
    { signal: "auth_submission_own", weight: 55, params: [ME, PROVIDER_SMTP] },
    { signal: "not_in_sent", weight: 20, params: [`${hour}.${daysAgo}@marukawa-seika.example.co.jp`] },
    { signal: "burst", weight: 15, params: ["37"] },
  ],
});

const undetermined = (daysAgo: number): BounceSpec => ({
  verdict: "undetermined", daysAgo, hour: 14, to: "info@shop.example", subject: "", reason: "undefined", status: "5.0.0",
  diagnostic: "550 Message rejected", evidence: [{ signal: "no_original", weight: 0, params: [] }],
});

const ownMailSpecs = (): BounceSpec[] => [
  ownMail(26, "sato@old-partner.example.jp", "userunknown", "550 5.1.1 <sato@old-partner.example.jp>: Recipient address rejected: User unknown in virtual mailbox table"),
  ownMail(19, "kimura@customer.example.com", "mailboxfull", "452 4.2.2 Mailbox full"),
  ownMail(12, "orders@closed-shop.example", "hostunknown", "Host or domain name not found. Name service error for name=closed-shop.example type=MX"),
  ownMail(5, "yamada@customer.example.com", "userunknown", "550 5.1.1 The email account that you tried to reach does not exist."),
];

const spoofedSpecs = (): BounceSpec[] => [
  spoofed(14, "j.miller@retail.example", "Invoice #48213 overdue", "198.51.100.23"),
  spoofed(11, "contact@agency.example", "Re: your order", "198.51.100.77"),
  spoofed(9, "noreply@bank.example", "Account verification required", "192.0.2.201"),
  spoofed(6, "admin@hotel.example", "Invoice #48213 overdue", "198.51.100.23"),
  spoofed(4, "sales@travel.example", "Cheap flights this week", "203.0.113.99"),
  spoofed(2, "ceo@widgets.example", "Invoice #48213 overdue", "198.51.100.23"),
  spoofed(1, "mark@photos.example", "Re: your order", "198.51.100.77"),
];

const compromiseSpecs = (): BounceSpec[] => [
  compromise(3, 2, "a.tanaka@example.net", "Your parcel is waiting – confirm delivery"),
  compromise(3, 2, "b.lee@example.org", "Your parcel is waiting – confirm delivery"),
  compromise(2, 1, "c.wong@example.com", "Unpaid invoice: action needed"),
  compromise(2, 1, "d.smith@example.net", "Unpaid invoice: action needed"),
  compromise(2, 4, "e.garcia@example.org", "Unpaid invoice: action needed"),
  compromise(1, 23, "f.ito@example.jp", "【重要】アカウント確認のお願い"),
  compromise(0, 3, "g.kato@example.jp", "【重要】アカウント確認のお願い"),
];

export const ACCOUNTS: AccountSummary[] = [
  { id: "account1", name: "Marukawa Seika (work)", addresses: [ME, "info@marukawa-seika.example.co.jp"] },
  { id: "account2", name: "Home", addresses: ["k.takahashi@home-isp.example.ne.jp"] },
];

const HOSTILE_SUBJECT = `<img src=x onerror="window.__pwned=1">Invoice <script>window.__pwned=2</script>`;
export const HOSTILE_RTL = "\u202Eفاتورة مستحقة — חשבונית\u202C";
const HOSTILE_HEAD = `550 5.7.1 ${"<b onmouseover=alert(1)>".repeat(5)}`;
/** Exactly 5,000 characters, markup included, without a single space to break on. */
export const HOSTILE_DIAGNOSTIC = `${HOSTILE_HEAD}${"x".repeat(5000 - HOSTILE_HEAD.length - 9)}-rejected`;

function hostileSpecs(): BounceSpec[] {
  const base = compromise(0, 5, `"<img src=x onerror=window.__pwned=3>"@evil.example`, HOSTILE_SUBJECT);
  const rtl = spoofed(1, "rtl@example.net", HOSTILE_RTL, "198.51.100.5");
  return [
    { ...base, diagnostic: HOSTILE_DIAGNOSTIC,
      evidence: [{ signal: "auth_submission_own", weight: 55, params: ["<img src=x onerror=window.__pwned=4>", PROVIDER_SMTP] }] },
    { ...rtl, from: `${HOSTILE_RTL} <${ME}>` },
    ...compromiseSpecs().slice(0, 2),
  ];
}

function scan(state: HistoryScanProgress["state"], fields: Partial<HistoryScanProgress>): HistoryScanProgress {
  return {
    state, first: true, phase: state === "running" ? "messages" : "finished", examined: 0, total: 0, screened: 0,
    folders: { listed: 9, total: 9 }, accounts: ACCOUNTS.length, bouncesFound: 0, since: "2025-09-03T00:00:00.000Z",
    startedAt: `${TODAY}T11:52:00.000Z`, finishedAt: state === "running" ? null : `${TODAY}T11:55:00.000Z`, ...fields,
  };
}

export function scenario(name: ScenarioName): ScenarioData {
  serial = 0;
  const specs: Record<ScenarioName, () => BounceSpec[]> = {
    "all-clear": ownMailSpecs,
    spoofing: () => [...ownMailSpecs().slice(0, 3), ...spoofedSpecs(), undetermined(8)],
    compromise: () => [...ownMailSpecs().slice(0, 3), ...spoofedSpecs().slice(0, 3), ...compromiseSpecs(), undetermined(8)],
    empty: () => [],
    hostile: hostileSpecs,
    checking: () => [],
    "first-result": () => ownMailSpecs().slice(0, 2),
    resolved: () => [...ownMailSpecs().slice(0, 3), ...compromiseSpecs()],
    restricted: () => [...ownMailSpecs().slice(0, 2), microsoftBlock(1), ...compromiseSpecs()],
    lookalike: () => ownMailSpecs().slice(0, 2),
    "two-accounts": () => [...ownMailSpecs().slice(0, 3), ...compromiseSpecs().map((c) => ({ ...c, accountId: "account2" }))],
    "dmarc-hijack": () => ownMailSpecs().slice(0, 2),
    traces: () => [],
  };
  const alerts: Record<ScenarioName, Alert> = {
    "all-clear": "none", spoofing: "spoofing", compromise: "compromise", empty: "none", hostile: "compromise", checking: "none",
    "first-result": "none", resolved: "none", restricted: "compromise", "two-accounts": "compromise", lookalike: "none",
    "dmarc-hijack": "compromise", traces: "compromise",
  };
  const extra: Partial<Record<ScenarioName, Partial<ScenarioData>>> = {
    checking: { historyScan: scan("running", { examined: 4230, total: 17_512, screened: 2100 }) },
    "first-result": { historyScan: scan("done", { examined: 17_512, total: 17_512, screened: 402, bouncesFound: 2 }) },
    resolved: { resolvedAt: { account1: `${TODAY}T06:00:00.000Z` } },
    restricted: { causes: { account1: [
      { reason: "restriction_ban", provider: "microsoft365", count: 1 }, { reason: "compromise_bounce", provider: "", count: 4 },
    ] } },
    "dmarc-hijack": {
      causes: { account1: [{ reason: "dmarc_volume", provider: "", count: 6 }, { reason: "dmarc_spoofing", provider: "", count: 38 }] },
      dmarc: [dmarcHijackView()],
    },
    traces: {
      storage: { state: "full", since: `${TODAY}T09:40:00.000Z`, waiting: 12 },
      sentFolderWarnings: [{ kind: "sent-folder-unread", folder: "Sent", size: 250, accountId: "account1" }],
    },
  };
  return {
    alert: alerts[name],
    records: [...specs[name]().map(record), ...(name === "lookalike" ? [lookalikeRecord(2)] : []), ...(name === "traces" ? tracesRecords() : [])],
    settings: { ...DEFAULT_SETTINGS, extraDomains: ["marukawa-seika.example.co.jp"], knownRelays: [PROVIDER_SMTP] },
    accounts: ACCOUNTS,
    today: TODAY,
    dmarc: [],
    ...extra[name],
  };
}

const DOMAIN = "marukawa-seika.example.co.jp";

function dmarcRecord(sourceIp: string, count: number, dkim: string, spf: string): AggregateSource {
  return {
    sourceIp, count, rows: [{ count, disposition: "none", dkimAligned: dkim === "pass", spfAligned: spf === "pass", forwarded: false }],
    dkimPassDomains: dkim === "pass" ? [DOMAIN] : [], spfPassDomains: [spf === "pass" ? DOMAIN : "lists.example.org"],
  };
}

/**
 * 30 days of Google, Microsoft and Yahoo reports for the persona's domain, judged by the core: the provider's
 * servers match what the Sent log sent, a forwarder now and then, a forger from day 12; on day 25 (five days
 * before TODAY) and the day after, some 2,900 and 800 messages through the provider.
 */
function dmarcHijackView(): DmarcView {
  const sent = new SentLog();
  const reports: AggregateReport[] = [];
  const end = Date.parse(`${TODAY}T00:00:00Z`);
  for (let back = 29; back >= 0; back--) {
    const start = end - back * 86_400_000;
    const day = 30 - back;
    const own = 4 + ((day * 7) % 5);
    sent.add({ messageId: `m${day}@${DOMAIN}`, date: start + 3 * 3600_000, recipients: Array.from({ length: own }, (_, i) => `c${day}-${i}@example.com`) });
    const hijack = day === 25 ? 2900 : day === 26 ? 800 : 0;
    ["google.com", "Enterprise Outlook", "Yahoo"].forEach((org, r) => {
      const share = [0.5, 0.3, 0.2][r]!;
      const records = [dmarcRecord(`203.0.113.${20 + r}`, Math.max(1, Math.round(own * share)), "pass", "pass")];
      if (hijack) records.push(dmarcRecord("203.0.113.23", Math.round(hijack * share), "pass", "pass"));
      if (r === 2 && day % 4 === 0) records.push(dmarcRecord("198.51.100.9", 1, "pass", "fail"));
      if (r < 2 && day >= 12) records.push(dmarcRecord("192.0.2.201", 3 + (day % 6), "fail", "fail"));
      reports.push({ schema: "rfc7489", orgName: org, email: `dmarc@${org.replace(/ /g, "")}`, reportId: `${org}-${day}`,
        begin: start / 1000, end: start / 1000 + 86_399, domain: DOMAIN, policy: "none", recordCount: records.length, sources: records });
    });
  }
  const { dmarc } = assessMailbox([], sent, { addresses: [ME], knownRelays: ["203.0.113.20"] }, { aggregateReports: reports });
  return { accountId: "account1", name: ACCOUNTS[0]!.name, reports: dmarc.reports, domains: dmarc.domains, reasons: dmarc.reasons,
    days: dmarc.days, sources: dmarc.sources };
}
