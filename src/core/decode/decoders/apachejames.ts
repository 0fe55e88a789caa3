// Apache James (and gateways built on it, such as Verizon's SMS gateway): "Error message below:" with
// the remote reply, then "Message details:" listing the envelope ("RCPT TO: address").
import type { DecodedRecipient, Decoder } from "../decoder.js";
import type { BounceMail } from "../mail.js";
import { allAddresses } from "../address.js";
import { oneLine } from "../text.js";

const ERROR_HEADING = /^\s*error message below:\s*$/i;
const DETAILS_HEADING = /^\s*message details:\s*$/i;

/** Reads the James report; `command` is the SMTP stage when the caller knows it. */
export function readJamesReport(mail: BounceMail, command = ""): ReturnType<Decoder["decode"]> {
  const errorAt = mail.lines.findIndex((line) => ERROR_HEADING.test(line));
  const detailsAt = mail.lines.findIndex((line) => DETAILS_HEADING.test(line));
  if (errorAt < 0 || detailsAt < errorAt) return null;
  const diagnosticCode = oneLine(mail.lines.slice(errorAt + 1, detailsAt).slice(0, 8));
  const details = mail.lines.slice(detailsAt + 1, detailsAt + 40);
  const recipients: DecodedRecipient[] = [];
  for (const line of details) {
    const match = /^\s*RCPT TO:\s*(.{1,2000})$/i.exec(line);
    if (!match) continue;
    for (const address of allAddresses(match[1]!, 50)) recipients.push({ address, diagnosticCode, ...(command ? { command } : {}) });
  }
  return { recipients };
}

export const apacheJames: Decoder = {
  name: "apachejames",
  matches: (mail) => /^[^\S\n]*error message below:\s*$/im.test(mail.text.slice(0, 3000)),
  decode: (mail) => readJamesReport(mail),
};
