// Smail 3 ("mail failed, returning to sender"; KMail writes the same form): sections between banner
// lines "|----- Message log follows: -----|", "|----- Failed addresses follow: -----|" and
// "|----- Message text follows: -----|". Each failed address stands on a line of its own, followed by
// " ... " and the error; the message log explains failures the address lines leave unexplained.
import { cleanAddress, isAddress } from "../address.js";
import type { DecodedRecipient, Decoder } from "../decoder.js";
import type { BounceMail } from "../mail.js";
import { commandIn, oneLine } from "../text.js";

const BANNER = /^\|-{5,} ?(message log|failed addresses|message text) follows?:? ?-*\|?\s*$/i;
/** " <address> ... <error>", the address possibly in angle brackets. */
const FAILED = /^\s{0,8}<?([^\s<>@]{1,64}@[^\s<>]{1,255}?)>?(?:\s+\.{3}\s*(.{0,1000}))?\s*$/;

function readSmail(mail: BounceMail): ReturnType<Decoder["decode"]> {
  const sections = new Map<string, string[]>();
  let current: string[] | null = null;
  let quotedFrom = -1;
  for (let i = 0; i < mail.lines.length; i++) {
    const banner = BANNER.exec(mail.lines[i]!);
    if (banner) {
      const name = banner[1]!.toLowerCase();
      if (name === "message text") {
        quotedFrom = i + 1;
        break;
      }
      current = [];
      sections.set(name, current);
      continue;
    }
    current?.push(mail.lines[i]!);
  }
  const failed = sections.get("failed addresses");
  if (!failed) return null;
  const log = oneLine(sections.get("message log") ?? []);
  const recipients: DecodedRecipient[] = [];
  let last: DecodedRecipient | null = null;
  for (const line of failed.slice(0, 200)) {
    const match = FAILED.exec(line);
    const address = match ? cleanAddress(match[1]!) : "";
    if (match && isAddress(address)) {
      last = { address, diagnosticCode: (match[2] ?? "").trim() };
      recipients.push(last);
    } else if (last && line.trim()) {
      last.diagnosticCode = oneLine([last.diagnosticCode, line]);
    }
  }
  for (const recipient of recipients) {
    recipient.diagnosticCode ||= log;
    recipient.command = commandIn(recipient.diagnosticCode);
  }
  return { recipients, quotedOriginal: quotedFrom >= 0 ? mail.lines.slice(quotedFrom).join("\n") : "" };
}

export const smail: Decoder = {
  name: "smail",
  matches: (mail) => /^mail failed, returning to sender/i.test(mail.subject.trim()) || /^\|-{5,} ?failed addresses follow/im.test(mail.text.slice(0, 4000)),
  decode: readSmail,
};
