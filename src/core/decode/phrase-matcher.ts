// Finds, in one pass over a text, every table (reason) that has a phrase in it: the fixed phrases of all
// tables are compiled once into one Aho–Corasick automaton; the few regular expressions are tested apart.
// One scan is linear in the text, where testing each phrase with includes() costs a pass per phrase.
// The automaton lives in a few typed arrays (compact, so a scan stays in the processor's caches).
import type { Phrase } from "./phrases.js";

/** Which tables matched a text. */
export interface PhraseHits<K extends string> {
  has(table: K): boolean;
}

interface Automaton {
  /** Transitions from the start state, by UTF-16 code unit: where most characters of a text are read. */
  fromStart: Int32Array;
  /** Other transitions: those of state s are at [childStart[s], childStart[s + 1]) of childUnit/childState. */
  childStart: Int32Array;
  childUnit: Uint16Array;
  childState: Int32Array;
  fail: Int32Array;
  /** Per state, `words` 32-bit words: bit t is set when a phrase of table t ends there (or at a failure state). */
  output: Int32Array;
  /** Per state, 1 when any bit of its output is set: most characters of a text lead to a state without one. */
  hasOutput: Uint8Array;
  words: number;
}

/**
 * Builds the automaton in flat arrays (a trie as first-child/next-sibling links, then the failure links in
 * breadth-first order): no object per state, so building it leaves little garbage behind (a Map per state
 * raised the process's peak memory by 16 MiB).
 */
function buildAutomaton(phrasesPerTable: ReadonlyArray<readonly string[]>): Automaton {
  const words = Math.max(1, Math.ceil(phrasesPerTable.length / 32));
  const unitOf: number[] = [0];
  const firstChild: number[] = [-1];
  const nextSibling: number[] = [-1];
  const ends: number[] = new Array<number>(words).fill(0);
  const fromStart = new Int32Array(65536);
  /** The start state's children, as created (a pass over fromStart's 65,536 entries cost ~1.6 ms, interpreted). */
  const startChildren: number[] = [];
  const childOf = (state: number, unit: number): number => {
    if (state === 0) return fromStart[unit]! || -1;
    for (let c = firstChild[state]!; c >= 0; c = nextSibling[c]!) if (unitOf[c] === unit) return c;
    return -1;
  };
  phrasesPerTable.forEach((phrases, table) => {
    for (const phrase of phrases) {
      let state = 0;
      for (let i = 0; i < phrase.length; i++) {
        const unit = phrase.charCodeAt(i);
        let target = childOf(state, unit);
        if (target < 0) {
          target = unitOf.length;
          unitOf.push(unit);
          firstChild.push(-1);
          nextSibling.push(state === 0 ? -1 : firstChild[state]!);
          for (let w = 0; w < words; w++) ends.push(0);
          if (state === 0) {
            fromStart[unit] = target;
            startChildren.push(target);
          } else firstChild[state] = target;
        }
        state = target;
      }
      ends[state * words + (table >> 5)]! |= 1 << (table & 31);
    }
  });
  const count = unitOf.length;
  const output = Int32Array.from(ends);
  const fail = new Int32Array(count);
  // breadth-first: parents before children, so a failure state's output is complete when it is copied
  const queue = new Int32Array(count);
  let tail = 0;
  for (const child of startChildren) queue[tail++] = child;
  for (let head = 0; head < tail; head++) {
    const state = queue[head]!;
    for (let child = firstChild[state]!; child >= 0; child = nextSibling[child]!) {
      queue[tail++] = child;
      const unit = unitOf[child]!;
      let fallback = fail[state]!;
      while (fallback !== 0 && childOf(fallback, unit) < 0) fallback = fail[fallback]!;
      const target = childOf(fallback, unit);
      fail[child] = target >= 0 && target !== child ? target : 0;
      for (let w = 0; w < words; w++) output[child * words + w]! |= output[fail[child]! * words + w]!;
    }
  }
  const childStart = new Int32Array(count + 1);
  const childUnit = new Uint16Array(count);
  const childState = new Int32Array(count);
  let at = 0;
  for (let state = 0; state < count; state++) {
    childStart[state] = at;
    if (state === 0) continue;
    for (let child = firstChild[state]!; child >= 0; child = nextSibling[child]!) {
      childUnit[at] = unitOf[child]!;
      childState[at++] = child;
    }
  }
  childStart[count] = at;
  const hasOutput = new Uint8Array(count);
  for (let state = 0; state < count; state++) {
    for (let w = 0; w < words; w++) if (output[state * words + w] !== 0) hasOutput[state] = 1;
  }
  return { fromStart, childStart, childUnit, childState, fail, output, hasOutput, words };
}

/** Compiles tables of phrases (lower-case strings or bounded regular expressions) into one matcher. */
export function compilePhraseTables<K extends string>(tables: Partial<Record<K, readonly Phrase[]>>): (text: string) => PhraseHits<K> {
  const names = Object.keys(tables) as K[];
  const indexOf = new Map(names.map((name, index) => [name, index]));
  const lists = names.map((name) => tables[name] ?? []);
  const patterns = lists.map((list) => list.filter((phrase): phrase is RegExp => typeof phrase !== "string"));
  let automaton: Automaton | null = null;
  return (text) => {
    automaton ??= buildAutomaton(lists.map((list) => list.filter((phrase): phrase is string => typeof phrase === "string")));
    const { fromStart, childStart, childUnit, childState, fail, output, hasOutput, words } = automaton;
    const hit = new Int32Array(words);
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      let target = 0;
      while (state !== 0) {
        const end = childStart[state + 1]!;
        for (let c = childStart[state]!; c < end; c++) {
          if (childUnit[c] === unit) {
            target = childState[c]!;
            break;
          }
        }
        if (target !== 0) break;
        state = fail[state]!;
      }
      state = state === 0 ? fromStart[unit]! : target;
      if (hasOutput[state] === 1) for (let w = 0; w < words; w++) hit[w]! |= output[state * words + w]!;
    }
    const has = (table: number): boolean => (hit[table >> 5]! & (1 << (table & 31))) !== 0;
    patterns.forEach((list, table) => {
      if (!has(table) && list.some((pattern) => pattern.test(text))) hit[table >> 5]! |= 1 << (table & 31);
    });
    return { has: (name) => { const table = indexOf.get(name); return table !== undefined && has(table); } };
  };
}
