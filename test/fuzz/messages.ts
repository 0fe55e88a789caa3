// The fuzz suite's messages: message number `index` of a run with seed `seed` is a function of those two
// alone (whichever worker makes it), so any message a run reports can be made again by its number. Most
// are mutations of the seed messages (../shared/corpus and ../shared/scenarios); the others are the
// structural shapes of shapes.ts, small or at the 0.5-2.4 MB of issue 14.
import { Random, SHAPES } from "./shapes.js";

const MAX_BYTES = 2_500_000;

/** A seed of the random source for one message of a run. */
function mix(seed: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  return (h ^ (h >>> 15)) >>> 0;
}

/** Bytes as a string of one character per byte, and back (the mutations work on text of any bytes). */
const toText = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
const toBytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "latin1"));

/**
 * An integer in [low, high], mostly small and now and then as large as allowed (the logarithm's fraction
 * is cubed: a tenth of the draws are above the range's geometric two-thirds point).
 */
function logInt(random: Random, low: number, high: number): number {
  return Math.min(high, Math.floor(low * Math.exp(random.next() ** 3 * Math.log(Math.max(1, high / low) + 1))));
}

function lineRange(random: Random, text: string): [start: number, end: number] {
  const at = random.int(0, Math.max(0, text.length - 1));
  const start = text.lastIndexOf("\n", at) + 1;
  const newline = text.indexOf("\n", at);
  return [start, newline < 0 ? text.length : newline + 1];
}

const HOSTILE_WORDS = [
  "Final-Recipient: rfc822; x@example.com\n", "Status: 5.1.1\n", "Action: failed\n", "host mx.example.com[192.0.2.1] said: 550 5.1.1\n",
  "--", "\n\n", "<", ">", "@", "=?utf-8?b?", "=?iso-2022-jp?q?", "\x1b$B", "\x1b(B", "=\n", "=", "\0", "\r", " \t",
  "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\n", "Content-Type: message/rfc822\n\n", "Content-Transfer-Encoding: base64\n",
  "<u@example.com>:\n", "Received: from x by y;\n", "> From: a@example.org\n", "-----", "a.", "\xff\xfe",
];

type Mutation = (random: Random, text: string, seeds: readonly Uint8Array[]) => string;

const MUTATIONS: Record<string, Mutation> = {
  flip: (random, text) => {
    let flipped = text;
    for (let n = random.int(1, 32); n > 0 && flipped.length; n--) {
      const at = random.int(0, flipped.length - 1);
      flipped = flipped.slice(0, at) + String.fromCharCode(random.int(0, 255)) + flipped.slice(at + 1);
    }
    return flipped;
  },
  insert: (random, text) => {
    const at = random.int(0, text.length);
    return text.slice(0, at) + random.pick(HOSTILE_WORDS).repeat(logInt(random, 1, 20_000)) + text.slice(at);
  },
  "repeat-line": (random, text) => {
    const [start, end] = lineRange(random, text);
    const times = logInt(random, 2, Math.max(2, Math.min(200_000, Math.floor(MAX_BYTES / Math.max(1, end - start)))));
    return text.slice(0, end) + text.slice(start, end).repeat(times) + text.slice(end);
  },
  "repeat-block": (random, text) => {
    const [start] = lineRange(random, text);
    let end = start;
    for (let n = random.int(2, 12); n > 0 && end < text.length; n--) end = (text.indexOf("\n", end) + 1) || text.length;
    const times = Math.min(20_000, Math.floor(MAX_BYTES / Math.max(1, end - start)));
    return text.slice(0, end) + text.slice(start, end).repeat(logInt(random, 1, Math.max(1, times))) + text.slice(end);
  },
  delete: (random, text) => {
    const start = random.int(0, text.length);
    return text.slice(0, start) + text.slice(Math.min(text.length, start + random.int(1, 4000)));
  },
  truncate: (random, text) => text.slice(0, random.int(0, text.length)),
  boundaries: (random, text) => {
    const lines = text.split("\n");
    const delimiters = lines.map((line, i) => (line.startsWith("--") ? i : -1)).filter((i) => i >= 0);
    if (delimiters.length === 0) return text;
    const chosen = random.pick(delimiters);
    if (random.next() < 0.3) return lines.filter((_, i) => i !== chosen).join("\n");
    const times = Math.max(2, Math.min(20_000, Math.floor(MAX_BYTES / (lines[chosen]!.length + 1))));
    lines[chosen] = (lines[chosen] + "\n").repeat(logInt(random, 2, times)).slice(0, -1);
    return lines.join("\n");
  },
  "long-line": (random, text) => {
    const [, end] = lineRange(random, text);
    const word = random.pick(HOSTILE_WORDS).replace(/\n/g, " ");
    return text.slice(0, Math.max(0, end - 1)) + word.repeat(logInt(random, 100, Math.floor(MAX_BYTES / Math.max(1, word.length)))) + text.slice(Math.max(0, end - 1));
  },
  encodings: (random, text) => text
    .replace(/charset="?[\w-]+"?/gi, () => `charset=${random.pick(["iso-2022-jp", "utf-7", "x-bogus", "utf-16", "shift_jis", "euc-jp", "\"\"", "us-ascii"])}`)
    .replace(/Content-Transfer-Encoding: *[\w-]+/gi, () => `Content-Transfer-Encoding: ${random.pick(["base64", "quoted-printable", "7bit", "x-uuencode", "base64 base64"])}`),
  splice: (random, text, seeds) => {
    const other = toText(random.pick(seeds));
    return text.slice(0, random.int(0, text.length)) + other.slice(random.int(0, other.length));
  },
  nest: (random, text) => {
    let nested = text;
    for (let depth = random.int(1, 40); depth > 0; depth--) {
      nested = `From: MAILER-DAEMON@example.net\nSubject: Returned mail\nContent-Type: multipart/report; boundary="n${depth}"\n\n` +
        `--n${depth}\nContent-Type: text/plain\n\nfailed\n--n${depth}\nContent-Type: message/rfc822\n\n${nested}\n--n${depth}--\n`;
    }
    return nested;
  },
  "line-ends": (random, text) => (random.next() < 0.5 ? text.replace(/\n/g, "\r") : text.replace(/\n/g, () => random.pick(["\n", "\r\n", "\r", "\n\r"]))),
  "no-blank-line": (_, text) => text.replace(/\r?\n\r?\n/, "\n"),
};

const MUTATION_NAMES = Object.keys(MUTATIONS);

/** Message number `index` of the run with seed `seed`, and what made it. */
export function fuzzMessage(seeds: readonly Uint8Array[], seed: number, index: number): { raw: Uint8Array; made: string } {
  const random = new Random(mix(seed, index));
  const roll = random.next();
  // 0.3% at the sizes of issue 14, 5% smaller (the rest are mutations)
  if (roll < 0.003 || roll >= 0.95) {
    const shape = random.pick(SHAPES);
    const size = roll < 0.003 ? random.int(500_000, 2_400_000) : logInt(random, 1_000, 200_000);
    return { raw: shape.make(random, size), made: `shape:${shape.name}:${size}` };
  }
  let text = toText(random.pick(seeds));
  const applied: string[] = [];
  for (let n = random.int(1, 4); n > 0; n--) {
    const name = random.pick(MUTATION_NAMES);
    text = MUTATIONS[name]!(random, text, seeds);
    if (text.length > MAX_BYTES) text = text.slice(0, MAX_BYTES);
    applied.push(name);
  }
  return { raw: toBytes(text), made: `mutate:${applied.join("+")}` };
}
