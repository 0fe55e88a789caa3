// Shared reader for the many text formats that list failed addresses under a heading and give the
// reason under a second heading ("The following address failed:" ... "Reason:" ...).
import type { DecodedRecipient, DecodedReport } from "./decoder.js";
import { readDsn } from "./dsn.js";
import type { BounceMail } from "./mail.js";
import { commandIn, oneLine, splitAtOriginal } from "./text.js";

export interface ListedFormat {
  /** The line that introduces the list of addresses. */
  heading: RegExp;
  /** The line that introduces the reason (the reason may also follow each address directly). */
  reasonHeading?: RegExp;
  /** Lines where the quoted original starts. */
  original: readonly RegExp[];
  /** The SMTP stage the format's texts always refer to, when it has one (e.g. "RCPT"). */
  command?: string;
  /** True when the report is only a delay warning. */
  delayed?: RegExp;
  /** True when the report says delivery was given up after the queue lifetime (a tentative "expired"). */
  expired?: RegExp;
}

/** An address alone on a line, with the decorations formats put around it (also quoted: "addr":). */
const ADDRESS_LINE = /^\s{0,8}(?:[*>-]{1,3}\s*)?(?:"[^"]{0,80}"\s*)?["<]?([^\s<>@"]{1,64}@[^\s<>:;,"]{1,255}?)[">]?(?:\s+<[^>]{1,320}>)?[.:]?\s*(?:\s(?:on|at)\s.*)?$/;
const SEPARATOR = /^[\s=*-]+$/;

interface ListedAddress {
  address: string;
  /** Lines directly under the address (no blank line between): its own explanation. */
  lines: string[];
  /** Index of the line after the address. */
  next: number;
}

/**
 * The addresses under the heading. Lines directly under an address belong to it; the list ends at
 * the first other line after a blank line. Returns the addresses and the index after the list.
 */
function listedAddresses(own: readonly string[], start: number): { listed: ListedAddress[]; end: number } {
  const listed: ListedAddress[] = [];
  let afterBlank = true;
  let index = start;
  for (; index < own.length && listed.length < 100; index++) {
    const line = own[index]!;
    const match = ADDRESS_LINE.exec(line);
    if (match) {
      listed.push({ address: match[1]!, lines: [], next: index + 1 });
      afterBlank = false;
    } else if (line.trim() === "" || SEPARATOR.test(line)) {
      afterBlank = true;
    } else if (listed.length && !afterBlank) {
      listed[listed.length - 1]!.lines.push(line);
    } else if (listed.length) {
      break;
    }
  }
  return { listed, end: index };
}

/** Reads the listed text; a report that also has delivery-status fields is left to those (more precise). */
export function readListedReport(mail: BounceMail, format: ListedFormat): DecodedReport | null {
  if (readDsn(mail)?.recipients.length) return null;
  const { own, quoted } = splitAtOriginal(mail.lines, format.original);
  const start = own.findIndex((line) => format.heading.test(line));
  if (start < 0) return null;
  const { listed, end } = listedAddresses(own, start + 1);
  if (listed.length === 0) return null;
  const delayed = format.delayed?.test(mail.subject + "\n" + own.join("\n")) ?? false;
  const expired = format.expired?.test(own.join("\n")) ?? false;
  const recipient = (address: string, diagnosticCode: string): DecodedRecipient => ({
    address,
    diagnosticCode,
    command: commandIn(diagnosticCode) || (format.command ?? ""),
    ...(delayed ? { action: "delayed" as const } : {}),
    ...(expired ? { reason: "expired" as const } : {}),
  });
  // each address with its own explanation (GMX: "addr": then its SMTP error, for every address)
  if (listed.length > 1 && listed.filter((item) => item.lines.length > 0).length > 1) {
    return { recipients: listed.map((item) => recipient(item.address, oneLine(item.lines.slice(0, 6)))), quotedOriginal: quoted };
  }
  // one explanation for all: the lines after the list, or under the reason heading
  const last = listed[listed.length - 1]!;
  let reasonLines = own.slice(last.lines.length ? last.next : end);
  const reasonAt = format.reasonHeading ? reasonLines.findIndex((line) => format.reasonHeading!.test(line)) : -1;
  if (reasonAt >= 0) reasonLines = reasonLines.slice(reasonAt + 1);
  const diagnosticCode = oneLine(reasonLines.filter((line) => !SEPARATOR.test(line)).slice(0, 6));
  return { recipients: listed.map((item) => recipient(item.address, diagnosticCode)), quotedOriginal: quoted };
}
