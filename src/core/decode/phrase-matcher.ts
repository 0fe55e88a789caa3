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

/** The child of trie state `state` (not the start state) reached by `unit`, or -1 (a scan of its siblings). */
function childOf(firstChild: Int32Array, nextSibling: Int32Array, unitOf: Uint16Array, state: number, unit: number): number {
  for (let c = firstChild[state]!; c >= 0; c = nextSibling[c]!) if (unitOf[c] === unit) return c;
  return -1;
}

/**
 * Builds the automaton in flat arrays (a trie as first-child/next-sibling links, then the failure links in
 * breadth-first order): no object per state, so building it leaves little garbage behind (a Map per state
 * raised the process's peak memory by 16 MiB). The trie's arrays are allocated once, for as many states as
 * the phrases have characters: the build runs once per process, interpreted, where each array push and
 * closure call counted (7 ms of its 15 for the ~800 phrases of the reason tables).
 */
function buildAutomaton(phrasesPerTable: ReadonlyArray<readonly string[]>): Automaton {
  const words = Math.max(1, Math.ceil(phrasesPerTable.length / 32));
  let capacity = 1;
  for (const phrases of phrasesPerTable) for (const phrase of phrases) capacity += phrase.length;
  const unitOf = new Uint16Array(capacity);
  const firstChild = new Int32Array(capacity).fill(-1);
  const nextSibling = new Int32Array(capacity).fill(-1);
  const ends = new Int32Array(capacity * words);
  let count = 1;
  const fromStart = new Int32Array(65536);
  /** The start state's children, as created (a pass over fromStart's 65,536 entries cost ~1.6 ms, interpreted). */
  const startChildren: number[] = [];
  for (let table = 0; table < phrasesPerTable.length; table++) {
    for (const phrase of phrasesPerTable[table]!) {
      let state = 0;
      for (let i = 0; i < phrase.length; i++) {
        const unit = phrase.charCodeAt(i);
        let target = state === 0 ? fromStart[unit]! || -1 : childOf(firstChild, nextSibling, unitOf, state, unit);
        if (target < 0) {
          target = count++;
          unitOf[target] = unit;
          if (state === 0) {
            fromStart[unit] = target;
            startChildren.push(target);
          } else {
            nextSibling[target] = firstChild[state]!;
            firstChild[state] = target;
          }
        }
        state = target;
      }
      ends[state * words + (table >> 5)]! |= 1 << (table & 31);
    }
  }
  const output = ends.slice(0, count * words);
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
      // the longest proper suffix that continues with `unit`: along the parent's failure links to the start
      let target = -1;
      for (let fallback = fail[state]!; target < 0; fallback = fail[fallback]!) {
        if (fallback === 0) {
          target = fromStart[unit]! || -1;
          break;
        }
        target = childOf(firstChild, nextSibling, unitOf, fallback, unit);
      }
      fail[child] = target >= 0 && target !== child ? target : 0;
      for (let w = 0; w < words; w++) output[child * words + w]! |= output[fail[child]! * words + w]!;
    }
  }
  const childStart = new Int32Array(count + 1);
  const childUnit = new Uint16Array(count);
  const childState = new Int32Array(count);
  const hasOutput = new Uint8Array(count);
  let at = 0;
  for (let state = 0; state < count; state++) {
    for (let w = 0; w < words; w++) if (output[state * words + w] !== 0) hasOutput[state] = 1;
    childStart[state] = at;
    if (state === 0) continue;
    for (let child = firstChild[state]!; child >= 0; child = nextSibling[child]!) {
      childUnit[at] = unitOf[child]!;
      childState[at++] = child;
    }
  }
  childStart[count] = at;
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
