// What a bounce says about the sending account itself, apart from its Sisimai reason (which stays as the
// decoder found it). Two explicit tables, matched against each recipient's status and diagnostic text:
//
// RESTRICTIONS: the person's own provider has banned or limited their sending. A ban for spam always counts
// towards the alert; a sending limit counts unless the Sent log shows the person sent that volume themselves
// within the limit's window (`limits`: the lowest volume the provider documents for each window).
//
// SHARED_IP: the receiving side refused the sending server's IP address for its reputation (volume or a
// blocklist). Providers' servers are shared by many customers, so this says nothing about the account on its
// own: the bounce keeps trace "bounce" and gets a plain-words note, and never raises the alert.
//
// Each row says where its text comes from; texts are short fragments of the providers' documented replies.
import type { RecipientResult } from "../types.js";

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

export type RestrictionKind = "ban" | "limit";

export interface SendingLimit {
  windowMs: number;
  /** Recipients the person would have had to address within the window to reach the limit themselves. */
  recipients: number;
}

export interface RestrictionRow {
  id: string;
  provider: string;
  kind: RestrictionKind;
  /** Tested on the recipient's diagnostic text, with its status prefixed ("5.1.8 " + text). */
  text: RegExp;
  limits?: readonly SendingLimit[];
  /** A limit the report states itself ("(25/25 (100%))"): the first captured number is the limit. */
  statedLimit?: RegExp;
}

