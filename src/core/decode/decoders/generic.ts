// The generic decoder: reads a notice that no format module claims. It stands on its own: it needs no marker
// line of any MTA, only what every failure notice has in some shape — a mail system's sender (or a bounce-like
// subject with an SMTP status), failure wording in one of several languages, and the addresses it failed for.
//
// What it reads, in order of strength:
// - RFC 3464 fields, in a delivery-status part or written into the text (Final-Recipient, Diagnostic-Code);
// - X-Failed-Recipients (Exim, Google and others name the failed addresses in it);
// - addresses in the notice's own text (above the quoted original) in any shape seen in the wild: alone on a line,
//   in angle brackets, after "RCPT TO:", "To:", ">>>", "*", before "..." or ":" and a reason, in a sentence
//   ("You sent mail to a@b.c. That's not a valid user here."), in square brackets after the address;
// - else the quoted original's To, when the notice states a failure without naming an address.
// Addresses of the sender (the notice's To, the original's From and Return-Path), of the notice's own From,
// and message ids are never recipients. Mail a person wrote (replies, forwards) is left alone by the registry.
import { allAddresses, cleanAddress, firstAddress, isAddress } from "../address.js";
import type { DecodedRecipient, DecodedReport, Decoder } from "../decoder.js";
import { readDsn } from "../dsn.js";
import { headerValue } from "../headers.js";
import { isReplyOrForward, senderLooksLikeMta, subjectLooksLikeBounce } from "../hints.js";
import { header, type BounceMail } from "../mail.js";
import { originalFromBytes, originalFromText } from "../original.js";
import { classifyReason } from "../reason.js";
import { commandIn, oneLine } from "../text.js";

