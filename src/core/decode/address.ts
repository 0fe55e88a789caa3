// Email address helpers over hostile text: fixed-width character classes, bounded repetition.

const ADDRESS_IN_TEXT = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,8}[A-Za-z0-9-]{1,63}/g;
/**
 * A whole address. Internationalised addresses (RFC 6531/6533: "用户@example.org") may hold letters,
 * marks and digits of any script; punctuation outside ASCII (full-width colons, brackets) never.
 * Addresses found in free text stay ASCII-only: there a neighbouring word would join the address.
 */
const ADDRESS_EXACT = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\p{L}\p{M}\p{N}-]{1,64}@[A-Za-z0-9\p{L}\p{M}\p{N}](?:[A-Za-z0-9\p{L}\p{M}\p{N}-]{0,62}\.){0,8}[A-Za-z0-9\p{L}\p{M}\p{N}-]{1,63}$/u;
/**
 * ADDRESS_EXACT for ASCII text, where letters, marks and digits are [A-Za-z0-9]: the same answers, and V8
 * compiles it without the Unicode property tables (which cost ~10 ms once per process, a CLI run's warm-up).
 */
const ADDRESS_EXACT_ASCII = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){0,8}[A-Za-z0-9-]{1,63}$/;
const NON_ASCII = /[^\x00-\x7f]/;
/** A quoted local part ("john..doe"@example.com) is part of the address and keeps its quotes. */
const QUOTED_EXACT = /^"[^"\\\r\n]{1,62}"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){0,8}[A-Za-z0-9-]{1,63}$/;

/** Trims brackets, quotes, "rfc822;" prefixes and trailing punctuation around an address. */
export function cleanAddress(value: string): string {
  let text = value.trim().replace(/^(?:rfc822|utf-8|x400|unknown)\s*;\s*/i, "");
  const angle = /<([^<>\s]{1,320})>/.exec(text);
  if (angle) text = angle[1]!;
  text = text.replace(/^mailto:/i, "").replace(/["')\].,;:]+$/g, "");
  if (!/^"[^"]{1,62}"@/.test(text)) text = text.replace(/^["'(\[]+/, "");
  return text.trim();
}

export function isAddress(value: string): boolean {
  if (value.length > 320) return false;
  return (NON_ASCII.test(value) ? ADDRESS_EXACT : ADDRESS_EXACT_ASCII).test(value) || QUOTED_EXACT.test(value);
}

/** The first address in a header value or text line, or "". */
export function firstAddress(text: string): string {
  const angle = /<([^<>\s@]{1,64}@[^<>\s]{1,255})>/.exec(text);
  if (angle && isAddress(cleanAddress(angle[1]!))) return cleanAddress(angle[1]!);
  ADDRESS_IN_TEXT.lastIndex = 0;
  const match = ADDRESS_IN_TEXT.exec(text);
  return match ? cleanAddress(match[0]) : "";
}

/** Every address in a text, in order, without duplicates (case-insensitive). */
export function allAddresses(text: string, limit = 200): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  ADDRESS_IN_TEXT.lastIndex = 0;
  for (let match = ADDRESS_IN_TEXT.exec(text); match && found.length < limit; match = ADDRESS_IN_TEXT.exec(text)) {
    const address = cleanAddress(match[0]);
    const key = address.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      found.push(address);
    }
  }
  return found;
}

/** Domain of an address, lower-cased. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1).toLowerCase();
}
