// Header screening: decides from a MessageHeader alone (author, subject) whether a message may be a
// bounce and is worth downloading. Thunderbird's header carries no Return-Path or Content-Type, so
// this looks at what mail systems write there: their mailbox names and their report subjects.
// Misses are never analysed, so this leans towards recall; the core decides what really is a bounce.
// Account traces that are not bounces (notices, complaints, auto-replies) are screened the same way.
import { isAutoReplySubject, isComplaintHeader, mayBeProviderNotice } from "../core/trace/screen";
import type { MessageHeader } from "./host";

/** Mailbox names (local parts) that mail systems send reports from, matched at the start. */
const SYSTEM_MAILBOXES = [
  "mailer-daemon", "mailer_daemon", "mailerdaemon", "mail-daemon", "maildaemon", "postmaster", "post_master",
  "mail.delivery", "mail-delivery", "maildelivery", "mdaemon", "microsoftexchange", "bounce", "mailadmin",
  "mail-admin", "mail.administrator", "delivery-status", "returned-mail", "nobody", "mta",
];

/** Display names that mail systems use. */
const SYSTEM_NAMES = [
  "mail delivery", "mailer daemon", "mailer-daemon", "postmaster", "mail administrator", "mail system",
  "microsoft outlook", "delivery subsystem", "delivery status", "e-mail interconnect",
];

/** Words of report subjects, in the languages seen on bounces (lowercase). */
const REPORT_SUBJECT_WORDS = [
  "undeliver", "failure notice", "delivery status", "delivery notification", "delivery fail",
  "delivery problem", "delivery report", "delivery has failed", "delivery error", "mail delivery", "non-deliver",
  "nondeliver", "non deliver", "returned mail", "return mail", "returned to sender", "returning message",
  "mail system error", "could not be delivered", "not delivered", "couldn't be delivered", "delayed",
  "delivery delay", "message blocked", "you sent blocked", "rejected", "bounce", "error sending", "failed delivery",
  "unzustellbar", "nicht zustellbar", "non remis", "non recapitabile", "no entregado", "no se puede entregar",
  "onbestelbaar", "niedostarczon", "配信不能", "配信エラー", "配送エラー", "送信エラー", "メールエラー",
  "未達", "届きません", "返送", "不達", "エラー通知",
];

/** Replies and forwards written by people: a subject word alone does not make those candidates. */
const PERSON_PREFIXES = ["re:", "re :", "fw:", "fwd:", "aw:", "wg:", "tr:", "sv:", "vs:", "antw:", "転送:", "返信:"];

const MAX_FIELD = 300;

/** Display name and local part of an author such as `Mail Delivery System <MAILER-DAEMON@host>`, lower case. */
function addressOf(author: string): { name: string; local: string } {
  const text = author.slice(0, MAX_FIELD).toLowerCase();
  const open = text.lastIndexOf("<");
  const name = open >= 0 ? text.slice(0, open) : "";
  const address = open >= 0 ? text.slice(open + 1).split(">")[0]! : text;
  const at = address.lastIndexOf("@");
  return { name, local: (at >= 0 ? address.slice(0, at) : address).trim() };
}

function isSystemAuthor(author: string): boolean {
  const { name, local } = addressOf(author);
  if (local === "" || local === "<>") return true;
  return SYSTEM_MAILBOXES.some((m) => local.startsWith(m)) || SYSTEM_NAMES.some((n) => name.includes(n));
}

function hasReportSubject(subject: string): boolean {
  const text = subject.slice(0, MAX_FIELD).toLowerCase();
  return REPORT_SUBJECT_WORDS.some((w) => text.includes(w));
}

function isPersonReply(subject: string): boolean {
  const text = subject.trimStart().slice(0, 12).toLowerCase();
  return PERSON_PREFIXES.some((p) => text.startsWith(p));
}

/** True when the message may be a bounce and should be downloaded and analysed. */
export function isBounceCandidate(header: Pick<MessageHeader, "author" | "subject">): boolean {
  if (isSystemAuthor(header.author)) return true;
  return hasReportSubject(header.subject) && !isPersonReply(header.subject);
}

/**
 * True when a non-bounce may carry an account trace (src/core/trace/screen.ts): a provider notice or its
 * look-alike, a complaint, or an auto-reply from someone the person never wrote to (`wroteTo`, the Sent log).
 * A person's own "Re:" is never fetched for its References: the header does not carry them.
 */
export function isTraceCandidate(header: Pick<MessageHeader, "author" | "subject">, wroteTo: (address: string) => boolean): boolean {
  if (mayBeProviderNotice(header.author, header.subject) || isComplaintHeader(header.author, header.subject)) return true;
  if (!isAutoReplySubject(header.subject)) return false;
  const address = /<([^<>]{1,320})>/.exec(header.author)?.[1] ?? header.author;
  return !wroteTo(address.trim());
}
