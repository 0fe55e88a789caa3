// Last resort for mail that a mail system wrote about a failed delivery in a format no other decoder
// knows: recipients are the addresses its own text names (not the report's sender or addressee,
// not the original's sender), each with the text around it, and a status line found anywhere.
// It only answers when the text carries an SMTP status or reply code.
import { allAddresses, firstAddress } from "../address.js";
import type { DecodedRecipient, Decoder } from "../decoder.js";
import { senderLooksLikeMta, subjectLooksLikeBounce } from "../hints.js";
import { header, type BounceMail } from "../mail.js";
import { explanationFor, findLine, oneLine } from "../text.js";

/** Where a quoted original starts in free-form reports. */
const ORIGINAL = [
  /^\s*-{2,}.{0,40}(?:original message|returned message|message follows|copy of the message|original mail|元のメッセージ|元メール|送信したメール)/i,
  /^\s*(?:received|return-path|message-id):/i,
  /^Content-Type: message\/rfc822/i,
];
const FAILURE_WORDS = /(?:undeliver|could not be delivered|delivery (?:has )?failed|not delivered|failed|rejected|unknown|does not exist|配信できません|届きません|送信できません|エラー|不明)/i;
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
  // or the X-Failed-Recipients field (Exim, Google) naming the recipients.
  const failed = allAddresses(header(mail, "x-failed-recipients"));
  if (!own.some((line) => CODE_LINE.test(line)) && failed.length === 0) return null;
  const excluded = new Set([mail.from, firstAddress(header(mail, "to")).toLowerCase(), firstAddress(header(mail, "reply-to")).toLowerCase()]);
  const codeLine = own.find((line) => CODE_LINE.test(line)) ?? "";
  const recipients: DecodedRecipient[] = [];
  for (const address of failed.length ? failed : allAddresses(ownText, 20)) {
    if (excluded.has(address.toLowerCase())) continue;
    let diagnosticCode = explanationFor(own, address);
    if (!CODE_LINE.test(diagnosticCode) && codeLine) diagnosticCode = oneLine([diagnosticCode, codeLine]);
    recipients.push({ address, diagnosticCode });
  }
  const quotedOriginal = end >= 0 ? mail.lines.slice(/^\s*-{2,}/.test(mail.lines[end]!) ? end + 1 : end).join("\n") : "";
  return { recipients: recipients.slice(0, 10), quotedOriginal };
}

export const generic: Decoder = {
  name: "generic",
  matches: () => false,
  decode: readGeneric,
};
