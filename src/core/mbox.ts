// Unix mbox (as Thunderbird stores every folder): messages separated by lines starting with "From ".
// Thunderbird writes body lines that start with "From " as ">From ", so a separator is any line that starts
// with "From " at the start of the file or right after a line end. Line ends are LF (or CRLF), or CR alone
// (old Mac mail programs and some converters): the end of the first "From " line tells which, so a stray CR
// inside a line of an LF file never splits a message. Works on bytes (folders are not all UTF-8) and chunk by
// chunk, so a folder larger than memory is read with one message held at a time; the caller reads the file.

const FROM_ = [0x46, 0x72, 0x6f, 0x6d, 0x20]; // "From "
const LF = 0x0a;
const CR = 0x0d;

function startsWithFrom(bytes: Uint8Array, at: number): boolean {
  if (at + FROM_.length > bytes.length) return false;
  for (let i = 0; i < FROM_.length; i++) if (bytes[at + i] !== FROM_[i]) return false;
  return true;
}

/** True when bytes[at..] (shorter than "From ") could be the start of a "From " line. */
function mayStartFrom(bytes: Uint8Array, at: number): boolean {
  for (let i = at; i < bytes.length; i++) if (bytes[i] !== FROM_[i - at]) return false;
  return true;
}

function concat(pieces: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

/** True when the bytes look like an mbox file: the first line starts with "From ". */
export function isMbox(bytes: Uint8Array): boolean {
  return startsWithFrom(bytes, 0);
}

export interface SplitOptions {
  /** A message longer than this is cut there (the rest is skipped up to the next separator). */
  maxMessageBytes?: number;
  /**
   * The caller reads every chunk into the same memory: what a message keeps across pushes is copied, and the
   * messages `push` returns stay valid only until the next push (one read buffer, no garbage per chunk).
   */
  chunksReused?: boolean;
}

/**
 * Splits an mbox given chunk by chunk: `push` returns the messages each chunk completes, `end` the last one.
 * Messages come without their "From " line and without the line end before the next one; a message that
 * lies within one chunk is a view into it (see chunksReused). Bytes before the first separator are not a message.
 */
export class MboxSplitter {
  private readonly maxBytes: number;
  private pieces: Uint8Array[] = [];
  private kept = 0;
  private cut = false;
  /** A separator has been seen: bytes belong to a message. */
  private started = false;
  /** Inside a separator line that continues in the next chunk. */
  private inSeparator = false;
  /** The separator line ended with CR at the end of a chunk: an LF first in the next one belongs to it. */
  private skipLf = false;
  /** Which byte ends a line, from the first separator line; null until then. */
  private lineEnd: typeof LF | typeof CR | null = null;
  /** The next chunk starts a line. */
  private lineStart = true;
  /** The end of the last chunk: a line start followed by fewer bytes than "From " that may begin one. */
  private carry: Uint8Array | null = null;

  private readonly chunksReused: boolean;
  /** Pieces from this index on are views into the chunk being pushed. */
  private fresh = 0;

  constructor(options: SplitOptions = {}) {
    this.maxBytes = options.maxMessageBytes ?? Infinity;
    this.chunksReused = options.chunksReused ?? false;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let bytes = chunk;
    if (this.carry) {
      const carried = this.carry;
      this.carry = null;
      bytes = concat([carried, chunk], carried.length + chunk.length);
    }
    this.fresh = this.pieces.length;
    this.scan(bytes, out);
    // The message still open keeps what this chunk gave it: copied when the chunk's memory is read into again.
    if (this.chunksReused) for (let i = this.fresh; i < this.pieces.length; i++) this.pieces[i] = this.pieces[i]!.slice();
    return out;
  }

  end(): Uint8Array[] {
    if (this.carry) this.append(this.carry);
    this.carry = null;
    if (!this.started) return [];
    this.started = false;
    return [this.take()];
  }

  /** The next LF in the current chunk while the kind of line end is not known yet (-1: none, -2: not searched). */
  private lfAt = -2;

  /** The next line end at or after `at` in `bytes`, or -1. */
  private lineEndIn(bytes: Uint8Array, at: number): number {
    if (this.lineEnd !== null) return bytes.indexOf(this.lineEnd, at);
    // Before the first separator line ends, either may end a line. LF is searched once per chunk as far as
    // the next one; CR only up to that LF (a search to the end would cost as much as the whole split).
    if (this.lfAt !== -1 && this.lfAt < at) this.lfAt = bytes.indexOf(LF, at);
    const cr = bytes.subarray(at, this.lfAt < 0 ? bytes.length : this.lfAt).indexOf(CR);
    return cr >= 0 ? at + cr : this.lfAt;
  }

  /** Where the separator line that ends at `end` is followed by the next line; learns the file's line ends. */
  private afterSeparator(bytes: Uint8Array, end: number): number {
    if (bytes[end] === LF) {
      this.lineEnd ??= LF;
      return end + 1;
    }
    if (end + 1 === bytes.length) {
      this.skipLf = true;
      return end + 1;
    }
    const crlf = bytes[end + 1] === LF;
    this.lineEnd ??= crlf ? LF : CR;
    return crlf ? end + 2 : end + 1;
  }

  private scan(bytes: Uint8Array, out: Uint8Array[]): void {
    const n = bytes.length;
    if (n === 0) return;
    this.lfAt = -2;
    let p = 0;
    let atLineStart = this.lineStart;
    if (this.inSeparator) {
      const end = this.lineEndIn(bytes, 0);
      if (end < 0) return;
      this.inSeparator = false;
      p = this.afterSeparator(bytes, end);
      atLineStart = true;
    } else if (this.skipLf) {
      this.skipLf = false;
      if (bytes[0] === LF) p = 1;
      this.lineEnd ??= p === 1 ? LF : CR;
      atLineStart = true;
    }
    let segment = p;
    if (!atLineStart) {
      const end = this.lineEndIn(bytes, p);
      p = end < 0 ? n : end + 1;
    }
    while (p < n) {
      // p starts a line
      if (bytes[p] === FROM_[0]) {
        if (n - p < FROM_.length) {
          if (mayStartFrom(bytes, p)) {
            this.append(bytes.subarray(segment, p));
            this.carry = bytes.slice(p);
            this.lineStart = true;
            return;
          }
        } else if (startsWithFrom(bytes, p)) {
          this.append(bytes.subarray(segment, p));
          if (this.started) out.push(this.take());
          this.started = true;
          const end = this.lineEndIn(bytes, p + FROM_.length);
          if (end < 0) {
            this.inSeparator = true;
            return;
          }
          p = this.afterSeparator(bytes, end);
          segment = p;
          continue;
        }
      }
      const end = this.lineEndIn(bytes, p);
      if (end < 0) break;
      p = end + 1;
    }
    this.append(bytes.subarray(segment, n));
    const last = bytes[n - 1];
    this.lineStart = this.lineEnd === null ? last === LF || last === CR : last === this.lineEnd;
  }

  private append(segment: Uint8Array): void {
    if (!this.started || segment.length === 0) return;
    const room = this.maxBytes - this.kept;
    if (segment.length > room) {
      this.cut = true;
      if (room <= 0) return;
      segment = segment.subarray(0, room);
    }
    this.pieces.push(segment);
    this.kept += segment.length;
  }

  /** The message gathered so far, without the one line end mbox writers put before the next "From " line. */
  private take(): Uint8Array {
    const message = this.pieces.length === 1 ? this.pieces[0]! : concat(this.pieces, this.kept);
    const cut = this.cut;
    this.pieces = [];
    this.fresh = 0;
    this.kept = 0;
    this.cut = false;
    if (cut) return message;
    let end = message.length;
    if (end > 0 && message[end - 1] === LF) end--;
    if (end > 0 && message[end - 1] === CR) end--;
    return message.subarray(0, end);
  }
}

/** The messages of an mbox held in memory (views into `bytes`, no copies). */
export function* iterateMbox(bytes: Uint8Array): Generator<Uint8Array> {
  const splitter = new MboxSplitter();
  yield* splitter.push(bytes);
  yield* splitter.end();
}

/**
 * A mail file given chunk by chunk: an mbox (first line "From ") gives its messages, any other file is one
 * message. Each message is cut at `maxMessageBytes`; `full` tells the reader of a single message that the
 * rest of the file would be skipped anyway.
 */
export class MailFileSplitter {
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private mbox: MboxSplitter | null = null;
  private single: Uint8Array[] | null = null;
  private singleBytes = 0;
  private readonly options: SplitOptions;

  constructor(options: SplitOptions = {}) {
    this.options = options;
  }

  private get maxBytes(): number {
    return this.options.maxMessageBytes ?? Infinity;
  }

  /** Kept across pushes: a copy when the caller reads every chunk into the same memory. */
  private own(chunk: Uint8Array): Uint8Array {
    return this.options.chunksReused ? chunk.slice() : chunk;
  }

  /** "mbox" or "message" once the first bytes (or the end) are seen; null before. */
  get format(): "mbox" | "message" | null {
    return this.mbox ? "mbox" : this.single ? "message" : null;
  }

  /** A single message has all the bytes it keeps. */
  get full(): boolean {
    return this.single !== null && this.singleBytes >= this.maxBytes;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    if (this.mbox) return this.mbox.push(chunk);
    if (this.single) {
      this.keep(chunk);
      return [];
    }
    this.headBytes += chunk.length;
    if (this.headBytes >= FROM_.length) {
      this.head.push(chunk);
      return this.decide();
    }
    this.head.push(this.own(chunk));
    return [];
  }

  end(): Uint8Array[] {
    const out = this.format ? [] : this.decide();
    if (this.mbox) return [...out, ...this.mbox.end()];
    const message = this.single!.length === 1 ? this.single![0]! : concat(this.single!, this.singleBytes);
    this.single = [];
    this.singleBytes = 0;
    return [message];
  }

  private decide(): Uint8Array[] {
    const head = this.head.length === 1 ? this.head[0]! : concat(this.head, this.headBytes);
    this.head = [];
    if (isMbox(head)) {
      this.mbox = new MboxSplitter(this.options);
      return this.mbox.push(head);
    }
    this.single = [];
    this.keep(head);
    return [];
  }

  private keep(chunk: Uint8Array): void {
    const room = this.maxBytes - this.singleBytes;
    if (room <= 0) return;
    const piece = this.own(chunk.length > room ? chunk.subarray(0, room) : chunk);
    this.single!.push(piece);
    this.singleBytes += piece.length;
  }
}
