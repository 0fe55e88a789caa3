// Building evidence items: a named signal, its weight, and the parameters of its localized text.
import type { Evidence } from "../types.js";

export function evidence(signal: string, weight: number, ...params: string[]): Evidence {
  return { signal, weight, params: params.map((p) => p.slice(0, 200)) };
}

