// Header blocks: splitting a message into header and body, unfolding and decoding fields.
// Bounds (each reached is named in the report's limits): a header block is read up to 512 KiB
// (header_bytes), at most 2000 fields (header_fields), each value up to 16 Ki characters
// (header_value_chars). Work: one pass over the lines, each field decoded once.
import { decodeWords } from "postal-mime";
import type { HeaderField } from "../types.js";
import { decodeBytes, repairIso2022Jp } from "./charset.js";
import { Work } from "./limits.js";
import { collapsedSpace } from "./text.js";

/** Header blocks larger than this are cut: real ones are a few KiB, hostile ones unbounded. */
const MAX_HEADER_BYTES = 512 * 1024;
export const MAX_FIELDS = 2000;
/** A field value longer than this is truncated before anything else reads it. */
const MAX_VALUE_CHARS = 16 * 1024;

/** Offset just after the first empty line within the header bound, or -1. */
function blankLineEnd(bytes: Uint8Array): number {
  const limit = Math.min(bytes.length, MAX_HEADER_BYTES);
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < limit; i = bytes.indexOf(0x0a, i + 1)) {
    if (bytes[i + 1] === 0x0a) return i + 2;
    if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) return i + 3;
  }
  return -1;
}

/** Offset of the body: just after the first empty line, or the end (of the header bound) when there is none. */
export function bodyOffset(bytes: Uint8Array): number {
  const end = blankLineEnd(bytes);
  return end >= 0 ? end : Math.min(bytes.length, MAX_HEADER_BYTES);
}

/** Decodes a field value: raw 8-bit bytes by guessing, then RFC 2047 encoded-words. */
export function decodeFieldValue(value: string): string {
  let decoded = value;
  if (decoded.includes("=?")) {
    try {
      decoded = decodeWords(decoded);
    } catch {
      // a malformed encoded-word stays as written
    }
  }
  decoded = repairIso2022Jp(decoded);
  return collapsedSpace(decoded);
}

/** A field's first line: its name (printable ASCII but ":"), optional blanks, ":", a value on that line. */
const FIELD_LINE = /^[!-9;-~]{1,76}[ \t]*:.*$/;

/**
 * Walks the fields of a header block that starts at line `from` (with `prefix` removed from the lines
 * that have it, for a quoted block), calling `visit` with each unfolded field (value not yet decoded) and
 * the line it starts on, until `visit` returns false. Stops at the first line that is neither a field nor
 * a continuation, so it can read a header block quoted inside a body. Returns the line where it stopped.
 */
export function walkFields(
  lines: readonly string[], from: number, prefix: string, work: Work,
  visit: (name: string, value: string, line: number) => boolean,
): number {
  let count = 0;
  let name = "";
  let value = "";
  let start = from;
  let truncated = false;
  const flush = (): boolean => {
    if (!name) return true;
    if (truncated || value.length > MAX_VALUE_CHARS) work.cut("header_value_chars");
    count++;
    const more = visit(name, value.slice(0, MAX_VALUE_CHARS), start);
    name = "";
    return more;
  };
  let i = from;
  for (; i < lines.length; i++) {
    const quoted = lines[i]!;
    const rawLine = prefix && quoted.startsWith(prefix) ? quoted.slice(prefix.length) : quoted;
    const line = rawLine.charCodeAt(rawLine.length - 1) === 0x0d ? rawLine.slice(0, -1) : rawLine;
    if (line === "") break;
    const first = line.charCodeAt(0);
    if (first === 0x20 || first === 0x09) {
      if (name && value.length < MAX_VALUE_CHARS) value += " " + line.trim();
      else if (name) truncated = true;
      continue;
    }
    const field = line.length > MAX_VALUE_CHARS ? line.slice(0, MAX_VALUE_CHARS) : line;
    // tested, then cut at its first ":" (the name holds none): no match array per line of every header block
    if (!FIELD_LINE.test(field)) {
      // mbox "From " separator lines may precede the fields
      if (count === 0 && !name && line.startsWith("From ")) continue;
      break;
    }
    if (!flush()) return i;
    if (count >= MAX_FIELDS) {
      work.cut("header_fields");
      return i;
    }
    const colon = field.indexOf(":");
    name = field.slice(0, colon).trimEnd();
    value = field.slice(colon + 1).trim();
    start = i;
    truncated = line.length > MAX_VALUE_CHARS;
  }
  flush();
  return i;
}

/** Parses header lines (already text) into decoded fields, in order (see walkFields). */
export function parseHeaderLines(lines: readonly string[], work = new Work(), from = 0, prefix = ""): HeaderField[] {
  const fields: HeaderField[] = [];
  walkFields(lines, from, prefix, work, (name, value) => fields.push([name, decodeFieldValue(value)]) > 0);
  return fields;
}

/** Parses the header block at the start of raw message bytes. */
export function parseHeaderBytes(bytes: Uint8Array, work = new Work()): HeaderField[] {
  let end = blankLineEnd(bytes);
  if (end < 0) {
    end = Math.min(bytes.length, MAX_HEADER_BYTES);
    if (bytes.length > MAX_HEADER_BYTES) work.cut("header_bytes");
  }
  const text = decodeBytes(bytes.subarray(0, end));
  return parseHeaderLines(text.split("\n"), work);
}

/** First value of a field (case-insensitive name), or "". */
export function headerValue(fields: readonly HeaderField[], name: string): string {
  const lower = name.toLowerCase();
  for (const [key, value] of fields) if (key.length === lower.length && key.toLowerCase() === lower) return value;
  return "";
}

/** All values of a field, in order. */
export function headerValues(fields: readonly HeaderField[], name: string): string[] {
  const lower = name.toLowerCase();
  return fields.filter(([key]) => key.length === lower.length && key.toLowerCase() === lower).map(([, value]) => value);
}