/** Lines where a quoted original starts, in the notices' many languages. */
const ORIGINAL_MARKERS = [
  /^\s*-{2,}.{0,60}(?:original message|returned message|message follows|copy of (?:the|your) message|original mail|unsent message|message header follows|header of the original|returned mail|mensaje original|message d'origine|messaggio originale|originalnachricht|ursprüngliche nachricht|mensagem original|исходное сообщение|元のメッセージ|元メール|送信したメール|原始邮件|原邮件)/i,
  /^\s*(?:original message follows|below this line is a copy of the message|enclosed is a copy of the message|the original message (?:was|is) (?:attached|included|below)|message headers follow|original message:?)\.?\s*$/i,
  /^Content-Type: message\/rfc822/i,
];
/** A header field at the start of a line: a header block there begins the quoted original. */
const HEADER_FIELD = /^(?:received|return-path|message-id|from|to|subject|date|mime-version|content-type|x-[a-z-]{1,40}|dkim-signature|reply-to|delivered-to|cc):\s/i;
/** Fields of a real header block: a notice's own summary of the original ("Subject: ...", "Date: ...") has none. */
const TELLING_FIELD = /^(?:received|return-path|message-id|dkim-signature|mime-version):/i;

/** Failure wording: English, the major European languages, Russian, Japanese and Chinese. */
const FAILURE_WORDS = new RegExp(
  [
    "undeliver", "(?:could not|couldn't|unable to|cannot|can't|(?:was|were|is|are)(?: not|n't) able to|not able to) (?:be )?(?:deliver|post|send|reach)",
    "failure", "aborted", "could not (?:find|be found|reach|connect)", "may not exist", "not permitted", "malformed", "incorrectly constructed",
    "an error (?:has )?occurred", "is delayed", "temporary (?:failure|problem)",
    "not (?:be )?delivered", "delivery (?:has )?failed", "delivery (?:to .{1,80} )?failed", "failed to deliver",
    "permanent(?:ly)? (?:fatal )?(?:error|failure)", "delivery problem", "returned mail", "mail delivery fail",
    "rejected", "refused", "not a valid", "no such (?:user|mailbox|address|domain)", "unknown (?:user|recipient|mailbox|host|domain)",
    "user unknown", "does not exist", "doesn't exist", "not found", "mailbox (?:is )?(?:full|unavailable)", "over quota",
    "error (?:occurred|delivering)", "delivery error", "failed", "has been delayed", "not yet been delivered", "will (?:keep )?(?:try|retry)",
    "nicht zugestellt", "unzustellbar", "konnte nicht", "non (?:remis|distribué|recapitabile|consegnat)", "impossible de (?:remettre|distribuer)",
    "no (?:se )?(?:pudo|ha podido) (?:ser )?entregar", "no entregado", "não (?:foi possível|pôde ser) entreg", "nie (?:można|udało się) dostarczyć",
    "niedostarcz", "kon niet (?:worden )?(?:afgeleverd|bezorgd)", "onbestelbaar", "teslim edilemedi", "levererades inte", "kunne ikke leveres",
    "не (?:удалось|может быть) доставлен", "недоставлен", "не доставлен",
    "配信できません", "配送できません", "送信できません", "届けることができません", "届きません", "送信に失敗", "配信に失敗", "エラー", "宛先不明", "存在しません",
    "退信", "投递失败", "无法投递", "无法送达", "未能(?:成功)?(?:投递|送达)", "发送失败", "不存在",
  ].join("|"),
  "i",
);
/** An RFC 3463 status, or an SMTP reply code followed by a status or a word (not a price or a year). */
const STATUS = /(?:^|[^\d.])[245]\.\d{1,3}\.\d{1,3}(?![\d.]*\d)/;
const FAILURE_STATUS = /(?:^|[^\d.])[45]\.\d{1,3}\.\d{1,3}(?![\d.]*\d)/;
const REPLY = /(?:^|[\s:;(\[<"'])[45][0-5]\d(?:[ -][A-Za-z#<(]|[ -]\d\.\d)/;
/** A notice that says it will retry: a delay, not a failure. */
const DELAYED = /has been delayed|not (?:yet )?been delivered yet|has not yet been delivered|will (?:keep )?(?:try|retry)|still trying|delivery (?:is )?delayed|delayed mail|warning:.{0,40}(?:delay|could not send)/i;
const PERMANENT = /permanent|giving up|given up|failed permanently|will not (?:be )?retr/i;
/** Lines that name people to ask or places to read, not recipients. */
const CONTACT = /\b(?:contact|questions?|help ?desk|support|administrator|please (?:send|write|report|forward)|report (?:this|it) to|for (?:more )?(?:information|assistance))\b/i;
/** Lines that hold message ids, not addresses. */
const MESSAGE_ID = /message-id|in-reply-to|references|\bid[:=]?\s*<|\bmsgid\b/i;
/** A copied header field about the sender of the original. */
const SENDER_FIELD = /^\s*(?:from|sender|reply-to|return-path|envelope-from|mail from)\s*[:=]/i;
/** A copied To/Cc field in a notice's summary of the original ("Your message To: ... Subject: ..."). */
const ORIGINAL_TO_FIELD = /^\s*(?:to|cc|bcc)\s*:/i;
/** Sendmail-like "The original message was received at ... from <sender>". */
const RECEIVED_FROM = /^\s*(?:from|by)\s+\S+@|^\s*the original message was received/i;
/** An address written in angle brackets that fails validation ("<recipient@#example.net>"), kept as written. */
const BRACKETED = /<([^<>\s@]{1,64}@[^<>\s]{1,255})>/g;

/** How strongly the message's own fields say a mail system wrote it. */
function noticeStrength(mail: BounceMail): "strong" | "weak" | null {
  const strong =
    mail.deliveryStatus.length > 0 ||
    header(mail, "x-failed-recipients") !== "" ||
    /^<?(?:mailer-daemon|mail-daemon|postmaster)@/i.test(mail.from) ||
    /mail delivery (?:system|subsystem)|mailer[- ]daemon|post ?master/i.test(header(mail, "from")) ||
    /^<?>?$/.test(header(mail, "return-path").trim()) && header(mail, "return-path") !== "" ||
    (/^auto-(?:generated|replied)/i.test(header(mail, "auto-submitted")) && subjectLooksLikeBounce(mail));
  if (strong) return "strong";
  // a person's reply or forward, or a mailing (a newsletter explaining bounces quotes their lines): not a notice;
  // a bounce relayed by a mailing list still comes from the mail system and is strong above
  if (isReplyOrForward(mail) || isMailing(mail)) return null;
  return senderLooksLikeMta(mail) || subjectLooksLikeBounce(mail) ? "weak" : null;
}

/** Mail sent to a list of people: a newsletter or a list post. */
function isMailing(mail: BounceMail): boolean {
  return header(mail, "list-unsubscribe") !== "" || header(mail, "list-id") !== "" || /^(?:bulk|list|junk)$/i.test(header(mail, "precedence").trim());
}

/** Index of the first line of the quoted original: a marker line, or a header block at the left margin. */
function originalStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (ORIGINAL_MARKERS.some((marker) => marker.test(line))) return i;
    if (HEADER_FIELD.test(line)) {
      // a header block: at least two fields in the next few lines, one of them a trace or id field
      const block = lines.slice(i, i + 8).filter((next) => HEADER_FIELD.test(next) || /^[ \t]\S/.test(next));
      if (block.length >= 2 && block.some((next) => TELLING_FIELD.test(next))) return i;
    }
  }
  return -1;
}

/** The quoted original's text after its start line (a marker line itself is not part of it). */
function quotedFrom(lines: readonly string[], start: number): string {
  if (start < 0) return "";
  const from = HEADER_FIELD.test(lines[start]!) ? start : start + 1;
  return lines.slice(from).join("\n");
}

/** Addresses of the sender's side, which a notice names but never failed for. */
function senderAddresses(mail: BounceMail, quoted: string): Set<string> {
  const addresses = [
    mail.from,
    ...allAddresses(header(mail, "to"), 20), ...allAddresses(header(mail, "reply-to"), 5), firstAddress(header(mail, "return-path")),
  ];
  const original = mail.attached ? originalFromBytes(mail.attached.bytes) : quoted ? originalFromText(quoted) : null;
  if (original) addresses.push(original.from, original.returnPath, firstAddress(headerValue(original.headers, "sender")));
  return new Set(addresses.filter(Boolean).map((address) => address.toLowerCase()));
}

interface Candidate {
  address: string;
  /** Named in a line that copies the original's To/Cc: used only when nothing better is named. */
  weak: boolean;
  /** Fails validation: reported as written, flagged. */
  malformed: boolean;
}

/** Every address the notice's own lines name, strongest first, without the sender's. */
/** Lines of the notice's own text that are read (a notice's own part is short; the rest is quoted or noise). */
const MAX_OWN_LINES = 400;

/** The index of the first line naming each address, found in one pass (lower-cased keys). */
function firstLines(own: readonly string[]): Map<string, number> {
  const lines = new Map<string, number>();
  own.slice(0, MAX_OWN_LINES).forEach((line, index) => {
    if (!line.includes("@")) return;
    for (const address of allAddresses(line, 20)) if (!lines.has(address.toLowerCase())) lines.set(address.toLowerCase(), index);
    for (const match of line.matchAll(BRACKETED)) if (!lines.has(match[1]!.toLowerCase())) lines.set(match[1]!.toLowerCase(), index);
  });
  return lines;
}

function candidates(own: readonly string[], excluded: ReadonlySet<string>): Candidate[] {
  const found = new Map<string, Candidate>();
  const add = (address: string, weak: boolean, malformed: boolean): void => {
    const key = address.toLowerCase();
    if (excluded.has(key) || /^(?:mailer-daemon|mail-daemon)@/i.test(address)) return;
    const known = found.get(key);
    if (!known) found.set(key, { address, weak, malformed });
    else if (!weak) known.weak = false;
  };
  for (const line of own.slice(0, MAX_OWN_LINES)) {
    if (!line.includes("@") || MESSAGE_ID.test(line) || SENDER_FIELD.test(line) || RECEIVED_FROM.test(line)) continue;
    // a web address in a line is a reference, not someone to contact
    if (CONTACT.test(line.replace(/\bhttps?:\/\/\S{1,2000}/gi, ""))) continue;
    const weak = ORIGINAL_TO_FIELD.test(line);
    for (const address of allAddresses(line, 20)) add(address, weak, false);
    for (const match of line.matchAll(BRACKETED)) {
      const written = match[1]!;
      if (!isAddress(cleanAddress(written)) && !allAddresses(written, 1).length) add(written, weak, true);
    }
  }
  const all = [...found.values()];
  const strong = all.filter((candidate) => !candidate.weak);
  return (strong.length ? strong : all).slice(0, 20);
}

/**
 * What the notice says about one address: the line that names it without the address (the statement may
 * stand before it: "User's mailbox is full: <a@b.c>", or after it), and the lines directly below it.
 */
function explanationAround(own: readonly string[], address: string, at: number | undefined): string {
  if (at === undefined) return "";
  const line = own[at]!;
  const index = line.toLowerCase().indexOf(address.toLowerCase());
  const before = line.slice(0, index).replace(/[\s<("'\[:>*-]+$/, "").replace(/^[\s>*-]+/, "");
  const after = line.slice(index + address.length).replace(/^[>"')\]\s:.,;-]+/, "");
  const parts = [before.length > 3 ? before : "", after];
  for (let j = at + 1; j < Math.min(own.length, at + 6); j++) {
    const next = own[j]!;
    if (next.trim() === "" || /^-{2,}/.test(next.trim()) || (next.includes("@") && allAddresses(next, 1).length > 0)) break;
    parts.push(next);
  }
  return oneLine(parts);
}

/** Lines that explain the failure for every recipient: those with a status, a reply code or a reason's words. */
function sharedExplanation(own: readonly string[]): string {
  const lines: string[] = [];
  for (const line of own.slice(0, MAX_OWN_LINES)) {
    if (!line.trim() || (line.includes("@") && !FAILURE_STATUS.test(line) && !REPLY.test(line))) continue;
    if (FAILURE_STATUS.test(line) || REPLY.test(line) || said(line)) lines.push(line);
    if (lines.length >= 3) break;
  }
  return oneLine(lines);
}

/** A reason the phrase tables recognise in a text (not the fallback "onhold"). */
function said(text: string): boolean {
  const reason = classifyReason({ status: "", replyCode: "", diagnosticCode: text, diagnosticType: "", action: "", command: "" });
  return reason !== "onhold" && reason !== "undefined";
}

/**
 * Reads recipients and explanations from free text (also used by format modules whose notices are sometimes
 * RFC 3464 and sometimes text). `strength` is how surely a mail system wrote the message: a weak notice
 * (only a bounce-like subject or a no-reply sender) must carry an RFC 3463 status or an SMTP reply.
 */
export function readFreeForm(mail: BounceMail, strength: "strong" | "weak" = "strong"): DecodedReport | null {
  const start = originalStart(mail.lines);
  const own = start >= 0 ? mail.lines.slice(0, start) : mail.lines;
  // the statement of a failure stands near the top: a bounded prefix is searched for it
  const ownText = own.slice(0, MAX_OWN_LINES).join("\n").slice(0, 40_000);
  const coded = STATUS.test(ownText) || REPLY.test(ownText);
  const quoted = quotedFrom(mail.lines, start);
  const excluded = senderAddresses(mail, quoted);
  // X-Failed-Recipients states the failure by itself
  const failed = allAddresses(header(mail, "x-failed-recipients")).filter((address) => !excluded.has(address.toLowerCase()));
  if (failed.length === 0 && !FAILURE_WORDS.test(ownText + "\n" + mail.subject) && !coded) return null;
  if (strength === "weak" && !coded) return null;
  let named: Candidate[] = failed.map((address) => ({ address, weak: false, malformed: false }));
  if (named.length === 0) named = candidates(own, excluded);
  if (named.length === 0) named = originalRecipients(mail, quoted).map((address) => ({ address, weak: true, malformed: false }));
  if (named.length === 0) return null;
  const shared = sharedExplanation(own);
  const delayed = DELAYED.test(mail.subject + "\n" + ownText) && !PERMANENT.test(ownText);
  const lineOf = firstLines(own);
  const recipients: DecodedRecipient[] = named.map(({ address, malformed }) => {
    let diagnosticCode = explanationAround(own, address, lineOf.get(address.toLowerCase()));
    if (!diagnosticCode) diagnosticCode = shared;
    else if (shared && !shared.includes(diagnosticCode) && !said(diagnosticCode) && !STATUS.test(diagnosticCode) && !REPLY.test(diagnosticCode)) {
      diagnosticCode = oneLine([diagnosticCode, shared]);
    }
    return {
      address,
      diagnosticCode,
      // the stage the text names ("in reply to RCPT TO") tells an unknown user from a filter's verdict
      command: commandIn(diagnosticCode),
      ...(delayed ? { action: "delayed" as const } : {}),
      ...(malformed ? { malformed: true } : {}),
    };
  });
  return { recipients, quotedOriginal: quoted };
}

/** The original's To and Cc, for a notice that states a failure without naming the address (at most five). */
function originalRecipients(mail: BounceMail, quoted: string): string[] {
  const original = mail.attached ? originalFromBytes(mail.attached.bytes) : quoted ? originalFromText(quoted) : null;
  // an attached notice of a mail system is itself the report (see analyze.ts: it is read unwrapped)
  if (!original || /^(?:mailer-daemon|mail-daemon|postmaster)@/i.test(original.from)) return [];
  return original.to.length <= 5 ? original.to : [];
}

/**
 * A VERP address ("bounces+someone=example.net@sender.example") is where a bulk sender collects the bounces of
 * its mailings: a notice sent there is that sender's automatic bounce processing, not a person's mail, and the
 * generic reading (guesswork about a format it does not know) stays out of it.
 */
const VERP = /^[^@\s+]{1,64}\+[^@\s=]{1,64}=[^@\s]{1,255}@/;

/** RFC 3464 fields anywhere in the message (a part, or lines of the text), else the free-form reading. */
function readGeneric(mail: BounceMail): DecodedReport | null {
  const strength = noticeStrength(mail);
  if (!strength || VERP.test(firstAddress(header(mail, "to")))) return null;
  const dsn = readDsn(mail);
  if (dsn && dsn.recipients.length > 0) {
    const start = originalStart(mail.lines);
    return { ...dsn, quotedOriginal: quotedFrom(mail.lines, start) };
  }
  return readFreeForm(mail, strength);
}

export const generic: Decoder = {
  name: "generic",
  matches: () => false,
  decode: readGeneric,
};
