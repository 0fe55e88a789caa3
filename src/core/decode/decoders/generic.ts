// Last resort for mail that a mail system wrote about a failed delivery in a format no other decoder
// knows: recipients are the addresses its own text names (not the report's sender or addressee,
// not the original's sender), each with the text around it, and a status line found anywhere.
// It only answers when the text carries an SMTP status or reply code, the X-Failed-Recipients field,
// or a recognised failure stated about a bracketed address.
import { allAddresses, firstAddress, isAddress } from "../address.js";
import type { DecodedRecipient, Decoder } from "../decoder.js";
import { senderLooksLikeMta, subjectLooksLikeBounce } from "../hints.js";
import { header, type BounceMail } from "../mail.js";
import { classifyReason } from "../reason.js";
import { commandIn, explanationFor, findLine, oneLine } from "../text.js";

/** Where a quoted original starts in free-form reports. */
const ORIGINAL = [
  /^\s*-{2,}.{0,40}(?:original message|returned message|message follows|copy of the message|original mail|元のメッセージ|元メール|送信したメール)/i,
  /^\s*(?:received|return-path|message-id):/i,
  /^Content-Type: message\/rfc822/i,
];
const FAILURE_WORDS = /(?:undeliver|(?:could not|unable to|cannot) (?:be )?deliver|delivery (?:has )?failed|not delivered|failed|rejected|unknown|does not exist|配信できません|届きません|送信できません|エラー|不明|退信|投递失败|未能成功投递|无法投递|不存在)/i;
const CODE_LINE = /\b[245]\.\d{1,3}\.\d{1,3}\b|\b[45]\d\d[ -]/;

function readGeneric(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!senderLooksLikeMta(mail) || !subjectLooksLikeBounce(mail)) return null;
  return readFreeForm(mail);
}

/** Reads recipients and explanations from free text (also used by formats identified by their hints). */
export function readFreeForm(mail: BounceMail): ReturnType<Decoder["decode"]> {
  const end = findLine(mail.lines, ORIGINAL);
  const own = end >= 0 ? mail.lines.slice(0, end) : mail.lines;
  const ownText = own.join("\n");
  if (!FAILURE_WORDS.test(ownText + "\n" + mail.subject)) return null;
  // Free-form text is weak evidence: require the SMTP status or reply code a mail system would give,
  // the X-Failed-Recipients field (Exim, Google) naming the recipients, or lines that state a failure
  // the reason tables know about a bracketed address (then only those addresses are recipients).
  const failed = allAddresses(header(mail, "x-failed-recipients"));
  const codeLine = own.find((line) => CODE_LINE.test(line)) ?? "";
  const stated = !codeLine && failed.length === 0 ? statedFailures(own) : new Map<string, string>();
  if (!codeLine && failed.length === 0 && stated.size === 0) return null;
  const excluded = new Set([mail.from, firstAddress(header(mail, "to")).toLowerCase(), firstAddress(header(mail, "reply-to")).toLowerCase()]);
  const recipients: DecodedRecipient[] = [];
  for (const address of failed.length ? failed : stated.size ? [...stated.keys()] : allAddresses(ownText, 20)) {
    if (excluded.has(address.toLowerCase())) continue;
    let diagnosticCode = stated.has(address) ? oneLine([stated.get(address)!, explanationFor(own, address)]) : explanationFor(own, address);
    if (!CODE_LINE.test(diagnosticCode) && codeLine) diagnosticCode = oneLine([diagnosticCode, codeLine]);
    // the stage the text names ("in reply to RCPT TO") tells an unknown user from a filter's verdict
    recipients.push({ address, diagnosticCode, command: commandIn(diagnosticCode) });
  }
  const quotedOriginal = end >= 0 ? mail.lines.slice(/^\s*-{2,}/.test(mail.lines[end]!) ? end + 1 : end).join("\n") : "";
  return { recipients: recipients.slice(0, 10), quotedOriginal };
}

/** "<statement>: <address>" ("User's mailbox is full: <a@example.com>"), the statement read as a reason. */
const STATEMENT_ABOUT = /^\s{0,8}(\S[^<>]{2,200}?):?\s{0,8}<([^\s<>@]{1,64}@[^\s<>]{1,255})>\s*$/;

/** Addresses that lines of the report state a recognised failure about, with the statement. */
function statedFailures(own: readonly string[]): Map<string, string> {
  const stated = new Map<string, string>();
  for (const line of own.slice(0, 200)) {
    const match = STATEMENT_ABOUT.exec(line);
    if (!match || !isAddress(match[2]!)) continue;
    const reason = classifyReason({ status: "", replyCode: "", diagnosticCode: match[1]!, diagnosticType: "", action: "", command: "" });
    if (reason !== "onhold" && reason !== "undefined") stated.set(match[2]!, match[1]!.trim());
  }
  return stated;
}

export const generic: Decoder = {
  name: "generic",
  matches: () => false,
  decode: readGeneric,
};
