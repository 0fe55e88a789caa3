// qmail "failure notice" (qmail-send), including the translated texts of Japanese hosting providers
// and netqmail/vpopmail variants. Recipients are "<address>:" blocks; the original follows a marker.
import type { Reason } from "../../types.js";
import type { Decoder, DecodedRecipient } from "../decoder.js";
import type { BounceMail } from "../mail.js";
import { addressBlocks, commandIn, oneLine, splitAtOriginal } from "../text.js";

const STARTS = /(?:this is the qmail-send program at|qmail-send program|this is the (?:mail )?delivery (?:agent|program) at|i'm afraid i wasn't able to deliver your message|i'm not going to try again; this message has been in the queue too long)/i;
const ORIGINAL = [
  /^--- ?(?:below this line is a copy of the message|enclosed is a copy of the message|original message follows|below this line is the original message|the message follows)/i,
  /^-{2,} ?(?:以下に元のメッセージ|以下は元のメッセージ|元のメッセージ)/,
];
const BLOCK = /^<([^<>\s]{1,320}@[^<>\s]{1,255})>:\s*(.*)$/;

function readQmail(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!STARTS.test(mail.text) && !/^failure notice$/i.test(mail.subject.trim())) return null;
  const { own, quoted } = splitAtOriginal(mail.lines, ORIGINAL);
  const delayed = /will keep trying|not been delivered yet|temporary problem/i.test(own.join("\n")) &&
    !/permanent error|in the queue too long/i.test(own.join("\n"));
  const recipients: DecodedRecipient[] = addressBlocks(own, BLOCK).map((block) => {
    const diagnosticCode = oneLine(block.lines);
    const recipient: DecodedRecipient = { address: block.address, diagnosticCode, command: commandOf(diagnosticCode) };
    const reason = reasonOf(diagnosticCode);
    if (reason) recipient.reason = reason;
    if (delayed) recipient.action = "delayed";
    return recipient;
  });
  if (recipients.length === 0) return null;
  const host = /qmail-send program at ([^\s.]+(?:\.[^\s.]+)*)/i.exec(mail.text);
  return { recipients, reportingMta: host ? host[1]! : "", quotedOriginal: quoted };
}

/**
 * qmail-send's own sentences: no connection could be made at all, its greeting name was refused, its
 * LDAP directory failed, no MX nor address record, or it gave up after the queue lifetime (whatever
 * the last attempt's error was).
 */
function reasonOf(diagnostic: string): Reason | undefined {
  if (/wasn't able to establish an smtp connection/i.test(diagnostic)) return "networkerror";
  if (/my name was rejected/i.test(diagnostic)) return "blocked";
  if (/unable to contact ldap server/i.test(diagnostic)) return "systemerror";
  if (/couldn't find a mail exchanger or ip address/i.test(diagnostic)) return "notaccept";
  if (/in the queue too long/i.test(diagnostic)) return "expired";
  return undefined;
}

/** qmail's fixed sentences name the SMTP stage without naming the command. */
function commandOf(diagnostic: string): string {
  if (/does not like recipient/i.test(diagnostic)) return "RCPT";
  if (/didn't like the message|failed after i sent the message/i.test(diagnostic)) return "DATA";
  if (/does not like sender/i.test(diagnostic)) return "MAIL";
  if (/greeting|failed on helo|failed on ehlo|my name was rejected/i.test(diagnostic)) return "HELO";
  return commandIn(diagnostic);
}

export const qmail: Decoder = {
  name: "qmail",
  matches: (mail) => /^failure notice$/i.test(mail.subject.trim()) || STARTS.test(mail.text.slice(0, 4000)),
  decode: readQmail,
};
