// hMailServer: "Your message did not reach some or all of the intended recipients.", then under
// "The following recipient(s) could not be reached:" each address on its own line followed by indented
// lines: "Error Type: SMTP", "Remote server (<ip>) issued an error.", "hMailServer sent: <command>",
// "Remote server replied: <reply>" — or, when no connection was made, "Connection to recipients server
// failed." and "Error: <text>". Exchange 2003 opens with the same sentence but lists "cannot be reached".
import { firstAddress } from "../address.js";
import type { DecodedRecipient, Decoder } from "../decoder.js";
import type { BounceMail } from "../mail.js";
import { findLine, oneLine } from "../text.js";

const NOTICE = /your message did not reach some or all of the intended recipients/i;
const LIST_START = /^\s*the following recipient\(s\) could not be reached:\s*$/i;
/** Lines of one recipient's block read at most. */
const MAX_BLOCK_LINES = 8;

function readHMailServer(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!NOTICE.test(mail.text.slice(0, 3000))) return null;
  const start = findLine(mail.lines, [LIST_START]);
  if (start < 0) return null;
  const recipients: DecodedRecipient[] = [];
  const lines = mail.lines.slice(start + 1, start + 400);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // an address line is not indented; its explanation is
    if (/^\s/.test(line) || line.trim() === "") continue;
    const address = firstAddress(line);
    if (!address) continue;
    const details: string[] = [];
    for (let j = i + 1; j < lines.length && /^\s+\S/.test(lines[j]!) && details.length < MAX_BLOCK_LINES; j++) details.push(lines[j]!.trim());
    const reply = details.map((detail) => /^(?:remote server replied|error):\s*(.+)$/i.exec(detail)?.[1]).find(Boolean);
    const sent = details.map((detail) => /^hMailServer sent:\s*([A-Za-z]{4})\b/i.exec(detail)?.[1]).find(Boolean);
    recipients.push({
      address,
      diagnosticCode: reply ? reply.trim() : oneLine(details.filter((detail) => !/^error type:/i.test(detail))),
      ...(/^error type:\s*smtp\b/i.test(details[0] ?? "") ? { diagnosticType: "SMTP" } : {}),
      ...(sent ? { command: sent.toUpperCase() } : {}),
    });
  }
  return { recipients };
}

export const hMailServer: Decoder = {
  name: "hmailserver",
  matches: (mail) => NOTICE.test(mail.text.slice(0, 3000)) && findLine(mail.lines, [LIST_START]) >= 0,
  decode: readHMailServer,
};
