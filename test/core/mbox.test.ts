import { describe, expect, it } from "vitest";
import { isMbox, iterateMbox } from "../../src/core/mbox";

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);

describe("splitMbox", () => {
  it("splits on From lines, drops the separators and keeps >From body lines", () => {
    const mbox = "From - Mon Nov  2 09:12:03 2026\nSubject: a\n\n>From the start\nbody\n\nFrom x@y Tue Nov  3 10:00:00 2026\nSubject: b\n\nb\n";
    const parts = [...iterateMbox(bytes(mbox))].map(text);
    expect(parts).toEqual(["Subject: a\n\n>From the start\nbody\n", "Subject: b\n\nb"]);
  });

  it("handles CRLF line ends", () => {
    const parts = [...iterateMbox(bytes("From - x\r\nA: 1\r\n\r\nx\r\n\r\nFrom - y\r\nB: 2\r\n"))].map(text);
    expect(parts).toEqual(["A: 1\r\n\r\nx\r\n", "B: 2"]);
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
