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
  words: number;
}

function buildAutomaton(phrasesPerTable: ReadonlyArray<readonly string[]>): Automaton {
  const words = Math.max(1, Math.ceil(phrasesPerTable.length / 32));
  const children: Array<Map<number, number>> = [new Map()];
  const ends: number[][] = [[]];
  phrasesPerTable.forEach((phrases, table) => {
    for (const phrase of phrases) {
      let state = 0;
      for (let i = 0; i < phrase.length; i++) {
        const unit = phrase.charCodeAt(i);
        let target = children[state]!.get(unit);
        if (target === undefined) {
          target = children.length;
          children.push(new Map());
          ends.push([]);
          children[state]!.set(unit, target);
        }
        state = target;
      }
      ends[state]!.push(table);
    }
  });
  const count = children.length;
  const output = new Int32Array(count * words);
  ends.forEach((tables, state) => {
    for (const table of tables) output[state * words + (table >> 5)]! |= 1 << (table & 31);
  });
  const fail = new Int32Array(count);
  const queue = [...children[0]!.values()];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    for (const [unit, child] of children[state]!) {
      queue.push(child);
      let fallback = fail[state]!;
      while (fallback !== 0 && !children[fallback]!.has(unit)) fallback = fail[fallback]!;
      const target = children[fallback]!.get(unit);
      fail[child] = target !== undefined && target !== child ? target : 0;
      // parents come before children in this order, so the failure state's output is complete
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
    for (const [unit, child] of children[state]!) {
      childUnit[at] = unit;
      childState[at++] = child;
    }
  }
  childStart[count] = at;
  const fromStart = new Int32Array(65536);
  for (const [unit, child] of children[0]!) fromStart[unit] = child;
  return { fromStart, childStart, childUnit, childState, fail, output, words };
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
    const { fromStart, childStart, childUnit, childState, fail, output, words } = automaton;
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
      for (let w = 0; w < words; w++) hit[w]! |= output[state * words + w]!;
    }
    const has = (table: number): boolean => (hit[table >> 5]! & (1 << (table & 31))) !== 0;
    patterns.forEach((list, table) => {
      if (!has(table) && list.some((pattern) => pattern.test(text))) hit[table >> 5]! |= 1 << (table & 31);
    });
    return { has: (name) => { const table = indexOf.get(name); return table !== undefined && has(table); } };
  };
}
