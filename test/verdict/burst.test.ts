// The burst finder on big and random inputs: its members and largest count checked exactly, against a direct
// reading of the rule (an item is a member when some 24-hour window holding it holds at least BURST_SIZE items).
// Speed is measured in bench/assess.mjs; a finder that grew with items × window would not finish these inputs.
import { describe, expect, it } from "vitest";
import { BURST_SIZE, BURST_WINDOW_MS, findBursts, type Dated } from "../../src/core/verdict/signals/burst";

const DAY = 24 * 3600 * 1000;
const START = Date.parse("2026-09-01T00:00:00Z");

/** A fixed LCG: the same inputs every run. */
function lcg(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

/** The rule read directly (quadratic, for small inputs): windows start at an item's time. */
function reference(items: readonly Dated[]): { members: Set<number>; largest: number } {
  const members = new Set<number>();
  let largest = 0;
  for (const start of items) {
    const inside = items.filter((it) => it.time >= start.time && it.time - start.time <= BURST_WINDOW_MS);
    largest = Math.max(largest, inside.length);
    if (inside.length >= BURST_SIZE) for (const it of inside) members.add(it.index);
  }
  return { members, largest };
}

describe("findBursts", () => {
  it("agrees with the rule read directly on 300 random mailboxes", () => {
    const rand = lcg(7);
    for (let round = 0; round < 300; round++) {
      const size = rand(60);
      const spread = [DAY / 4, DAY, 3 * DAY, 10 * DAY][round % 4]!;
      const items = Array.from({ length: size }, (_, index) => ({ index, time: START + rand(spread) }));
      const found = findBursts(items);
      const expected = reference(items);
      expect(found.largest).toBe(expected.largest);
      expect([...found.members].sort((a, b) => a - b)).toEqual([...expected.members].sort((a, b) => a - b));
    }
  });

  it("finds exactly the 200,000 bounces of one day among sparse ones over 90 days", () => {
    const rand = lcg(11);
    const dense = Array.from({ length: 200_000 }, (_, index) => ({ index, time: START + 40 * DAY + rand(DAY) }));
    // 8 a day (every three hours), none within a day of the dense one: never a burst
    const sparse = Array.from({ length: 90 * 8 }, (_, k) => ({ index: 200_000 + k, time: START + k * 3 * 3600 * 1000 + 1 }))
      .filter((s) => s.time < START + 39 * DAY || s.time > START + 42 * DAY);
    const found = findBursts([...sparse, ...dense]);
    expect(found.largest).toBe(200_000);
    expect(found.members).toEqual(new Set(dense.map((d) => d.index)));
  });

  it("counts exactly 200,000 bounces in one day, and none in a mailbox of 9 a day", () => {
    const rand = lcg(3);
    const day = Array.from({ length: 200_000 }, (_, index) => ({ index, time: START + rand(DAY) }));
    const found = findBursts(day);
    expect(found.largest).toBe(200_000);
    expect(found.members.size).toBe(200_000);
    const calm = Array.from({ length: 200_000 }, (_, index) => ({ index, time: START + index * (Math.floor(DAY / (BURST_SIZE - 1)) + 1) }));
    expect(findBursts(calm)).toEqual({ members: new Set(), largest: BURST_SIZE - 1 });
  });
});
