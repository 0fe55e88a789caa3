// Reads raw message bytes into the view every decoder works on (BounceMail).
import PostalMime from "postal-mime";
import type { Attachment } from "postal-mime";
import type { HeaderField } from "../types.js";
import { firstAddress } from "./address.js";
import { decodeBytes, repairIso2022Jp } from "./charset.js";
import { bodyOffset, headerValue, parseHeaderBytes } from "./headers.js";

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
}

/** First value of a header field of the report, or "". */
export function header(mail: BounceMail, name: string): string {
  return headerValue(mail.headers, name);
}

function attachmentBytes(attachment: Attachment): Uint8Array {
  const content = attachment.content;
  if (typeof content === "string") return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

/** Normalises line ends and cuts long lines and overall length. */
export function normaliseText(text: string): string {
  const lines = text.slice(0, MAX_TEXT_CHARS).replace(/\r\n?/g, "\n").split("\n");
  return lines.map((line) => (line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line)).join("\n");
}

const ORIGINAL_TYPES = new Set(["message/rfc822", "message/global", "text/rfc822-headers", "text/rfc822-header", "message/rfc822-headers"]);
const STATUS_TYPES = new Set(["message/delivery-status", "message/global-delivery-status"]);

/** Converts lone CR line ends (old Mac mail) to LF; the MIME parser splits lines at LF only. */
export function normaliseLineEnds(raw: Uint8Array): Uint8Array {
  let lone = 0;
  for (let i = 0; i < raw.length; i++) if (raw[i] === 0x0d && raw[i + 1] !== 0x0a) lone++;
  if (lone === 0) return raw;
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw[i] === 0x0d && raw[i + 1] !== 0x0a ? 0x0a : raw[i]!;
  return out;
}

/**
 * A single-part message whose 8-bit body the MIME parser could not decode (no or wrong charset):
 * decode the body bytes with charset guessing instead.
 */
function undeclaredBody(raw: Uint8Array, headers: HeaderField[], parsedText: string): string {
  if (!parsedText.includes("\ufffd")) return parsedText;
  const type = headerValue(headers, "content-type").toLowerCase();
  const encoding = headerValue(headers, "content-transfer-encoding").toLowerCase();
  if (type.startsWith("multipart/") || /base64|quoted-printable/.test(encoding)) return parsedText;
  const declared = /charset\s*=\s*"?([\w.:-]{1,40})/.exec(type)?.[1] ?? "";
  return decodeBytes(raw.subarray(bodyOffset(raw)), /utf-?8/.test(declared) ? "" : declared);
}

const CHARSET_PARAMETER = /(\bcharset\s*=\s*)(?:"[\w.:-]{1,40}"|[\w.:-]{1,40})/gi;
/** windows-1252 as the Encoding Standard defines it maps every byte to its own character, so it can be undone. */
const byteText = new TextDecoder("windows-1252");
const BYTE_OF = new Map([...byteText.decode(Uint8Array.from({ length: 256 }, (_, i) => i))].map((char, byte) => [char.charCodeAt(0), byte]));

function byteTextBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = BYTE_OF.get(text.charCodeAt(i)) ?? 0x3f;
  return bytes;
}

const PARSE_OPTIONS = { forceRfc822Attachments: true, attachmentEncoding: "arraybuffer", maxNestingDepth: 64, maxHeadersSize: 1024 * 1024 } as const;

/**
 * Parts whose 8-bit text does not fit their declared charset (EUC-JP labelled ISO-2022-JP, as Japanese
 * carriers send it): the message is parsed again with every charset label replaced by windows-1252,
 * so that the text parts come back byte for byte, and those bytes are decoded by guessing.
 */
async function textOfMislabelledParts(mime: ArrayBuffer): Promise<string> {
  const relabelled = byteText.decode(mime).replace(CHARSET_PARAMETER, "$1windows-1252");
  const parsed = await PostalMime.parse(byteTextBytes(relabelled), PARSE_OPTIONS);
  return decodeBytes(byteTextBytes(parsed.text ?? ""));
}

/** True when the header line starting at `at` is a Content-* field (case-insensitive). */
function isContentField(raw: Uint8Array, at: number): boolean {
  const name = "content-";
  for (let i = 0; i < name.length; i++) if ((raw[at + i]! | 0x20) !== name.charCodeAt(i)) return false;
  return true;
}

/**
 * What the MIME parser needs of a message: the top-level Content-* fields (with their continuation
 * lines), then the body. The other fields are parsed once, by parseHeaderBytes; the MIME parser would
 * parse them again (and their addresses), which costs more than copying the body.
 */
function mimeOnly(raw: Uint8Array): ArrayBuffer {
  const body = bodyOffset(raw);
  const kept: Array<[number, number]> = [];
  let size = raw.length - body + 1;
  let keeping = false;
  for (let start = 0; start < body; ) {
    let end = raw.indexOf(0x0a, start);
    end = end < 0 || end >= body ? body : end + 1;
    const first = raw[start];
    if (first !== 0x20 && first !== 0x09) keeping = isContentField(raw, start);
    if (keeping) {
      kept.push([start, end]);
      size += end - start;
    }
    start = end;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const [start, end] of kept) {
    out.set(raw.subarray(start, end), at);
    at += end - start;
  }
  out[at++] = 0x0a;
  out.set(raw.subarray(body), at);
  return out.buffer;
}

/**
 * Parses a message whose line ends are LF or CRLF (see normaliseLineEnds); `headers` when the
 * caller already parsed the top-level header block.
 */
export async function readMail(raw: Uint8Array, headers = parseHeaderBytes(raw)): Promise<BounceMail> {
  const mime = mimeOnly(raw);
  const parsed = await PostalMime.parse(mime, PARSE_OPTIONS);
  const deliveryStatus: string[] = [];
  let feedbackReport = "";
  let attached: AttachedOriginal | null = null;
  const extraText: string[] = [];
  for (const attachment of parsed.attachments) {
    const type = attachment.mimeType.toLowerCase();
    if (STATUS_TYPES.has(type)) {
      deliveryStatus.push(normaliseText(decodeBytes(attachmentBytes(attachment), "utf-8")));
    } else if (type === "message/feedback-report") {
      feedbackReport ||= normaliseText(decodeBytes(attachmentBytes(attachment), "utf-8"));
    } else if (ORIGINAL_TYPES.has(type)) {
      attached ??= { bytes: attachmentBytes(attachment), headersOnly: !type.startsWith("message/r") && !type.startsWith("message/g") };
    } else if (type === "text/plain" && !attachment.filename) {
      // a text part marked as attachment still belongs to the report's own text
      extraText.push(decodeBytes(attachmentBytes(attachment)));
    }
  }
  let text = undeclaredBody(raw, headers, parsed.text ?? "");
  if (text.includes("\ufffd")) text = await textOfMislabelledParts(mime);
  if (!text.trim() && !parsed.html && parsed.attachments.length === 0) {
    // a multipart whose boundary never occurs (or no MIME at all): the body is all there is
    text = decodeBytes(raw.subarray(bodyOffset(raw)));
  }
  if (!text.trim() && parsed.html) text = parsed.html.replace(/<[^>]{0,2000}>/g, " ");
  if (extraText.length) text = [text, ...extraText].join("\n");
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
  };
}
