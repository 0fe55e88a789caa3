// Header blocks: splitting a message into header and body, unfolding and decoding fields.
import { decodeWords } from "postal-mime";
import type { HeaderField } from "../types.js";
import { decodeBytes, repairIso2022Jp } from "./charset.js";

/** Header blocks larger than this are cut: real ones are a few KiB, hostile ones unbounded. */
const MAX_HEADER_BYTES = 512 * 1024;
const MAX_FIELDS = 2000;
/** A field value longer than this is truncated before anything else reads it. */
const MAX_VALUE_CHARS = 16 * 1024;

/** Offset of the body: just after the first empty line, or the end when there is none. */
export function bodyOffset(bytes: Uint8Array): number {
  const limit = Math.min(bytes.length, MAX_HEADER_BYTES);
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < limit; i = bytes.indexOf(0x0a, i + 1)) {
    if (bytes[i + 1] === 0x0a) return i + 2;
    if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) return i + 3;
  }
  return limit;
}

/** Whitespace other than single spaces, which decoded values collapse. */
const SPACING = /[^\S ]| \s/;

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
  return SPACING.test(decoded) ? decoded.replace(/\s+/g, " ").trim() : decoded.trim();
}

const FIELD_LINE = /^([!-9;-~]{1,76})[ \t]*:(.*)$/;

/**
 * Parses header lines (already text) into decoded fields, in order. Stops at the first line that is
 * neither a field nor a continuation, so it can read a header block quoted inside a body.
 */
export function parseHeaderLines(lines: readonly string[]): HeaderField[] {
  const fields: HeaderField[] = [];
  let name = "";
  let value = "";
  const flush = (): void => {
    if (name) fields.push([name, decodeFieldValue(value.slice(0, MAX_VALUE_CHARS))]);
    name = "";
    value = "";
  };
  for (const rawLine of lines) {
    const line = rawLine.charCodeAt(rawLine.length - 1) === 0x0d ? rawLine.slice(0, -1) : rawLine;
    if (line === "") break;
    const first = line.charCodeAt(0);
    if (first === 0x20 || first === 0x09) {
      if (name && value.length < MAX_VALUE_CHARS) value += " " + line.trim();
      continue;
    }
    const match = FIELD_LINE.exec(line.length > MAX_VALUE_CHARS ? line.slice(0, MAX_VALUE_CHARS) : line);
    if (!match) {
      // mbox "From " separator lines may precede the fields
      if (fields.length === 0 && !name && line.startsWith("From ")) continue;
      break;
    }
    flush();
    if (fields.length >= MAX_FIELDS) break;
    name = match[1]!;
    value = match[2]!.trim();
  }
  flush();
  return fields;
}

/** Parses the header block at the start of raw message bytes. */
export function parseHeaderBytes(bytes: Uint8Array): HeaderField[] {
  const end = bodyOffset(bytes);
  const text = decodeBytes(bytes.subarray(0, end));
  return parseHeaderLines(text.split("\n"));
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
