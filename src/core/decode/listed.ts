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
}

/** An address alone on a line, with the decorations formats put around it. */
const ADDRESS_LINE = /^\s{0,8}(?:[*>-]{1,3}\s*)?(?:"[^"]{0,80}"\s*)?<?([^\s<>@"]{1,64}@[^\s<>:;,"]{1,255}?)>?(?:\s+<[^>]{1,320}>)?[.:]?\s*(?:\s(?:on|at)\s.*)?$/;

/** Reads the listed text; a report that also has delivery-status fields is left to those (more precise). */
export function readListedReport(mail: BounceMail, format: ListedFormat): DecodedReport | null {
  if (readDsn(mail)?.recipients.length) return null;
  const { own, quoted } = splitAtOriginal(mail.lines, format.original);
  const start = own.findIndex((line) => format.heading.test(line));
  if (start < 0) return null;
  const addresses: string[] = [];
  let index = start + 1;
  for (; index < own.length && addresses.length < 100; index++) {
    const line = own[index]!;
    const match = ADDRESS_LINE.exec(line);
    if (match) addresses.push(match[1]!);
    else if (line.trim() !== "" && !/^[\s=*-]+$/.test(line) && addresses.length) break;
  }
  if (addresses.length === 0) return null;
  let reasonLines = own.slice(index);
  const reasonAt = format.reasonHeading ? reasonLines.findIndex((line) => format.reasonHeading!.test(line)) : -1;
  if (reasonAt >= 0) reasonLines = reasonLines.slice(reasonAt + 1);
  const diagnosticCode = oneLine(reasonLines.filter((line) => !/^[\s=*-]+$/.test(line)).slice(0, 6));
  const delayed = format.delayed?.test(mail.subject + "\n" + own.join("\n")) ?? false;
  const recipients: DecodedRecipient[] = addresses.map((address) => ({
    address,
    diagnosticCode,
    command: commandIn(diagnosticCode) || (format.command ?? ""),
    ...(delayed ? { action: "delayed" as const } : {}),
  }));
  return { recipients, quotedOriginal: quoted };
}
