// Reads raw message bytes into the view every decoder works on (BounceMail).
import type { HeaderField } from "../types.js";
import { firstAddress } from "./address.js";
import { decodeBytes, repairIso2022Jp } from "./charset.js";
import { bodyOffset, headerValue, parseHeaderBytes } from "./headers.js";
import { htmlText } from "./html-text.js";
import { mimeLeaves, type MimeLeaf } from "./mime.js";

/** Longer lines are cut before any pattern reads them (bounds regex work on hostile input). */
export const MAX_LINE_CHARS = 4096;
/** Text beyond this is not read by decoders: bounce texts are short, quoted originals are cut. */
const MAX_TEXT_CHARS = 1024 * 1024;

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
}

/** First value of a header field of the report, or "". */
export function header(mail: BounceMail, name: string): string {
  return headerValue(mail.headers, name);
}

/** Normalises line ends and cuts long lines and overall length. */
export function normaliseText(text: string): string {
  const cut = text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
  const unified = cut.includes("\r") ? cut.replace(/\r\n?/g, "\n") : cut;
  if (!hasLongLine(unified)) return unified;
  return unified.split("\n").map((line) => (line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line)).join("\n");
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
  let current: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.startsWith(" ") ? raw.slice(1) : raw;
    current = current === null ? line : current + line;
    if (line.endsWith(" ") && line !== "-- ") {
      if (delsp) current = current.slice(0, -1);
      continue;
    }
    lines.push(current);
    current = null;
  }
  if (current !== null) lines.push(current);
  return lines.join("\n");
}

/** A text part's text: its bytes in their charset (guessed when undeclared or wrong), flowed text unfolded. */
function partText(leaf: MimeLeaf): string {
  const text = decodeBytes(leaf.body, leaf.params["charset"] ?? "");
  return /^flowed$/i.test(leaf.params["format"] ?? "") ? unflowed(text, /^yes$/i.test(leaf.params["delsp"] ?? "")) : text;
}

/**
 * The report's own text: its inline text parts in order; of the versions of a multipart/alternative the
 * plain text one (HTML rendered as text when it is the only one). Text parts marked as attachments
 * without a file name still belong to the report's own text.
 */
function reportText(leaves: readonly MimeLeaf[]): string {
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
  const texts = [...groups.values()].flatMap((group) =>
    group.plain.length ? group.plain.map(partText) : group.html.map((leaf) => htmlText(partText(leaf))));
  return [...texts, ...attachedText].join("\n");
}

/**
 * Parses a message whose line ends are LF or CRLF (see normaliseLineEnds); `headers` when the
 * caller already parsed the top-level header block.
 */
export function readMail(raw: Uint8Array, headers = parseHeaderBytes(raw)): BounceMail {
  const body = bodyOffset(raw);
  const leaves = mimeLeaves(raw, body);
  const deliveryStatus: string[] = [];
  let feedbackReport = "";
  let attached: AttachedOriginal | null = null;
  for (const leaf of leaves) {
    if (STATUS_TYPES.has(leaf.type)) {
      deliveryStatus.push(normaliseText(decodeBytes(leaf.body, "utf-8")));
    } else if (leaf.type === "message/feedback-report") {
      feedbackReport ||= normaliseText(decodeBytes(leaf.body, "utf-8"));
    } else if (ORIGINAL_TYPES.has(leaf.type)) {
      attached ??= { bytes: leaf.body, headersOnly: !leaf.type.startsWith("message/r") && !leaf.type.startsWith("message/g") };
    }
  }
  let text = reportText(leaves);
  // a multipart whose boundary never occurs: the body is all there is
  if (!text.trim() && leaves.length === 0) text = decodeBytes(raw.subarray(body));
  text = normaliseText(repairIso2022Jp(text));
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
  };
}
