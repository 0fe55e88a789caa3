// The MIME structure of a report: its leaf parts with their bodies transfer-decoded, found by scanning
// for boundaries in one pass over the message (native string searches, no work per line). Reports are
// small and flat. Bounds: at most 1000 parts, leaves and multiparts alike (mime_parts), nested at most
// 32 deep (mime_depth), part headers read up to 64 KiB. Work: each nesting level scans its own range
// once for its boundary, so bytes scanned are at most the message (10 MiB) times the depth reached.
import { Work } from "./limits.js";

/** One leaf part (message/rfc822 parts are leaves: the original is kept as bytes). */
export interface MimeLeaf {
  /** Lower-case media type ("text/plain" when none is declared). */
  type: string;
  /** Parameters of Content-Type, names lower-cased (charset, format, delsp, name, ...). */
  params: Record<string, string>;
  /** Lower-case disposition type ("attachment", "inline" or ""). */
  disposition: string;
  /** The part names a file (Content-Disposition filename or Content-Type name). */
  hasFilename: boolean;
  /** That file name ("" when none): aggregate reports are told by it (.xml, .xml.gz, .zip). */
  filename: string;
  /** Inside a multipart/alternative: the number of that alternative group, else -1. */
  alternative: number;
  /** The body after Content-Transfer-Encoding (base64, quoted-printable) is undone. */
  body: Uint8Array;
}

const MAX_DEPTH = 32;
const MAX_PARTS = 1000;
const MAX_PART_HEADER_CHARS = 64 * 1024;

/** Bytes as a string of the same length, one character per byte (so offsets match), reversible. */
const byteString = new TextDecoder("windows-1252");

interface Walk {
  bytes: Uint8Array;
  text: string;
  leaves: MimeLeaf[];
  /** Entities read so far (leaves and multiparts). */
  parts: number;
  alternatives: number;
  work: Work;
}

/** A header block's Content-* fields, unfolded, first occurrence of each, names lower-cased. */
function contentFields(header: string): Map<string, string> {
  const fields = new Map<string, string>();
  let name = "";
  let value = "";
  const flush = (): void => {
    if (name && !fields.has(name)) fields.set(name, value.trim());
    name = "";
  };
  // line by line, a line cut out only when it is read: most lines of a top-level header are other fields
  for (let start = 0, end = 0; start <= header.length; start = end + 1) {
    end = header.indexOf("\n", start);
    if (end < 0) end = header.length;
    const first = header.charCodeAt(start);
    if (first === 0x20 || first === 0x09) {
      if (name) value += " " + header.slice(start, end).trim();
      continue;
    }
    flush();
    // only a line starting with "c" can be a Content-* field: the others skip the pattern
    if ((first | 0x20) !== 0x63) continue;
    const line = header.slice(start, header.charCodeAt(end - 1) === 0x0d && end > start ? end - 1 : end);
    const match = /^(content-[a-z-]{1,30})[ \t]*:(.*)$/i.exec(line);
    if (match) {
      name = match[1]!.toLowerCase();
      value = match[2]!;
    }
  }
  flush();
  return fields;
}

