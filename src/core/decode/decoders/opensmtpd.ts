// OpenSMTPD: "An error has occurred while attempting to deliver a message for the following list of
// recipients:" followed by "address: reason" lines; the original after "Below is a copy of the original message:".
import type { DecodedRecipient, Decoder } from "../decoder.js";
import type { BounceMail } from "../mail.js";
import { commandIn, splitAtOriginal } from "../text.js";
import { readDsn } from "../dsn.js";

const STARTS = /this is the mailer-daemon, please do not reply to this e-?mail/i;
const LIST = /following list of recipients|delivery of the message has been delayed/i;

function readOpenSmtpd(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!STARTS.test(mail.text)) return null;
  const { own, quoted } = splitAtOriginal(mail.lines, [/^\s*below is a copy of the original message/i]);
  const dsn = readDsn(mail);
  if (dsn) return { ...dsn, quotedOriginal: quoted };
  const delayed = /has been delayed|will keep trying|temporary/i.test(own.join("\n")) && !/following list of recipients/i.test(own.join("\n"));
  const start = own.findIndex((line) => LIST.test(line));
  const recipients: DecodedRecipient[] = [];
  for (const line of own.slice(start + 1)) {
    const match = /^\s{0,4}<?([^\s<>@]{1,64}@[^\s<>:]{1,255})>?:\s*(.*)$/.exec(line);
    if (!match) continue;
    const diagnosticCode = match[2]!.trim();
    recipients.push({ address: match[1]!, diagnosticCode, command: commandIn(diagnosticCode), ...(delayed ? { action: "delayed" as const } : {}) });
  }
  return { recipients, quotedOriginal: quoted };
}

export const openSmtpd: Decoder = {
  name: "opensmtpd",
  matches: (mail) => /^delivery status notification: (?:error|delay)/i.test(mail.subject) || STARTS.test(mail.text.slice(0, 2000)),
  decode: readOpenSmtpd,
};
