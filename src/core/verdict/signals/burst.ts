// Rate: many bounces for mail nobody can place, to strangers, within hours. One such bounce proves nothing;
// ten or more within a day means someone is sending in the person's name at volume (scenarios README).
import { evidence } from "../evidence.js";
import type { Evidence } from "../../types.js";

export const BURST = 30;
export const BURST_SIZE = 10;
export const BURST_WINDOW_MS = 24 * 3600 * 1000;

export interface Dated {
  index: number;
  time: number;
}

/**
 * Indexes of the items that lie in some 24-hour window holding at least BURST_SIZE items, and the largest count.
 * Linear after the sort: each window that qualifies covers sorted[left..right]; its members are marked from where
 * the previous qualifying window's marking ended, so every item is marked at most once.
 */
export function findBursts(items: readonly Dated[]): { members: Set<number>; largest: number } {
  const sorted = [...items].sort((a, b) => a.time - b.time);
  const members = new Set<number>();
  let largest = 0;
  let left = 0;
  let markedUpTo = 0; // sorted[0..markedUpTo) are members already, or lie before every later window
  for (let right = 0; right < sorted.length; right++) {
    while (sorted[right]!.time - sorted[left]!.time > BURST_WINDOW_MS) left++;
    const count = right - left + 1;
    largest = Math.max(largest, count);
    if (count < BURST_SIZE) continue;
    for (let k = Math.max(left, markedUpTo); k <= right; k++) members.add(sorted[k]!.index);
    markedUpTo = right + 1;
  }
  return { members, largest };
}

export function burstEvidence(count: number): Evidence {
  return evidence("burst", BURST, String(count));
}