const PARAMETER = /;\s*([!#$%&'*+.^`|~\w-]{1,60})\s*=\s*("(?:[^"\\]|\\.){0,2000}"|[^;\s]{0,2000})/g;

/** "type/subtype; a=b; c=\"d\"" → value and parameters (RFC 2231 sections joined, "*" names unstarred). */
export function structuredValue(field: string): { value: string; params: Record<string, string> } {
  const semicolon = field.indexOf(";");
  const head = semicolon < 0 ? field : field.slice(0, semicolon);
  // each step only where it can change something: this runs for every part's Content-Type and -Disposition
  const value = (head.includes("(") ? head.replace(/\([^)]{0,200}\)/g, "") : head).trim().toLowerCase();
  const params: Record<string, string> = {};
  if (semicolon < 0) return { value, params };
  const list = field.slice(semicolon);
  PARAMETER.lastIndex = 0;
  for (let match = PARAMETER.exec(list); match; match = PARAMETER.exec(list)) {
    const written = match[1]!;
    const lower = written.toLowerCase();
    const name = lower.includes("*") ? lower.replace(/\*(?:\d{1,3}\*?)?$/, "") : lower;
    let text = match[2]!;
    if (text.startsWith('"')) {
      text = text.slice(1, -1);
      if (text.includes("\\")) text = text.replace(/\\(.)/g, "$1");
    }
    const known = params[name];
    params[name] = known === undefined ? text : /\*\d/.test(written) ? known + text : known;
  }
  return { value, params };
}

const BASE64_VALUE = new Int16Array(256).fill(-1);
for (const [i, c] of [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].entries()) BASE64_VALUE[c.charCodeAt(0)] = i;
BASE64_VALUE["-".charCodeAt(0)] = 62;
BASE64_VALUE["_".charCodeAt(0)] = 63;

/** Base64 to bytes, skipping line ends and anything outside the alphabet; padding ends a group (segments may follow). */
export function decodeBase64(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil((data.length * 3) / 4));
  return out.subarray(0, decodeBase64Into(data, out));
}

/**
 * The decoding loop of decodeBase64, writing into `out`; returns the length written. A function of its own:
 * V8 optimises the loop while it runs (on-stack replacement), and with code after the loop that optimised code
 * bailed out at the end of nearly every base64 part (172 times in a six-fold corpus run of the CLI).
 */
function decodeBase64Into(data: Uint8Array, out: Uint8Array): number {
  let length = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < data.length; i++) {
    const byte = data[i]!;
    if (byte === 0x3d) {
      bits = 0;
      continue;
    }
    const value = BASE64_VALUE[byte]!;
    if (value < 0) continue;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = (buffer >> bits) & 0xff;
    }
  }
  return length;
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/** Quoted-printable to bytes: "=XX" escapes and soft line breaks ("=" at a line end). */
export function decodeQuotedPrintable(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  let length = 0;
  for (let i = 0; i < data.length; i++) {
    const byte = data[i]!;
    if (byte !== 0x3d) {
      out[length++] = byte;
      continue;
    }
    const high = hexValue(data[i + 1] ?? 0);
    const low = hexValue(data[i + 2] ?? 0);
    if (high >= 0 && low >= 0) {
      out[length++] = (high << 4) | low;
      i += 2;
      continue;
    }
    // soft line break: "=" then optional blanks then the line end
    let j = i + 1;
    while (data[j] === 0x20 || data[j] === 0x09) j++;
    if (data[j] === 0x0d && data[j + 1] === 0x0a) j++;
    if (data[j] === 0x0a || j >= data.length) i = j;
    else out[length++] = byte;
  }
  return out.subarray(0, length);
}

function transferDecoded(body: Uint8Array, encoding: string): Uint8Array {
  if (encoding.includes("base64")) return decodeBase64(body);
  if (encoding.includes("quoted-printable")) return decodeQuotedPrintable(body);
  return body;
}

/** Index just after the blank line that ends a header block starting at `start`, or -1. */
function headerEnd(text: string, start: number, end: number): number {
  if (text.charCodeAt(start) === 0x0a) return start + 1;
  if (text.charCodeAt(start) === 0x0d && text.charCodeAt(start + 1) === 0x0a) return start + 2;
  const limit = Math.min(end, start + MAX_PART_HEADER_CHARS);
  for (let i = text.indexOf("\n", start); i >= 0 && i < limit; i = text.indexOf("\n", i + 1)) {
    if (text.charCodeAt(i + 1) === 0x0a) return i + 2;
    if (text.charCodeAt(i + 1) === 0x0d && text.charCodeAt(i + 2) === 0x0a) return i + 3;
  }
  return -1;
}

