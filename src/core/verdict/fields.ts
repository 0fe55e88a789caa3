// Header fields by name, as the verdict reads a header block.
import type { HeaderField } from "../types.js";

/** The values of the fields named `name` (lower case), in order. */
export function valuesOf(headers: readonly HeaderField[], name: string): string[] {
  const values: string[] = [];
  for (const [key, value] of headers) if (key.length === name.length && key.toLowerCase() === name) values.push(value);
  return values;
}
