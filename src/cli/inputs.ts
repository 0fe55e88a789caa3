// Expands CLI paths into messages: a file is one message or an mbox, a directory is every regular file
// below it in sorted path order (Maildir works). Hostile file systems are the normal case here:
// - only regular files are opened (a FIFO, device or socket named on the command line is reported, never
//   read: /dev/zero would never end); files are opened non-blocking and checked again after opening;
// - files are read in chunks into one reused buffer, one message held at a time (a Sent folder can be many GiB);
// - paths are bytes (Buffer), so names that are not UTF-8 open as they are;
// - directories are walked with an explicit stack (no recursion limit); past PATH_MAX the walk goes on
//   from an open directory (/proc/self/fd/N/...), so a tree deeper than the kernel's path limit still reads;
// - symlinks are followed; a directory reached twice is walked once, a file reached twice read once, and a
//   link back into its own enclosing directories is reported as a loop;
// - anything unreadable is reported through `onProblem` and the rest is still read.
import { closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readSync, statSync, type BigIntStats, type Dirent, type Stats } from "node:fs";
import { getSystemErrorMap } from "node:util";
import { MAX_MESSAGE_BYTES } from "../core/analyze";
import { MailFileSplitter } from "../core/mbox";

export interface InputMessage {
  source: string;
  /** Valid until the next message is asked for (the read buffer is reused): decode it, or copy it. */
  raw: Uint8Array;
}

/** Reports a path that could not be read, with the reason in words. */
export type ProblemReporter = (path: string, reason: string) => void;

const CHUNK_BYTES = 1 << 20;
/** Paths longer than this are reached from an open directory instead (Linux PATH_MAX is 4096). */
const LONG_PATH_BYTES = 3000;
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0);
const SLASH = Buffer.from("/");

/** A path as a person reads it: UTF-8 where it is valid, any other byte as \xNN. */
export function displayPath(path: Buffer): string {
  let out = "";
  let start = 0;
  for (let i = 0; i < path.length; ) {
    const length = utf8SequenceLength(path, i);
    if (length > 0) {
      i += length;
      continue;
    }
    out += path.toString("utf8", start, i) + `\\x${path[i]!.toString(16).padStart(2, "0")}`;
    start = ++i;
  }
  return out + path.toString("utf8", start);
}

/** Length of the well-formed UTF-8 sequence at `i` (RFC 3629: no overlongs, no surrogates), or 0. */
function utf8SequenceLength(bytes: Buffer, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const cont = (k: number, low = 0x80, high = 0xbf) => i + k < bytes.length && bytes[i + k]! >= low && bytes[i + k]! <= high;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const ok = b === 0xe0 ? cont(1, 0xa0) : b === 0xed ? cont(1, 0x80, 0x9f) : cont(1);
    return ok && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const ok = b === 0xf0 ? cont(1, 0x90) : b === 0xf4 ? cont(1, 0x80, 0x8f) : cont(1);
    return ok && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

function reasonOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const words = typeof e.errno === "number" ? getSystemErrorMap().get(e.errno)?.[1] : undefined;
  return words && e.code ? `${words} (${e.code})` : e instanceof Error ? e.message : String(error);
}

function notRegular(stats: Stats | BigIntStats): string {
  const what = stats.isFIFO() ? "a FIFO" : stats.isCharacterDevice() ? "a character device" : stats.isBlockDevice() ? "a block device"
    : stats.isSocket() ? "a socket" : stats.isDirectory() ? "a directory" : "not a file";
  return `not a regular file (${what}); only regular files are read`;
}

const identity = (stats: BigIntStats) => `${stats.dev}:${stats.ino}`;

/**
 * The identity of an open file from its number stats (cheaper than BigInt ones, one per file read), the same
 * string as `identity` while device and inode numbers are below 2^53, where a number holds them exactly.
 */
function fileIdentity(fd: number, stats: Stats): string {
  return Number.isSafeInteger(stats.dev) && Number.isSafeInteger(stats.ino) ? `${stats.dev}:${stats.ino}` : identity(fstatSync(fd, { bigint: true }));
}
const join = (dir: Buffer, name: Buffer) => Buffer.concat([dir, SLASH, name]);

/** A directory being walked: its sorted entries, and how its children are reached. */
interface Frame {
  path: Buffer;
  /** The path the system calls use for it: `path`, or a short one from an open directory. */
  access: Buffer;
  identity: string;
  entries: Dirent<Buffer>[];
  next: number;
  /** An open descriptor of this directory, once a child's path would be too long. */
  anchor?: number;
}

/**
 * Sort key of an entry: its name, with "/" after a directory's, so that walking each directory in key
 * order gives exactly the sorted order of the full paths (a directory's files form one block there).
 */
function sortKey(entry: Dirent<Buffer>, isDirectory: boolean): Buffer {
  return isDirectory ? Buffer.concat([entry.name, SLASH]) : entry.name;
}

