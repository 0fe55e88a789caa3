// The smallest and largest of a list of numbers in one pass: Math.min(...list) throws a RangeError once the
// list has more items than a call can take arguments (about 130,000 in V8 and SpiderMonkey).

/** The least and greatest of `values`, or null when there are none. */
export function extent(values: Iterable<number>): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : null;
}
