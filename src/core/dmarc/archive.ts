// The XML documents inside an aggregate-report attachment, streamed out of gzip or zip with fflate (a small,
// widely used pure-JavaScript inflate with streaming and zip support; no hand-written inflate) under explicit
// limits. The container is told by its first bytes, not by the file name: reporters send ".xml.gz" files that
// are plain XML, and ".zip" names on gzip data.
import { Gunzip, Unzip, UnzipInflate, UnzipPassThrough } from "fflate";

/** Attachments larger than this are not read (the largest real reports are a few megabytes compressed). */
export const MAX_COMPRESSED_BYTES = 8 * 1024 * 1024;
/** All XML inflated from one mail together, counted as it streams out (a zip bomb stops here). */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;
/** Entries looked at in one zip archive (reporters send one). */
export const MAX_ZIP_ENTRIES = 16;
/**
 * Compressed input is pushed in slices this small, so one push can inflate at most about a thousand times
 * as much (deflate's maximum ratio: 1 MiB) before the limits are checked again and the XML reader takes it.
 */
const SLICE_BYTES = 1024;

export class ArchiveRefused extends Error {}

export type Container = "gzip" | "zip" | "xml" | "unknown";

/** The container format by its magic bytes; XML may start with a byte order mark and blanks. */
export function containerOf(bytes: Uint8Array): Container {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return "gzip";
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return "zip";
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && i < 1024 && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x3c ? "xml" : "unknown";
}

/** Counts inflated bytes of one mail against MAX_INFLATED_BYTES. */
export class InflateBudget {
  used = 0;
  constructor(readonly limit = MAX_INFLATED_BYTES) {}
  take(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limit) throw new ArchiveRefused(`inflates beyond ${this.limit / (1024 * 1024)} MiB`);
  }
}

/** One XML document as it streams out: `chunk` for each piece, `end` once it is complete. */
export interface DocumentSink {
  chunk(bytes: Uint8Array): void;
  end(): void;
}

/** fflate's own errors carry a numeric code; errors thrown by the sinks pass through unchanged. */
function isFlateError(error: unknown): error is Error {
  return error instanceof Error && typeof (error as { code?: unknown }).code === "number";
}

function pushSliced(push: (chunk: Uint8Array, final: boolean) => void, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
    push(bytes.subarray(at, at + SLICE_BYTES), at + SLICE_BYTES >= bytes.length);
  }
  if (bytes.length === 0) push(bytes, true);
}

function gunzipInto(bytes: Uint8Array, budget: InflateBudget, sink: DocumentSink): void {
  let ended = false;
  const gunzip = new Gunzip((data, final) => {
    budget.take(data.length);
    sink.chunk(data);
    if (final && !ended) {
      ended = true;
      sink.end();
    }
  });
  try {
    pushSliced((chunk, final) => gunzip.push(chunk, final), bytes);
  } catch (error) {
    throw isFlateError(error) ? new ArchiveRefused(`not readable gzip (${error.message})`) : error;
  }
  if (!ended) throw new ArchiveRefused("gzip data ends early");
}

/** A name that points outside the archive's own folder or names a folder: never a report, never opened. */
function unsafeEntryName(name: string): boolean {
  return name.startsWith("/") || name.includes("\\") || /^[a-z]:/i.test(name) || name.split("/").includes("..") || name.includes("\0");
}

/**
 * Each ".xml" entry of a zip archive, as a document of its own (`open` gives its sink). Other entries are
 * skipped unread; an entry with an unsafe path name makes the archive refused.
 */
function unzipInto(bytes: Uint8Array, budget: InflateBudget, open: (name: string) => DocumentSink): void {
  let entries = 0;
  let opened = 0;
  const pending = new Set<string>();
  const unzip = new Unzip((file) => {
    if (++entries > MAX_ZIP_ENTRIES) throw new ArchiveRefused(`more than ${MAX_ZIP_ENTRIES} zip entries`);
    if (unsafeEntryName(file.name)) throw new ArchiveRefused(`zip entry with an unsafe path name (${JSON.stringify(file.name.slice(0, 80))})`);
    if (!/\.xml$/i.test(file.name)) return;
    if (file.compression !== 0 && file.compression !== 8) throw new ArchiveRefused(`zip entry compressed with method ${file.compression}`);
    const sink = open(file.name);
    opened++;
    pending.add(file.name);
    file.ondata = (error, data, final) => {
      if (error) throw new ArchiveRefused(`zip entry not readable (${error.message})`);
      budget.take(data.length);
      sink.chunk(data);
      if (final) {
        pending.delete(file.name);
        sink.end();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  try {
    pushSliced((chunk, final) => unzip.push(chunk, final), bytes);
  } catch (error) {
    throw isFlateError(error) ? new ArchiveRefused(`not a readable zip archive (${error.message})`) : error;
  }
  if (pending.size > 0) throw new ArchiveRefused("zip archive ends inside an entry");
  if (opened === 0) throw new ArchiveRefused("zip archive without an .xml entry");
}

/**
 * Streams every XML document of an attachment into sinks from `open` (gzip: one; zip: one per .xml entry;
 * plain XML: itself). Throws ArchiveRefused when the attachment breaks a limit or is no known container.
 */
export function unpackDocuments(bytes: Uint8Array, budget: InflateBudget, open: (name: string) => DocumentSink): void {
  if (bytes.length > MAX_COMPRESSED_BYTES) throw new ArchiveRefused(`larger than ${MAX_COMPRESSED_BYTES / (1024 * 1024)} MiB`);
  const container = containerOf(bytes);
  if (container === "gzip") gunzipInto(bytes, budget, open(""));
  else if (container === "zip") unzipInto(bytes, budget, open);
  else if (container === "xml") {
    budget.take(bytes.length);
    const sink = open("");
    sink.chunk(bytes);
    sink.end();
  } else throw new ArchiveRefused("neither gzip, zip nor XML");
}