/**
 * The ranges of the parts of a multipart body [start, end): between delimiter lines "--boundary"
 * (at a line start, optionally followed by blanks), up to the close delimiter "--boundary--" or the end.
 */
function partRanges(text: string, start: number, end: number, boundary: string, work: Work): Array<[number, number]> {
  const delimiter = "--" + boundary;
  const ranges: Array<[number, number]> = [];
  let partStart = -1;
  for (let at = text.indexOf(delimiter, start); at >= 0 && at < end; at = text.indexOf(delimiter, at + delimiter.length)) {
    if (at > start && text.charCodeAt(at - 1) !== 0x0a) continue;
    let after = at + delimiter.length;
    const closing = text.startsWith("--", after);
    if (closing) after += 2;
    while (text.charCodeAt(after) === 0x20 || text.charCodeAt(after) === 0x09) after++;
    if (text.charCodeAt(after) === 0x0d) after++;
    if (after < end && text.charCodeAt(after) !== 0x0a) continue;
    if (partStart >= 0) {
      // the line end before the delimiter belongs to the delimiter
      let partEnd = at > start ? at - 1 : at;
      if (partEnd > partStart && text.charCodeAt(partEnd - 1) === 0x0d) partEnd--;
      ranges.push([partStart, Math.max(partStart, partEnd)]);
      if (ranges.length >= MAX_PARTS) {
        if (!closing) work.cut("mime_parts");
        return ranges;
      }
    }
    if (closing) return ranges;
    partStart = Math.min(after + 1, end);
  }
  if (partStart >= 0) ranges.push([partStart, end]);
  return ranges;
}

/** Reads one entity (header fields given as a map) whose body is [start, end). */
function walkEntity(walk: Walk, fields: Map<string, string>, start: number, end: number, depth: number, parent: string, alternative: number): void {
  if (walk.parts >= MAX_PARTS) {
    walk.work.cut("mime_parts");
    return;
  }
  walk.parts++;
  walk.work.deadline.check();
  const contentType = fields.get("content-type");
  const { value: declared, params } = structuredValue(contentType ?? "");
  const type = /^[\w.+-]{1,80}\/[\w.+-]{1,120}$/.test(declared) ? declared : parent === "multipart/digest" ? "message/rfc822" : "text/plain";
  if (type.startsWith("multipart/")) {
    const boundary = params["boundary"];
    if (!boundary) return;
    if (depth >= MAX_DEPTH) {
      walk.work.cut("mime_depth");
      return;
    }
    const group = type === "multipart/alternative" ? walk.alternatives++ : alternative;
    for (const [partStart, partEnd] of partRanges(walk.text, start, end, boundary, walk.work)) {
      const bodyStart = headerEnd(walk.text, partStart, partEnd);
      const partFields = bodyStart < 0 ? new Map<string, string>() : contentFields(walk.text.slice(partStart, bodyStart));
      walkEntity(walk, partFields, bodyStart < 0 ? partEnd : bodyStart, partEnd, depth + 1, type, group);
    }
    return;
  }
  const disposition = structuredValue(fields.get("content-disposition") ?? "");
  walk.leaves.push({
    type,
    params,
    disposition: disposition.value,
    hasFilename: Boolean(disposition.params["filename"] || params["name"]),
    filename: disposition.params["filename"] || params["name"] || "",
    alternative,
    body: transferDecoded(walk.bytes.subarray(start, end), (fields.get("content-transfer-encoding") ?? "").toLowerCase()),
  });
}

/** The leaf parts of a message, in order; `bodyStart` is where its top-level body begins. */
export function mimeLeaves(bytes: Uint8Array, bodyStart: number, work = new Work()): MimeLeaf[] {
  const text = byteString.decode(bytes);
  const walk: Walk = { bytes, text, leaves: [], parts: 0, alternatives: 0, work };
  walkEntity(walk, contentFields(text.slice(0, bodyStart)), bodyStart, text.length, 0, "", -1);
  return walk.leaves;
}
