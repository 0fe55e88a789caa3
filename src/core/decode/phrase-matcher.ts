// Finds, in one pass over a text, every table (reason) that has a phrase in it: the fixed phrases of all
// tables are compiled once into one Aho–Corasick automaton; the few regular expressions are tested apart.
// One scan is linear in the text, where testing each phrase with includes() costs a pass per phrase.
import type { Phrase } from "./phrases.js";

/** Which tables matched a text. */
export interface PhraseHits<K extends string> {
  has(table: K): boolean;
}

/** Automaton states are numbered; a transition is keyed by state × 2^16 + UTF-16 code unit. */
const UNIT = 65536;

interface Automaton {
  next: Map<number, number>;
  fail: Int32Array;
  /** Table indices whose phrase ends at each state (including those reached through failure links). */
  output: number[][];
}

function buildAutomaton(phrasesPerTable: ReadonlyArray<readonly string[]>): Automaton {
  const next = new Map<number, number>();
  const output: number[][] = [[]];
  const children: Array<Array<[unit: number, state: number]>> = [[]];
  phrasesPerTable.forEach((phrases, table) => {
    for (const phrase of phrases) {
      let state = 0;
      for (let i = 0; i < phrase.length; i++) {
        const unit = phrase.charCodeAt(i);
        let target = next.get(state * UNIT + unit);
        if (target === undefined) {
          target = output.length;
          output.push([]);
          children.push([]);
          next.set(state * UNIT + unit, target);
          children[state]!.push([unit, target]);
        }
        state = target;
      }
      if (!output[state]!.includes(table)) output[state]!.push(table);
    }
  });
  const fail = new Int32Array(output.length);
  const queue = children[0]!.map(([, state]) => state);
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    for (const [unit, child] of children[state]!) {
      queue.push(child);
      let fallback = fail[state]!;
      while (fallback !== 0 && !next.has(fallback * UNIT + unit)) fallback = fail[fallback]!;
      const target = next.get(fallback * UNIT + unit);
      fail[child] = target !== undefined && target !== child ? target : 0;
      for (const table of output[fail[child]!]!) if (!output[child]!.includes(table)) output[child]!.push(table);
    }
  }
  return { next, fail, output };
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
    const { next, fail, output } = automaton;
    const hit = new Uint8Array(names.length);
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      let target = next.get(state * UNIT + unit);
      while (target === undefined && state !== 0) {
        state = fail[state]!;
        target = next.get(state * UNIT + unit);
      }
      state = target ?? 0;
      for (const table of output[state]!) hit[table] = 1;
    }
    patterns.forEach((list, table) => {
      if (!hit[table] && list.some((pattern) => pattern.test(text))) hit[table] = 1;
    });
    return { has: (name) => hit[indexOf.get(name) ?? -1] === 1 };
  };
}
