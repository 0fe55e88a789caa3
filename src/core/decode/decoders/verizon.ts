// Verizon Wireless MMS/SMS gateways (vzwpix.com, vtext.com): "Message could not be delivered to
// mobile." with "Error: ..." and the original quoted after "Original Message:"; the recipient is the
// quoted original's To. The SMS gateway also sends Apache James reports.
import type { Decoder } from "../decoder.js";
import type { BounceMail } from "../mail.js";
import { originalFromText } from "../original.js";
import { oneLine, splitAtOriginal } from "../text.js";
import { readJamesReport } from "./apachejames.js";

function readVerizon(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!verizon.matches(mail)) return null;
  // the SMS gateway's James-style report answers for the number (the recipient), so it is a recipient-stage refusal
  const james = readJamesReport(mail, "RCPT");
  if (james?.recipients.length) return james;
  const { own, quoted } = splitAtOriginal(mail.lines, [/^\s*original message:?\s*$/i]);
  const diagnosticCode = oneLine(own.filter((line) => /error|could not|invalid/i.test(line)));
  const to = originalFromText(quoted)?.to ?? [];
  return { recipients: to.map((address) => ({ address, diagnosticCode, command: "RCPT" })), quotedOriginal: quoted };
}

export const verizon: Decoder = {
  name: "verizon",
  matches: (mail) => /@(?:[\w-]+\.)*(?:vzwpix|vtext|vzw)\.com$/.test(mail.from),
  decode: readVerizon,
};
