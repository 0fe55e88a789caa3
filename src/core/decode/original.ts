// The embedded original message: its header fields and the facts the verdict engine reads.
import type { HeaderField, OriginalMessage } from "../types.js";
import { allAddresses, cleanAddress, firstAddress } from "./address.js";
import { headerValue, headerValues, parseHeaderBytes, parseHeaderLines } from "./headers.js";

/** ISO date of an RFC 5322 date, or the value as written when it does not parse. */
export function isoDate(value: string): string {
  if (!value) return "";
  const time = Date.parse(value.replace(/\([^)]{0,80}\)/g, "").trim());
  return Number.isNaN(time) ? "" : new Date(time).toISOString();
}

function fromFields(headers: HeaderField[]): OriginalMessage | null {
  if (headers.length === 0) return null;
  const to = [...headerValues(headers, "to"), ...headerValues(headers, "cc")].flatMap((value) => allAddresses(value));
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
  return telling >= 2 || (headers.length === 1 && /^(?:message-id|received)$/i.test(headers[0]![0]));
}

export function originalFromBytes(bytes: Uint8Array): OriginalMessage | null {
  const headers = parseHeaderBytes(bytes);
  return looksLikeHeaders(headers) ? fromFields(headers) : null;
}

const FIRST_FIELD = /^[ \t>|]{0,8}(?:received|return-path|message-id|from|to|subject|date|dkim-signature|mime-version|x-[a-z-]{1,40}|reply-to|delivered-to|authentication-results|content-type):/i;

/**
 * Reads an original quoted as text: finds the first line that starts a header block (a field name
 * followed by a colon), tolerating leading blank lines, indentation and "> " quoting.
 */
export function originalFromText(text: string): OriginalMessage | null {
  const lines = text.split("\n").slice(0, 20000);
  const quote = /^(?:> ?|\| ?|[ \t]{1,8})/;
  for (let start = 0; start < lines.length; start++) {
    const line = lines[start]!;
    if (!FIRST_FIELD.test(line)) continue;
    const prefix = quote.exec(line)?.[0] ?? "";
    const block = lines.slice(start).map((l) => (prefix && l.startsWith(prefix) ? l.slice(prefix.length) : l));
    const headers = parseHeaderLines(block);
    if (looksLikeHeaders(headers)) return fromFields(headers);
  }
  return null;
}
