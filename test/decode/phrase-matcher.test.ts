// The one-pass phrase matcher must find exactly what testing each phrase on its own finds.
import { describe, expect, it } from "vitest";
import { compilePhraseTables } from "../../src/core/decode/phrase-matcher.js";
import { PHRASES } from "../../src/core/decode/phrases.js";

const tables = { a: ["he", "hers"], b: ["she", "his"], c: [/x{2,3}y/], d: ["存在しない"], e: [] as string[] };
const match = compilePhraseTables(tables);
const names = Object.keys(tables) as Array<keyof typeof tables>;

function naive<K extends string>(all: Record<K, readonly (string | RegExp)[]>, text: string): K[] {
  return (Object.keys(all) as K[]).filter((name) => all[name].some((p) => (typeof p === "string" ? text.includes(p) : p.test(text))));
}

describe("phrase matcher", () => {
  it("finds overlapping phrases, phrases ending inside longer ones, regular expressions and Japanese", () => {
    for (const text of ["ushers", "this", "xxy", "xy", "宛先は存在しないです", "", "shis"]) {
      const hits = match(text);
      expect(names.filter((name) => hits.has(name)), text).toEqual(naive(tables, text));
    }
  });

  it("agrees with phrase-by-phrase matching on every phrase of the reason tables", () => {
    const reasonMatch = compilePhraseTables(PHRASES);
    const all = PHRASES as Record<string, readonly (string | RegExp)[]>;
    const samples = Object.values(all).flatMap((list) => list.filter((p): p is string => typeof p === "string"));
    for (const [i, phrase] of samples.entries()) {
      const text = `550 ${samples[(i * 7) % samples.length]} ; ${phrase}.`;
      const hits = reasonMatch(text);
      expect(Object.keys(all).filter((name) => hits.has(name as keyof typeof PHRASES)), text).toEqual(naive(all, text));
    }
  });
});
