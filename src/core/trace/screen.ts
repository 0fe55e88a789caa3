// Which non-bounces may carry a trace, decided from the author and subject alone: the add-on downloads only
// these (src/background/screen.ts) and the core keeps the text and attached message of only these
// (trace/material.ts). Replies are screened by their auto-reply words: a person's "Re:" is never fetched
// just for its References (Thunderbird's header carries none); the author's Sent-log check is the caller's.
import { PROVIDERS } from "./providers.js";

const MAX_FIELD = 300;

/** Subjects of auto-replies, in the languages of the decoder's auto-reply words (lower case). */
const AUTO_REPLY_SUBJECTS = [
  "automatic reply", "auto reply", "auto-reply", "autoreply", "auto:", "out of office", "out of the office",
  "away from the office", "vacation", "abwesenheit", "automatische antwort", "réponse automatique", "absence",
  "risposta automatica", "fuori sede", "respuesta automática", "fuera de la oficina", "resposta automática",
  "automatisch antwoord", "afwezig", "autosvar", "automaattinen vastaus", "odpowiedź automatyczna",
  "自動応答", "自動返信", "不在通知", "不在のお知らせ", "休暇", "自动回复", "자동 회신", "автоответ", "автоматический ответ",
];

/** Subjects and senders of abuse complaints forwarded by providers and their feedback loops. */
const COMPLAINT_SUBJECTS = [
  "complaint", "abuse report", "spam report", "feedback report", "reported as spam", "marked as spam", "苦情",
  "迷惑メール", "スパム報告", "abuse",
];
const COMPLAINT_SENDERS = ["abuse", "fbl", "feedback", "spam", "complaints"];

function lower(text: string): string {
  return text.slice(0, MAX_FIELD).toLowerCase();
}

export function isAutoReplySubject(subject: string): boolean {
  const text = lower(subject);
  return AUTO_REPLY_SUBJECTS.some((w) => text.includes(w));
}

export function isComplaintHeader(author: string, subject: string): boolean {
  const text = lower(subject);
  const local = /([^<\s@]+)@/.exec(lower(author))?.[1] ?? "";
  return COMPLAINT_SUBJECTS.some((w) => text.includes(w)) || COMPLAINT_SENDERS.some((s) => local.startsWith(s));
}

/** The author or subject names a provider of the table, or the subject has a provider notice's wording. */
export function mayBeProviderNotice(author: string, subject: string): boolean {
  const who = author.slice(0, MAX_FIELD);
  const what = subject.slice(0, MAX_FIELD);
  return PROVIDERS.some((p) => (p.brand !== null && (p.brand.test(who) || p.brand.test(what))) || p.notices.some((n) => n.test(what)));
}

/** True when a non-bounce with this author and subject may be a notice, look-alike, complaint or auto-reply. */
export function mayCarryTrace(author: string, subject: string): boolean {
  return mayBeProviderNotice(author, subject) || isComplaintHeader(author, subject) || isAutoReplySubject(subject);
}
