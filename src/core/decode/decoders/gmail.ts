// Gmail's plain-text bounce (before Google moved to RFC 3464): "Delivery to the following recipient
// failed permanently:" / "has been delayed", the address indented, then "Technical details".
import type { Reason } from "../../types.js";
import { allAddresses } from "../address.js";
import { readDsn, statusIn } from "../dsn.js";
import { originalFromBytes, originalFromText } from "../original.js";
import type { DecodedRecipient, Decoder } from "../decoder.js";
import { header, type BounceMail } from "../mail.js";
import { oneLine, splitAtOriginal } from "../text.js";

const STARTS = /delivery to the following recipients? (?:failed permanently|has been delayed|failed temporarily)|(?:\*\* ?)?(?:address not found|message not delivered|message blocked|delivery incomplete)(?: ?\*\*)?/i;

/**
 * Gmail's "(state N)" after the remote server's reply: the SMTP stage its client was at, and what a
 * refusal at that stage means (TLS or AUTH setup, the greeting, RCPT, or the message after DATA).
 */
const STATES: Readonly<Record<string, readonly [command: string, reason: Reason]>> = {
  "6": ["MAIL", "failedstarttls"], "8": ["AUTH", "systemerror"], "9": ["AUTH", "failedstarttls"],
  "12": ["AUTH", "norelaying"], "13": ["EHLO", "blocked"], "14": ["RCPT", "userunknown"],
  "15": ["DATA", "filtered"], "17": ["DATA", "filtered"], "18": ["DATA", "filtered"],
};

function stateOf(diagnostic: string): readonly [string, Reason] | undefined {
  const state = /\(state (\d{1,2})\)/.exec(diagnostic)?.[1];
  return state ? STATES[state] : undefined;
}

/**
 * Google's notice about its own SMTP client relaying for the sender ("Send mail as"): "(SENT_SECOND_EHLO)"
 * names the step that failed. Before RCPT no recipient was tried, so every recipient of the message failed.
 */
const BEFORE_RCPT = /\(SENT_(?:[A-Z]{1,10}_)?(?:EHLO|HELO|STARTTLS|AUTH|MAIL|CONNECT)\w{0,20}\)/;

/** The original's To and Cc addresses. */
function originalRecipients(mail: BounceMail, quoted: string): string[] {
  return (mail.attached ? originalFromBytes(mail.attached.bytes) : originalFromText(quoted))?.to ?? [];
}

/** Delivery-status parts that name recipients (Google sends an empty one with its text notices). */
function hasDsnFields(mail: BounceMail): boolean {
  return (readDsn(mail)?.recipients.length ?? 0) > 0;
}

function readGmail(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (hasDsnFields(mail) || !STARTS.test(mail.text)) return null;
  const { own, quoted } = splitAtOriginal(mail.lines, [/^-{3,} ?original message ?-{3,}/i]);
  const ownText = own.join("\n");
  const delayed = /has been delayed|failed temporarily|will retry|temporary failure/i.test(ownText) && !/failed permanently/i.test(ownText);
  const start = own.findIndex((line) => STARTS.test(line));
  const listed: string[] = [];
  for (let i = start + 1; i < own.length && listed.length < 50; i++) {
    const line = own[i]!;
    if (/^\s+\S+@\S+\s*$/.test(line)) listed.push(line.trim());
    else if (line.trim() !== "" && listed.length) break;
  }
  const addresses = listed.length ? listed : allAddresses(header(mail, "x-failed-recipients"));
  if (BEFORE_RCPT.test(ownText)) addresses.push(...originalRecipients(mail, quoted));
  const returned = ownText.search(/(?:the error that the other server returned was|the response (?:from the remote server|was))\s*:/i);
  const detail = returned >= 0 ? returned : ownText.search(/technical details of (?:permanent|temporary) failure\s*:/i);
  const response = oneLine((detail >= 0 ? ownText.slice(detail) : ownText).split("\n").slice(0, 12)).replace(/^[^:]{0,80}:\s*/, "");
  // the newer "** Message not delivered **" notices explain in a paragraph above "The response was:"
  const explanation = returned >= 0 && /^\s*\*\*/.test(own[start] ?? "") ? oneLine(ownText.slice(0, returned).split("\n").slice(start + 1, start + 8)) : "";
  const diagnosticCode = explanation && !response.includes(explanation) ? `${response} ${explanation}` : response;
  const state = stateOf(diagnosticCode);
  const recipients: DecodedRecipient[] = addresses.map((address) => ({
    address,
    diagnosticCode,
    ...(delayed ? { action: "delayed" as const } : {}),
    ...(state ? { command: state[0] } : {}),
    // the stage decides only when the status says nothing more precise
    ...(state && /^(?:|\d\.0\.\d+|\d\.\d+\.0)$/.test(statusIn(diagnosticCode)) ? { reason: state[1] } : {}),
  }));
  return { recipients, reportingMta: "gmail.com", quotedOriginal: quoted };
}

export const gmail: Decoder = {
  name: "gmail",
  matches: (mail) => /^mailer-daemon@(?:googlemail|gmail)\.com$/.test(mail.from) && !hasDsnFields(mail),
  decode: readGmail,
};
