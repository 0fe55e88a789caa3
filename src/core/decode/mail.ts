// Reads raw message bytes into the view every decoder works on (BounceMail).
// Bounds: the report's own text is read up to 1 Mi characters (text_chars) and 20,000 lines (text_lines), the
// delivery-status parts up to 1 Mi characters together (status_chars), every line of either up to 4096
// characters (line_chars), an HTML part rendered from its first 256 Ki characters (html_chars);
// the MIME structure is bounded in mime.ts. Work: each part is decoded once, the text split once.
import type { HeaderField, Limit } from "../types.js";
import type { DecodedReport } from "./decoder.js";
import { firstAddress } from "./address.js";
import { decodeBytes, repairIso2022Jp } from "./charset.js";
import { bodyOffset, headerValue, parseHeaderBytes } from "./headers.js";
import { htmlText } from "./html-text.js";
import { Work } from "./limits.js";
import { mimeLeaves, type MimeLeaf } from "./mime.js";

/** Longer lines are cut before any pattern reads them (bounds regex work on hostile input). */
export const MAX_LINE_CHARS = 4096;
/** Text beyond this is not read by decoders: bounce texts are short, quoted originals are cut. */
const MAX_TEXT_CHARS = 1024 * 1024;
/** Lines beyond this are not read either (real reports have a few hundred; every decoder reads them all). */
const MAX_TEXT_LINES = 20000;
const MAX_HTML_CHARS = 256 * 1024;

/** The embedded original as the report carries it: whole message bytes or a header block. */
export interface AttachedOriginal {
  bytes: Uint8Array;
  /** True for text/rfc822-headers: there is no body. */
  headersOnly: boolean;
}

/** The parsed report message handed to every decoder. */
export interface BounceMail {
  /** The report's own header fields, decoded, in order. */
  headers: HeaderField[];
  /** Decoded Subject. */
  subject: string;
  /** Address of the From field, lower-cased ("" when none). */
  from: string;
  /** Lower-cased Content-Type value of the top level. */
  contentType: string;
  /** Text of the inline text parts (HTML rendered as text), LF line ends, long lines cut. */
  text: string;
  /** `text` split into lines. */
  lines: string[];
  /** Texts of message/delivery-status and message/global-delivery-status parts. */
  deliveryStatus: string[];
  /** Text of a message/feedback-report part (ARF), or "". */
  feedbackReport: string;
  /** The first message/rfc822, message/global or text/rfc822-headers part. */
  attached: AttachedOriginal | null;
  /** Every leaf part, in order (DMARC aggregate reports are read from their attachments). */
  parts: MimeLeaf[];
  /** The decoding this message is read in: its deadline, and where the bounds it reached are noted. */
  work: Work;
  /** What is derived from the message at its first use, for the many asking later. */
  memo: MailMemo;
}

/**
 * Kept on the message itself rather than in WeakMaps keyed by it: V8's young-generation collections keep a
 * WeakMap's values alive while their keys are young, so each message's index and DSN reading survived them and
 * were promoted (half of what those collections copied in a run of the command over the six-fold corpus).
 */
export interface MailMemo {
  fieldIndex?: FieldIndex;
  /** readDsn's reading (null: the message has no delivery-status fields). */
  dsn?: DecodedReport | null;
}

/** A message's header fields looked up by name, built at its first lookup (it gets ~20: hints, decoders). */
interface FieldIndex {
  /** Each field's first value by lower-cased name. */
  firstValues: Map<string, string>;
  /** Every field's lower-cased name, each after a line end: one search finds a name by its start. */
  names: string;
}

function fieldIndex(mail: BounceMail): FieldIndex {
  let index = mail.memo.fieldIndex;
  if (!index) {
    const firstValues = new Map<string, string>();
    let names = "";
    for (const [key, value] of mail.headers) {
      const lower = key.toLowerCase();
      names += "\n" + lower;
      // headerValue's rule: a name matches only when lower-casing kept its length
      if (lower.length === key.length && !firstValues.has(lower)) firstValues.set(lower, value);
    }
    index = { firstValues, names };
    mail.memo.fieldIndex = index;
  }
  return index;
}

