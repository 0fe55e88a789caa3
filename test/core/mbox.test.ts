import { describe, expect, it } from "vitest";
import { isMbox, iterateMbox, MailFileSplitter, MboxSplitter } from "../../src/core/mbox";

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);

/** Splits `data` fed in chunks of the given sizes (cycled). */
function splitInChunks(data: Uint8Array, sizes: readonly number[], options = {}): string[] {
  const splitter = new MboxSplitter(options);
  const out: Uint8Array[] = [];
  for (let at = 0, k = 0; at < data.length; k++) {
    const size = sizes[k % sizes.length]!;
    out.push(...splitter.push(data.slice(at, at + size)));
    at += size;
  }
  out.push(...splitter.end());
  return out.map(text);
}

describe("iterateMbox", () => {
  it("splits on From lines, drops the separators and keeps >From body lines", () => {
    const mbox = "From - Mon Nov  2 09:12:03 2026\nSubject: a\n\n>From the start\nbody\n\nFrom x@y Tue Nov  3 10:00:00 2026\nSubject: b\n\nb\n";
    const parts = [...iterateMbox(bytes(mbox))].map(text);
    expect(parts).toEqual(["Subject: a\n\n>From the start\nbody\n", "Subject: b\n\nb"]);
  });

  it("handles CRLF line ends", () => {
    const parts = [...iterateMbox(bytes("From - x\r\nA: 1\r\n\r\nx\r\n\r\nFrom - y\r\nB: 2\r\n"))].map(text);
    expect(parts).toEqual(["A: 1\r\n\r\nx\r\n", "B: 2"]);
  });

  it("handles CR-only line ends", () => {
    const parts = [...iterateMbox(bytes("From - x\rA: 1\r\rx\r\rFrom - y\rB: 2\r\rsaid From here\r"))].map(text);
    expect(parts).toEqual(["A: 1\r\rx\r", "B: 2\r\rsaid From here"]);
  });

  it("does not split at a stray CR inside a line of an LF file", () => {
    const parts = [...iterateMbox(bytes("From - x\nA: 1\n\nsee\rFrom here\nFrom - y\nB: 2\n"))].map(text);
    expect(parts).toEqual(["A: 1\n\nsee\rFrom here", "B: 2"]);
  });

  it("does not split inside a line that merely contains From", () => {
    expect([...iterateMbox(bytes("From - x\nSubject: From here\n\nsaid From me\n"))]).toHaveLength(1);
  });

  it("tells an mbox from a single message, and an empty file holds no message", () => {
    expect(isMbox(bytes("From - x\n"))).toBe(true);
    expect(isMbox(bytes("From: a@b\n"))).toBe(false);
    expect([...iterateMbox(new Uint8Array())]).toEqual([]);
  });
});

