// Work, not time: how many steps a synchronous call takes, counted through the built-ins every step goes
// through. Each Map/Set lookup or insertion counts one; an array method that walks its array (and every
// iteration of an array, Map or Set: for-of, spread) counts the elements it walks; a sort n·log2(n); a
// regular expression run the characters it is given; a string search the characters it passes, a string
// copy the characters it makes; charCodeAt one. A loop that scans all bounces per bounce
// shows as n² whatever it is written with, except plain indexed loops over arrays the counter cannot see
// (countReads makes the inputs' own reads visible). Deterministic: the same call always counts the same.

type Method = (this: unknown, ...args: unknown[]) => unknown;

let work = 0;
let counting = false;

const sizeOf = (value: unknown): number =>
  value instanceof Map || value instanceof Set ? value.size : typeof (value as { length?: unknown })?.length === "number" ? (value as { length: number }).length : 0;

/** Each entry: the object, its method's name, and what one call costs. */
const CHARGES: [object, PropertyKey, (self: unknown, args: unknown[], result: unknown) => number][] = [];
const one = (): number => 1;
const walk = (self: unknown): number => sizeOf(self);
for (const name of ["get", "set", "has", "delete"]) CHARGES.push([Map.prototype, name, one]);
for (const name of ["add", "has", "delete"]) CHARGES.push([Set.prototype, name, one]);
for (const target of [Map.prototype, Set.prototype]) {
  for (const name of ["forEach", "keys", "values", "entries", Symbol.iterator]) CHARGES.push([target, name, walk]);
}
for (const name of [
  "includes", "indexOf", "lastIndexOf", "find", "findIndex", "findLast", "findLastIndex", "some", "every", "filter", "map",
  "forEach", "reduce", "reduceRight", "flatMap", "flat", "slice", "join", "concat", "splice", "fill", "reverse",
  "keys", "values", "entries", Symbol.iterator,
] as const) {
  CHARGES.push([Array.prototype, name, walk]);
}
CHARGES.push([Array.prototype, "sort", (self) => {
  const n = sizeOf(self);
  return n * Math.max(1, Math.ceil(Math.log2(n + 1)));
}]);
CHARGES.push([Array, "from", (_, args) => sizeOf(args[0])]);
CHARGES.push([RegExp.prototype, "exec", (self, args) => {
  const text = String(args[0]);
  const re = self as RegExp;
  return Math.max(1, text.length - (re.global || re.sticky ? re.lastIndex : 0));
}]);
CHARGES.push([String.prototype, "charCodeAt", one]);
// a search walks from where it starts to what it finds (or the end); a copy costs what it makes
const start = (args: unknown[], length: number): number => Math.min(length, Math.max(0, Number(args[1]) || 0));
CHARGES.push([String.prototype, "indexOf", (self, args, result) => {
  const length = String(self).length;
  return 1 + ((result as number) >= 0 ? (result as number) : length) - start(args, length);
}]);
CHARGES.push([String.prototype, "lastIndexOf", (self) => 1 + String(self).length]);
CHARGES.push([String.prototype, "includes", (self) => 1 + String(self).length]);
for (const name of ["toLowerCase", "trim"]) CHARGES.push([String.prototype, name, (self) => 1 + String(self).length]);
for (const name of ["slice", "substring"]) CHARGES.push([String.prototype, name, (_, __, result) => 1 + String(result).length]);
CHARGES.push([String.prototype, "split", (self) => 1 + String(self).length]);

/** The work `run` does (see above), and its result. */
export function workOf<T>(run: () => T): { work: number; result: T } {
  const originals = CHARGES.map(([target, name]) => (target as Record<PropertyKey, Method>)[name]!);
  CHARGES.forEach(([target, name, charge], i) => {
    const original = originals[i]!;
    Object.defineProperty(target, name, {
      configurable: true, writable: true,
      value: function counted(this: unknown, ...args: unknown[]): unknown {
        const result = Reflect.apply(original, this, args);
        if (counting) {
          counting = false; // the charge itself (sizes, lengths) is not the call's work
          work += charge(this, args, result);
          counting = true;
        }
        return result;
      },
    });
  });
  work = 0;
  counting = true;
  try {
    const result = run();
    return { work, result };
  } finally {
    counting = false;
    CHARGES.forEach(([target, name], i) => Object.defineProperty(target, name, { configurable: true, writable: true, value: originals[i] }));
  }
}

/**
 * `value` with every read of its properties (array elements, fields), and of the objects and arrays below it,
 * counted as one step while workOf counts: scanning the inputs shows even in a plain indexed loop, and so do a
 * class instance's loops over its own arrays (its methods run with the counting proxy as `this`).
 */
export function countReads<T>(value: T): T {
  const proxies = new WeakMap<object, object>();
  const wrap = (target: unknown): unknown => {
    // built-ins with internal slots work only on themselves: their operations are charged by workOf
    if (target === null || typeof target !== "object" || target instanceof Map || target instanceof Set || target instanceof WeakMap
      || target instanceof WeakSet || target instanceof Date || target instanceof RegExp || ArrayBuffer.isView(target)) return target;
    let proxy = proxies.get(target);
    if (!proxy) {
      proxy = new Proxy(target, {
        get(object, key, receiver) {
          if (counting) work++;
          return wrap(Reflect.get(object, key, receiver));
        },
      });
      proxies.set(target, proxy);
    }
    return proxy;
  };
  return wrap(value) as T;
}