/** First value of a header field of the report, or "" (as headerValue, from an index of the fields). */
export function header(mail: BounceMail, name: string): string {
  return fieldIndex(mail).firstValues.get(name.toLowerCase()) ?? "";
}

/**
 * The report has a field whose name starts with `prefix` (lower-case ASCII letters, digits and "-": field names
 * are ASCII without line ends, so this is the case-insensitive test of each name, without a pass over them).
 */
export function hasFieldStarting(mail: BounceMail, prefix: string): boolean {
  return fieldIndex(mail).names.includes("\n" + prefix);
}

/**
 * Normalises line ends and cuts long lines, overall length (`limit` names that bound) and, for the report's
 * text, the number of lines.
 */
function normaliseText(text: string, work: Work, limit: Limit, maxChars = MAX_TEXT_CHARS, maxLines = Infinity): string {
  if (text.length > maxChars) work.cut(limit);
  const cut = text.length > maxChars ? text.slice(0, maxChars) : text;
  const unified = firstLines(cut.includes("\r") ? cut.replace(/\r\n?/g, "\n") : cut, maxLines, work);
  if (!hasLongLine(unified)) return unified;
  work.cut("line_chars");
  return unified.split("\n").map((line) => (line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line)).join("\n");
}

/** The first `maxLines` lines of a text. */
function firstLines(text: string, maxLines: number, work: Work): string {
  let at = -1;
  for (let line = 0; line < maxLines; line++) {
    at = text.indexOf("\n", at + 1);
    if (at < 0) return text;
  }
  work.cut("text_lines");
  return text.slice(0, at);
}

function hasLongLine(text: string): boolean {
  let start = 0;
  for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
    if (end - start > MAX_LINE_CHARS) return true;
    start = end + 1;
  }
  return text.length - start > MAX_LINE_CHARS;
}

const ORIGINAL_TYPES = new Set(["message/rfc822", "message/global", "text/rfc822-headers", "text/rfc822-header", "message/rfc822-headers"]);
const STATUS_TYPES = new Set(["message/delivery-status", "message/global-delivery-status"]);

/** Converts lone CR line ends (old Mac mail) to LF; the MIME reader splits lines at LF only. */
export function normaliseLineEnds(raw: Uint8Array): Uint8Array {
  let lone = false;
  for (let i = raw.indexOf(0x0d); i >= 0 && !lone; i = raw.indexOf(0x0d, i + 1)) lone = raw[i + 1] !== 0x0a;
  if (!lone) return raw;
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw[i] === 0x0d && raw[i + 1] !== 0x0a ? 0x0a : raw[i]!;
  return out;
}

/**
 * format=flowed (RFC 3676): a line ending in a space continues on the next one (with delsp=yes that
 * space was added for the break); a leading space is stuffing. The signature separator stays a line.
 */
function unflowed(text: string, delsp: boolean): string {
  const lines: string[] = [];
  // the pieces of the paragraph being unfolded, joined once at its end (no string rebuilt per line)
  let paragraph: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.startsWith(" ") ? raw.slice(1) : raw;
    if (line.endsWith(" ") && line !== "-- ") {
      paragraph.push(delsp ? line.slice(0, -1) : line);
      continue;
    }
    paragraph.push(line);
    lines.push(paragraph.join(""));
    paragraph = [];
  }
  if (paragraph.length) lines.push(paragraph.join(""));
  return lines.join("\n");
}

/** A text part's text: its bytes in their charset (guessed when undeclared or wrong), flowed text unfolded. */
function partText(leaf: MimeLeaf): string {
  const text = decodeBytes(leaf.body, leaf.params["charset"] ?? "");
  return /^flowed$/i.test(leaf.params["format"] ?? "") ? unflowed(text, /^yes$/i.test(leaf.params["delsp"] ?? "")) : text;
}