export const RESTRICTIONS: readonly RestrictionRow[] = [
  // Microsoft, "Email non-delivery reports in Exchange Online": 5.1.8 "Access denied, bad outbound sender":
  // the account has been blocked for sending too much spam (typically compromised).
  { id: "m365-bad-outbound-sender", provider: "microsoft365", kind: "ban", text: /bad outbound sender/i },
  // Same table: 5.7.501 "Access denied, spam abuse detected": the sending account has been banned.
  { id: "m365-spam-abuse", provider: "microsoft365", kind: "ban", text: /spam abuse detected/i },
  // Same table: 5.7.502 / 5.7.503 "Access denied, banned sender" (the account; 5.7.511 with the same words
  // is the sending IP, and stays a shared-IP listing below).
  { id: "m365-banned-sender", provider: "microsoft365", kind: "ban", text: /\b5\.7\.50[23]\b[\s\S]{0,80}banned sender/i },
  // Same table: 5.7.705 "Access denied, tenant has exceeded threshold" (the organisation sent too much spam).
  { id: "m365-tenant-threshold", provider: "microsoft365", kind: "ban", text: /tenant has exceeded threshold/i },
  // Same table: 5.7.708 "Access denied, traffic not accepted from this IP" (the tenant's sending is banned).
  { id: "m365-tenant-traffic", provider: "microsoft365", kind: "ban", text: /\b5\.7\.708\b[\s\S]{0,80}traffic not accepted/i },
  // Same table: 5.7.750 "Client blocked from sending from unregistered domains".
  { id: "m365-unregistered-domains", provider: "microsoft365", kind: "ban", text: /blocked from sending from unregistered domains?/i },
  // Same table: 451 4.7.500-699 (ASxxx) "Access denied, please try again later": suspicious activity was
  // detected and sending is temporarily restricted (Microsoft's verdict on the sender, not a volume).
  { id: "m365-suspicious-activity", provider: "microsoft365", kind: "ban", text: /\b4\.7\.[56]\d\d\b[\s\S]{0,80}access denied, please try again later[\s\S]{0,40}\(AS\d+\)/i },
  // Same table: 5.2.2 "Submission quota exceeded", and "the sender's submission quota was exceeded": the
  // recipient rate limit (10,000 recipients in a 24-hour sliding window; Exchange Online limits) or the
  // message rate limit (30 messages a minute).
  {
    id: "m365-submission-quota", provider: "microsoft365", kind: "limit", text: /submission quota (?:was )?exceeded/i,
    limits: [{ windowMs: DAY, recipients: 10_000 }, { windowMs: 60 * 1000, recipients: 30 }],
  },
  // Same table: 5.1.90 "Your message can't be sent because you've reached your daily limit for message
  // recipients" (the recipient rate limit, 10,000 a day).
  {
    id: "m365-daily-recipients", provider: "microsoft365", kind: "limit", text: /reached your daily limit for message recipients/i,
    limits: [{ windowMs: DAY, recipients: 10_000 }],
  },
  // Google Workspace Admin Help, "Gmail SMTP errors and codes": 550 5.4.5 "Daily user sending limit
  // exceeded" (also "Daily sending quota exceeded"); "Gmail sending limits": 500 a day for consumer and
  // trial accounts, 2,000 for Workspace.
  {
    id: "google-daily-sending", provider: "google", kind: "limit", text: /daily (?:user )?sending (?:limit|quota) exceeded/i,
    limits: [{ windowMs: DAY, recipients: 500 }],
  },
  // Google Workspace Admin Help, "SMTP relay service error messages": 550 5.4.5 "Daily SMTP relay limit
  // exceeded for user/customer" (10,000 recipients a day per user).
  {
    id: "google-relay-limit", provider: "google", kind: "limit", text: /daily smtp relay (?:limit|quota) exceeded/i,
    limits: [{ windowMs: DAY, recipients: 10_000 }],
  },
  // lolipop.jp terms "通信の制限", メール送信件数の上限: 100 an hour or 1,000 a day on the smallest plan
  // (the 10-day trial's 50 a day left aside).
  {
    id: "lolipop-sending-count", provider: "lolipop", kind: "limit", text: /送信件数の上限/,
    limits: [{ windowMs: HOUR, recipients: 100 }, { windowMs: DAY, recipients: 1_000 }],
  },
  // Xserver manual, mail specification: 送信数制限, 1,500 an hour and 15,000 a day.
  {
    id: "xserver-sending-count", provider: "xserver", kind: "limit", text: /送信数(?:の)?制限|送信数(?:の)?上限/,
    limits: [{ windowMs: HOUR, recipients: 1_500 }, { windowMs: DAY, recipients: 15_000 }],
  },
  // cPanel/Exim hosting (Sakura's and many shared hosts' wording differs, the limit is stated): "Domain
  // example.com has exceeded the max emails per hour (25/25 (100%)) allowed."
  {
    id: "cpanel-max-emails-per-hour", provider: "hosting", kind: "limit", text: /exceeded the max (?:emails|defers and failures) per hour/i,
    limits: [{ windowMs: HOUR, recipients: 25 }], statedLimit: /\((\d{1,6})\/\d{1,6}\b/,
  },
  // The general wording of Japanese hosting providers' sending limits (送信制限, 送信数の上限, 大量送信による
  // 送信停止), as rental servers (Sakura and others) word their refusals; no volume is documented, so a day
  // of 100 recipients (the smallest hourly limit above) explains it.
  {
    id: "hosting-sending-limit-ja", provider: "hosting", kind: "limit", text: /送信(?:数|件数)?(?:の)?(?:制限|上限)|大量(?:の)?(?:メール)?送信[\s\S]{0,20}(?:停止|制限)/,
    limits: [{ windowMs: HOUR, recipients: 100 }],
  },
];

export interface SharedIpRow {
  id: string;
  text: RegExp;
}

export const SHARED_IP: readonly SharedIpRow[] = [
  // Google, "Gmail SMTP errors and codes": 421 4.7.28 / 550 5.7.28 "Our system has detected an unusual rate
  // of unsolicited mail originating from your IP address".
  { id: "google-ip-rate", text: /unusual rate of\s+unsolicited mail originating from your IP/i },
  // Google: 421 4.7.0 "... low reputation of the sending IP address".
  { id: "google-ip-reputation", text: /(?:low|poor) reputation of the sending IP/i },
  // Yahoo Sender Hub, SMTP error codes: "TSS04" temporarily deferred for volume or complaints, "TSS09" all
  // messages from the IP permanently deferred.
  { id: "yahoo-tss", text: /\bTSS0[49]\b/ },
  // Microsoft, "Email non-delivery reports in Exchange Online": 5.7.511 "Access denied, banned sender" (the
  // IP), 5.7.606-649 "Access denied, banned sending IP"; Outlook.com "part of their network is on our block
  // list (S3150)".
  { id: "microsoft-ip-ban", text: /\b5\.7\.511\b[\s\S]{0,80}banned sender|banned sending IP|network is on our block\s*list/i },
  // DNS blocklists as receiving servers name them (Spamhaus, SpamCop, Barracuda, SORBS, UCEPROTECT, ...):
  // "blocked using zen.spamhaus.org", "listed at/on/in ...", "Client host [ip] blocked using ...".
  { id: "dnsbl", text: /\b(?:spamhaus|spamcop|barracuda|sorbs|uceprotect|psbl|invaluement)\b|\bblocked using\b|\b(?:dnsbl|rbl)\b|\blisted (?:at|on|in) (?:the )?[a-z0-9.-]*(?:bl|block\s*list|blacklist)\b/i },
];

/** The recipient's status and diagnostic as one line to match the tables against. */
export function recipientText(recipient: RecipientResult): string {
  return `${recipient.status} ${recipient.replyCode} ${recipient.diagnosticCode}`.slice(0, 4096);
}

export function restrictionOf(recipients: readonly RecipientResult[]): { row: RestrictionRow; text: string } | null {
  for (const recipient of recipients) {
    const text = recipientText(recipient);
    const row = RESTRICTIONS.find((r) => r.text.test(text));
    if (row) return { row, text };
  }
  return null;
}

export function sharedIpOf(recipients: readonly RecipientResult[]): SharedIpRow | null {
  for (const recipient of recipients) {
    const text = recipientText(recipient);
    const row = SHARED_IP.find((r) => r.text.test(text));
    if (row) return row;
  }
  return null;
}

/** The windows of a limit row, with a limit the report states itself taking the place of the documented one. */
export function limitsOf(row: RestrictionRow, text: string): readonly SendingLimit[] {
  const stated = row.statedLimit ? Number(row.statedLimit.exec(text)?.[1] ?? Number.NaN) : Number.NaN;
  if (Number.isFinite(stated) && stated > 0 && row.limits?.[0]) return [{ windowMs: row.limits[0].windowMs, recipients: stated }];
  return row.limits ?? [];
}
