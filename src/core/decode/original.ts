// The embedded original message: its header fields and the facts the verdict engine reads.
// Bounds: an attached original is read for its header block only (headers.ts bounds it); an original
// quoted as text is looked for in its first 20,000 lines, examining at most 100,000 lines in all
// (quoted_lines). Work: each candidate block is walked by its field names until two telling ones are
// seen, and a block found not to be a header is not walked again from the lines inside it.
import type { HeaderField, OriginalMessage } from "../types.js";
import { allAddresses, cleanAddress, firstAddress } from "./address.js";
import { headerValue, headerValues, MAX_FIELDS, parseHeaderBytes, parseHeaderLines, walkFields } from "./headers.js";
import { CHECK_EVERY, Work } from "./limits.js";

const MAX_QUOTED_LINES = 20000;
const MAX_LINES_EXAMINED = 100_000;

/** ISO date of an RFC 5322 date, or the value as written when it does not parse. */
export function isoDate(value: string): string {
  if (!value) return "";
  const time = Date.parse(value.replace(/\([^)]{0,80}\)/g, "").trim());
  return Number.isNaN(time) ? "" : new Date(time).toISOString();
}

function fromFields(headers: HeaderField[]): OriginalMessage | null {
  if (headers.length === 0) return null;
  const to: string[] = [];
  for (const value of [...headerValues(headers, "to"), ...headerValues(headers, "cc")]) to.push(...allAddresses(value));
  return {
    messageId: cleanAddress(headerValue(headers, "message-id")).replace(/^<|>$/g, ""),
    from: firstAddress(headerValue(headers, "from")),
    to,
    returnPath: firstAddress(headerValue(headers, "return-path")),
    subject: headerValue(headers, "subject"),
    date: isoDate(headerValue(headers, "date")) || headerValue(headers, "date"),
    headers,
  };
}

/** Header fields that show a block of text is a message header and not prose. */
const TELLING_FIELDS = /^(?:received|message-id|from|to|subject|date|return-path|dkim-signature|mime-version|content-type|x-[a-z-]+|reply-to|cc|authentication-results)$/i;

function looksLikeHeaders(headers: HeaderField[]): boolean {
  const telling = headers.filter(([name]) => TELLING_FIELDS.test(name)).length;
  return telling >= 2 || (headers.length === 1 && ALONE_TELLING.test(headers[0]![0]));
}

/** A single field that shows a header block alone. */
const ALONE_TELLING = /^(?:message-id|received)$/i;

export function originalFromBytes(bytes: Uint8Array, work = new Work()): OriginalMessage | null {
  const headers = parseHeaderBytes(bytes, work);
  return looksLikeHeaders(headers) ? fromFields(headers) : null;
}

const FIRST_FIELD = /^[ \t>|]{0,8}(?:received|return-path|message-id|from|to|subject|date|dkim-signature|mime-version|x-[a-z-]{1,40}|reply-to|delivered-to|authentication-results|content-type):/i;
const QUOTE = /^(?:> ?|\| ?|[ \t]{1,8})/;

/** A quoted block whose fields were found not to make a header: where it ended, where its last field started. */
interface NotHeaders {
  end: number;
  lastField: number;
}

/**
 * Reads an original quoted as text: finds the first line that starts a header block (a field name
 * followed by a colon), tolerating leading blank lines, indentation and "> " quoting.
 */
export function originalFromText(text: string, work = new Work()): OriginalMessage | null {
  const lines = text.split("\n", MAX_QUOTED_LINES + 1);
  const cut = lines.length > MAX_QUOTED_LINES;
  if (cut) lines.length = MAX_QUOTED_LINES;
  // Per quoting prefix, the last block that was not a header: a block starting at a field line inside it
  // has a subset of its fields, so it is not one either (unless it is the last field alone).
  const notHeaders = new Map<string, NotHeaders>();
  const scratch = new Work();
  let examined = 0;
  for (let start = 0; start < lines.length; start++) {
    if ((start & CHECK_EVERY) === 0) work.deadline.check();
    const line = lines[start]!;
    if (!FIRST_FIELD.test(line)) continue;
    const prefix = QUOTE.exec(line)?.[0] ?? "";
    const known = notHeaders.get(prefix);
    if (known && start < known.end && start !== known.lastField && !/^[ \t]/.test(line.slice(prefix.length))) continue;
    let telling = 0;
    let count = 0;
    let alone = false;
    let lastField = start;
    const end = walkFields(lines, start, prefix, scratch, (name, _value, at) => {
      alone = ++count === 1 && ALONE_TELLING.test(name);
      lastField = at;
      if (TELLING_FIELDS.test(name)) telling++;
      return telling < 2;
    });
    if (telling >= 2 || (count === 1 && alone)) return fromFields(parseHeaderLines(lines, work, start, prefix));
    // a block cut at the field bound may go on from a later start
    notHeaders.set(prefix, count < MAX_FIELDS ? { end, lastField } : { end: start, lastField });
    examined += end - start + 1;
    if (examined > MAX_LINES_EXAMINED) {
      work.cut("quoted_lines");
      return null;
    }
  }
  if (cut) work.cut("quoted_lines");
  return null;
}