/** The part of an HTML text that is rendered: HTML notices are a few KiB, and rendering reads every "<". */
function htmlPart(html: string, work: Work): string {
  if (html.length <= MAX_HTML_CHARS) return html;
  work.cut("html_chars");
  return html.slice(0, MAX_HTML_CHARS);
}

/**
 * The report's own text: its inline text parts in order; of the versions of a multipart/alternative the
 * plain text one (HTML rendered as text when it is the only one). Text parts marked as attachments
 * without a file name still belong to the report's own text.
 */
function reportText(leaves: readonly MimeLeaf[], work: Work): string {
  const groups = new Map<MimeLeaf | number, { plain: MimeLeaf[]; html: MimeLeaf[] }>();
  const attachedText: string[] = [];
  for (const leaf of leaves) {
    if (leaf.type !== "text/plain" && leaf.type !== "text/html") continue;
    if (leaf.disposition === "attachment") {
      if (leaf.type === "text/plain" && !leaf.hasFilename) attachedText.push(partText(leaf));
      continue;
    }
    const key = leaf.alternative >= 0 ? leaf.alternative : leaf;
    const group = groups.get(key) ?? { plain: [], html: [] };
    groups.set(key, group);
    (leaf.type === "text/plain" ? group.plain : group.html).push(leaf);
  }
  const texts: string[] = [];
  for (const group of groups.values()) {
    if (group.plain.length) for (const leaf of group.plain) texts.push(partText(leaf));
    else for (const leaf of group.html) texts.push(htmlText(htmlPart(partText(leaf), work)));
  }
  texts.push(...attachedText);
  return texts.join("\n");
}

/**
 * Parses a message whose line ends are LF or CRLF (see normaliseLineEnds); `headers` when the
 * caller already parsed the top-level header block.
 */
export function readMail(raw: Uint8Array, work = new Work(), headers = parseHeaderBytes(raw, work)): BounceMail {
  const body = bodyOffset(raw);
  const leaves = mimeLeaves(raw, body, work);
  work.deadline.check();
  const deliveryStatus: string[] = [];
  let statusChars = MAX_TEXT_CHARS;
  let feedbackReport = "";
  let attached: AttachedOriginal | null = null;
  for (const leaf of leaves) {
    if (STATUS_TYPES.has(leaf.type)) {
      if (statusChars <= 0) {
        work.cut("status_chars");
        continue;
      }
      const status = normaliseText(decodeBytes(leaf.body, "utf-8"), work, "status_chars", statusChars);
      statusChars -= status.length;
      deliveryStatus.push(status);
    } else if (leaf.type === "message/feedback-report") {
      feedbackReport ||= normaliseText(decodeBytes(leaf.body, "utf-8"), work, "text_chars");
    } else if (ORIGINAL_TYPES.has(leaf.type)) {
      attached ??= { bytes: leaf.body, headersOnly: !leaf.type.startsWith("message/r") && !leaf.type.startsWith("message/g") };
    }
  }
  let text = reportText(leaves, work);
  // a multipart whose boundary never occurs: the body is all there is
  if (!text.trim() && leaves.length === 0) text = decodeBytes(raw.subarray(body));
  text = normaliseText(repairIso2022Jp(text), work, "text_chars", MAX_TEXT_CHARS, MAX_TEXT_LINES);
  work.deadline.check();
  return {
    headers,
    subject: headerValue(headers, "subject"),
    from: firstAddress(headerValue(headers, "from")).toLowerCase(),
    contentType: headerValue(headers, "content-type").toLowerCase(),
    text,
    lines: text.split("\n"),
    deliveryStatus,
    feedbackReport,
    attached,
    parts: leaves,
    work,
    memo: {},
  };
}
