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
}

/**
 * Splits an mbox given chunk by chunk: `push` returns the messages each chunk completes, `end` the last one.
 * Messages come without their "From " line and without the line end before the next one; a message that
 * lies within one chunk is a view into it (so the caller must not reuse a chunk's memory). Bytes before the
 * first separator are not a message.
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

  constructor(options: SplitOptions = {}) {
    this.maxBytes = options.maxMessageBytes ?? Infinity;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let bytes = chunk;
    if (this.carry) {
      const carried = this.carry;
      this.carry = null;
      bytes = concat([carried, chunk], carried.length + chunk.length);
    }
    this.scan(bytes, out);
    return out;
  }

  end(): Uint8Array[] {
    if (this.carry) this.append(this.carry);
    this.carry = null;
    if (!this.started) return [];
    this.started = false;
    return [this.take()];
  }

  private scan(bytes: Uint8Array, out: Uint8Array[]): void {
    const n = bytes.length;
    if (n === 0) return;
    // Line ends ahead, searched lazily; -1 once there is none left in this chunk (CR in an LF file: one search).
    let nextLf = -2;
    let nextCr = -2;
    const lineEndFrom = (at: number): number => {
      if (this.lineEnd !== CR && nextLf !== -1 && nextLf < at) nextLf = bytes.indexOf(LF, at);
      if (this.lineEnd !== LF && nextCr !== -1 && nextCr < at) nextCr = bytes.indexOf(CR, at);
      if (this.lineEnd === LF) return nextLf;
      if (this.lineEnd === CR) return nextCr;
      return nextLf < 0 ? nextCr : nextCr < 0 ? nextLf : Math.min(nextLf, nextCr);
    };
    /** Where the separator line that ends at `end` is followed by the next line (and which line ends the file has). */
    const afterSeparator = (end: number): number => {
      if (bytes[end] === LF) {
        this.lineEnd ??= LF;
        return end + 1;
      }
      if (end + 1 === n) {
        this.skipLf = true;
        return n;
      }
      const crlf = bytes[end + 1] === LF;
      this.lineEnd ??= crlf ? LF : CR;
      return crlf ? end + 2 : end + 1;
    };

    let p = 0;
    let atLineStart = this.lineStart;
    if (this.inSeparator) {
      const end = lineEndFrom(0);
      if (end < 0) return;
      this.inSeparator = false;
      p = afterSeparator(end);
      atLineStart = true;
    } else if (this.skipLf) {
      this.skipLf = false;
      if (bytes[0] === LF) p = 1;
      this.lineEnd ??= p === 1 ? LF : CR;
      atLineStart = true;
    }
    let segment = p;
    if (!atLineStart) {
      const end = lineEndFrom(p);
      p = end < 0 ? n : end + 1;
    }
    while (p < n) {
      // p starts a line
      if (n - p < FROM_.length && mayStartFrom(bytes, p)) {
        this.append(bytes.subarray(segment, p));
        this.carry = bytes.slice(p);
        this.lineStart = true;
        return;
      }
      if (startsWithFrom(bytes, p)) {
        this.append(bytes.subarray(segment, p));
        if (this.started) out.push(this.take());
        this.started = true;
        const end = lineEndFrom(p + FROM_.length);
        if (end < 0) {
          this.inSeparator = true;
          return;
        }
        p = afterSeparator(end);
        segment = p;
        continue;
      }
      const end = lineEndFrom(p);
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
  private readonly maxBytes: number;

  constructor(options: SplitOptions = {}) {
    this.maxBytes = options.maxMessageBytes ?? Infinity;
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
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < FROM_.length) return [];
    return this.decide();
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
      this.mbox = new MboxSplitter({ maxMessageBytes: this.maxBytes });
      return this.mbox.push(head);
    }
    this.single = [];
    this.keep(head);
    return [];
  }

  private keep(chunk: Uint8Array): void {
    const room = this.maxBytes - this.singleBytes;
    if (room <= 0) return;
    const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.single!.push(piece);
    this.singleBytes += piece.length;
  }
}
