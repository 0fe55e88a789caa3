// HCL Notes (formerly IBM/Lotus Notes), the client-side notice of a Domino router: Subject "Undeliverable
// message", the reason under "------- Failure Reasons --------" followed by the address alone on a line, the
// original after "------- Returned Message --------". The router judged the recipient (a directory lookup),
// so its refusals are at the recipient stage.
import { isAddress } from "../address.js";
import type { DecodedRecipient, Decoder } from "../decoder.js";
import type { BounceMail } from "../mail.js";
import { findLine, oneLine } from "../text.js";

const REASONS = /^-{5,} *failure reasons *-{5,}\s*$/i;
const RETURNED = /^-{5,} *returned message *-{5,}\s*$/i;
/** Lines of the reasons section read at most. */
const MAX_SECTION_LINES = 100;

function readNotes(mail: BounceMail): ReturnType<Decoder["decode"]> {
  const start = findLine(mail.lines, [REASONS]);
  if (start < 0) return null;
  const recipients: DecodedRecipient[] = [];
  let reason: string[] = [];
  const end = Math.min(mail.lines.length, start + 1 + MAX_SECTION_LINES);
  let returned = -1;
  for (let i = start + 1; i < end; i++) {
    const line = mail.lines[i]!.trim();
    if (RETURNED.test(line)) {
      returned = i;
      break;
    }
    if (!line || line.startsWith("-")) continue;
    // the reason stands above the address it is about
    if (!line.includes(" ") && isAddress(line)) {
      recipients.push({ address: line, diagnosticCode: oneLine(reason), command: "RCPT" });
      reason = [];
    } else {
      reason.push(line);
    }
  }
  return { recipients, quotedOriginal: returned >= 0 ? mail.lines.slice(returned + 1).join("\n") : "" };
}

export const notes: Decoder = {
  name: "notes",
  matches: (mail) => /^undeliverable message\b/i.test(mail.subject.trim()) && findLine(mail.lines, [REASONS]) >= 0,
  decode: readNotes,
};