/** Reads the paths of one role (the messages, or the Sent folders); each file at most once. */
export class InputReader {
  private readonly files = new Set<string>();
  private readonly directories = new Set<string>();
  private readonly anchors = existsSync("/proc/self/fd");
  /** Bytes read so far, over every path. */
  bytesRead = 0;
  /** Every file is read into this one buffer: a multi-GiB folder leaves no garbage of chunks behind. */
  private readonly chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);

  constructor(private readonly onProblem: ProblemReporter) {}

  /** Messages of one path; what cannot be read is reported and skipped. */
  *messagesOf(path: Buffer): Generator<InputMessage> {
    let stats: BigIntStats;
    try {
      stats = statSync(path, { bigint: true });
    } catch (e) {
      this.onProblem(displayPath(path), reasonOf(e));
      return;
    }
    if (stats.isDirectory()) yield* this.walk(path, stats);
    else if (stats.isFile()) yield* this.messagesOfFile(path, path);
    else this.onProblem(displayPath(path), notRegular(stats));
  }

  private *walk(root: Buffer, stats: BigIntStats): Generator<InputMessage> {
    const frames: Frame[] = [];
    const enter = (path: Buffer, access: Buffer, stats: BigIntStats): void => {
      const id = identity(stats);
      if (this.directories.has(id)) {
        // Reached again: a link back into the directories being walked is a loop; any other was walked already.
        if (frames.some((f) => f.identity === id)) this.onProblem(displayPath(path), "symlink loop: leads back to a directory that contains it");
        return;
      }
      this.directories.add(id);
      let entries: Dirent<Buffer>[];
      try {
        entries = readdirSync(access, { withFileTypes: true, encoding: "buffer" });
      } catch (e) {
        this.onProblem(displayPath(path), reasonOf(e));
        return;
      }
      const frame: Frame = { path, access, identity: id, entries: [], next: 0 };
      const keyed = entries.map((entry) => ({ entry, key: sortKey(entry, this.leadsToDirectory(frame, entry)) }));
      keyed.sort((a, b) => Buffer.compare(a.key, b.key));
      frame.entries = keyed.map((k) => k.entry);
      frames.push(frame);
    };
    enter(root, root, stats);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const entry = frame.entries[frame.next++];
      if (!entry) {
        frames.pop();
        if (frame.anchor !== undefined) closeSync(frame.anchor);
        continue;
      }
      const path = join(frame.path, entry.name);
      const access = this.childAccess(frame, entry.name);
      if (entry.isFile()) {
        yield* this.messagesOfFile(path, access);
      } else if (entry.isDirectory() || entry.isSymbolicLink()) {
        let target: BigIntStats;
        try {
          target = statSync(access, { bigint: true });
        } catch (e) {
          this.onProblem(displayPath(path), reasonOf(e));
          continue;
        }
        if (target.isDirectory()) enter(path, access, target);
        else if (target.isFile()) yield* this.messagesOfFile(path, access);
        // a link to a FIFO, device or socket is no more input than the FIFO itself
      }
      // FIFOs, devices and sockets inside a directory are not input ("every regular file below it")
    }
  }

  /** True for a directory, or a symlink to one. */
  private leadsToDirectory(frame: Frame, entry: Dirent<Buffer>): boolean {
    if (!entry.isSymbolicLink()) return entry.isDirectory();
    try {
      return statSync(this.childAccess(frame, entry.name)).isDirectory();
    } catch {
      return false; // reported when it is reached
    }
  }

  /** How a child of `frame` is reached: by its full path while short enough, else from the open directory. */
  private childAccess(frame: Frame, name: Buffer): Buffer {
    if (!this.anchors || frame.access.length + 1 + name.length <= LONG_PATH_BYTES) return join(frame.access, name);
    if (frame.anchor === undefined) {
      try {
        frame.anchor = openSync(frame.access, constants.O_RDONLY | constants.O_DIRECTORY);
      } catch {
        return join(frame.access, name); // reported by the next step, with its reason
      }
    }
    return join(Buffer.from(`/proc/self/fd/${frame.anchor}`), name);
  }

  /**
   * Reads into the buffer until it is full, its end or `left` bytes, the rest of the size the file had when opened
   * (as readFileSync does: no last read only to find the end); a file that says it holds nothing (as /proc's do)
   * is read to its end. Returns the bytes read.
   */
  private fill(fd: number, left: number): number {
    const wanted = left > 0 ? Math.min(left, this.chunk.length) : this.chunk.length;
    let filled = 0;
    while (filled < wanted) {
      const got = readSync(fd, this.chunk, filled, wanted - filled, null);
      if (got === 0) break;
      filled += got;
    }
    return filled;
  }

  private *messagesOfFile(path: Buffer, access: Buffer): Generator<InputMessage> {
    const shown = displayPath(path);
    let fd: number;
    try {
      fd = openSync(access, OPEN_FLAGS);
    } catch (e) {
      this.onProblem(shown, reasonOf(e));
      return;
    }
    try {
      const stats = fstatSync(fd);
      if (!stats.isFile()) {
        this.onProblem(shown, notRegular(stats));
        return;
      }
      const id = fileIdentity(fd, stats);
      if (this.files.has(id)) return;
      this.files.add(id);
      // The buffer is filled before each push, so a file that fits in it is one push: its messages then stay views
      // into the buffer (valid until the next file is read, as InputMessage says), no copy (and no ArrayBuffer for
      // the garbage collector to sweep) per file. A larger file's messages keep copies of what spans two pushes.
      const fits = stats.size > 0 && stats.size <= this.chunk.length;
      const splitter = new MailFileSplitter({ maxMessageBytes: MAX_MESSAGE_BYTES, chunksReused: !fits });
      let n = 0;
      const named = (raw: Uint8Array): InputMessage => ({ source: splitter.format === "mbox" ? `${shown}#${n++}` : shown, raw });
      for (let read = 0; !splitter.full && (stats.size === 0 || read < stats.size); ) {
        const got = this.fill(fd, stats.size - read);
        if (got === 0) break;
        read += got;
        this.bytesRead += got;
        // A plain Uint8Array view: the splitter's many subarray calls are cheaper on it than on a Buffer.
        for (const raw of splitter.push(new Uint8Array(this.chunk.buffer, this.chunk.byteOffset, got))) yield named(raw);
      }
      for (const raw of splitter.end()) yield named(raw);
    } catch (e) {
      this.onProblem(shown, reasonOf(e));
    } finally {
      closeSync(fd);
    }
  }
}