describe("MboxSplitter fed in chunks", () => {
  // Every kind of boundary: inside "From ", between CR and LF, inside a separator line, right after it.
  const samples = {
    lf: "From - a\nSubject: one\n\n>From x\nFrom: me\nbody\n\nFrom b@c d\nSubject: two\n\nFrom\nFro\n\nFrom - e\n\n",
    crlf: "From - a\r\nSubject: one\r\n\r\n>From x\r\nbody\r\n\r\nFrom b@c d\r\nSubject: two\r\n\r\nFrom\r\nFrom - e\r\n",
    cr: "From - a\rSubject: one\r\r>From x\rbody\r\rFrom b@c d\rSubject: two\r\rFrom\rFro\rFrom - e\r",
  };
  for (const [name, sample] of Object.entries(samples)) {
    it(`gives the same messages as the whole buffer for every chunk size (${name})`, () => {
      const data = bytes(sample);
      const whole = [...iterateMbox(data)].map(text);
      expect(whole.length).toBe(3);
      for (let size = 1; size <= data.length; size++) expect(splitInChunks(data, [size])).toEqual(whole);
      expect(splitInChunks(data, [1, 2, 3, 5, 7, 11])).toEqual(whole);
    });
  }

  it("matches a line-by-line reference split over random mboxes", () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const words = ["From ", "From", ">From ", "Fr", "x", "om ", "From: a", " ", "Subject: s"];
    for (let round = 0; round < 300; round++) {
      const eol = ["\n", "\r\n", "\r"][round % 3]!;
      const lines = ["From - start"];
      for (let i = random(30); i > 0; i--) lines.push(Array.from({ length: random(4) }, () => words[random(words.length)]).join(""));
      const sample = lines.join(eol) + (random(2) ? eol : "");
      // reference: a separator is a line that starts with "From "; one line end before it belongs to it
      const messages: string[][] = [];
      for (const line of sample.split(eol)) {
        if (line.startsWith("From ")) messages.push([]);
        else messages.at(-1)!.push(line);
      }
      const reference = messages.map((m, i) => (i < messages.length - 1 || !sample.endsWith(eol) ? m.join(eol) : m.slice(0, -1).join(eol)));
      const data = bytes(sample);
      expect([...iterateMbox(data)].map(text)).toEqual(reference);
      expect(splitInChunks(data, [1 + random(9), 1 + random(9)])).toEqual(reference);
    }
  });

  it("gives the same messages when every chunk is read into the same memory (chunksReused)", () => {
    const data = bytes(samples.lf + samples.lf.replace(/From - a/, "From - z"));
    const whole = [...iterateMbox(data)].map(text);
    for (const size of [1, 3, 7, 16, 64]) {
      const splitter = new MboxSplitter({ chunksReused: true });
      const memory = new Uint8Array(size);
      const got: string[] = [];
      for (let at = 0; at < data.length; at += size) {
        const part = data.subarray(at, at + size);
        memory.set(part);
        got.push(...splitter.push(memory.subarray(0, part.length)).map(text)); // read before the memory is reused
        memory.fill(0x3f);
      }
      got.push(...splitter.end().map(text));
      expect(got).toEqual(whole);
    }
  });

  it("cuts a message at maxMessageBytes and still finds the next one", () => {
    const data = bytes(`From - a\n${"x".repeat(1000)}\nFrom - b\nshort\n`);
    expect(splitInChunks(data, [64], { maxMessageBytes: 100 })).toEqual(["x".repeat(100), "short"]);
  });
});

describe("MailFileSplitter", () => {
  const feed = (splitter: MailFileSplitter, data: Uint8Array, size: number) => {
    const out: Uint8Array[] = [];
    for (let at = 0; at < data.length; at += size) out.push(...splitter.push(data.slice(at, at + size)));
    return [...out, ...splitter.end()].map(text);
  };

  it("reads an mbox as its messages and anything else as one message, even fed byte by byte", () => {
    const mbox = new MailFileSplitter();
    expect(feed(mbox, bytes("From - a\nA: 1\n\nFrom - b\nB: 2\n"), 1)).toEqual(["A: 1\n", "B: 2"]);
    expect(mbox.format).toBe("mbox");
    const single = new MailFileSplitter();
    expect(feed(single, bytes("From: a@b\n\nhello\n"), 2)).toEqual(["From: a@b\n\nhello\n"]);
    expect(single.format).toBe("message");
  });

  it("keeps its own copy of what it holds across pushes when chunks are reused", () => {
    for (const sample of ["From - a\nA: 1\n\nFrom - b\nB: 2\n", "From: a@b\n\nhello there\n"]) {
      const data = bytes(sample);
      const splitter = new MailFileSplitter({ chunksReused: true });
      const memory = new Uint8Array(3);
      const got: string[] = [];
      for (let at = 0; at < data.length; at += 3) {
        const part = data.subarray(at, at + 3);
        memory.set(part);
        got.push(...splitter.push(memory.subarray(0, part.length)).map(text));
        memory.fill(0x3f);
      }
      got.push(...splitter.end().map(text));
      expect(got).toEqual(feed(new MailFileSplitter(), data, data.length));
    }
  });

  it("gives an empty or tiny file as one message", () => {
    expect(feed(new MailFileSplitter(), new Uint8Array(), 1)).toEqual([""]);
    expect(feed(new MailFileSplitter(), bytes("Fro"), 1)).toEqual(["Fro"]);
  });

  it("keeps at most maxMessageBytes of a single message and says when it is full", () => {
    const splitter = new MailFileSplitter({ maxMessageBytes: 10 });
    splitter.push(bytes("Subject: a very long line"));
    expect(splitter.full).toBe(true);
    expect(splitter.end().map(text)).toEqual(["Subject: a"]);
  });
});
