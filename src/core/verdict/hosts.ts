// Host names and IP addresses as trace fields write them, reduced to one comparable form.

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6 = /^[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?::\d{1,3}(?:\.\d{1,3}){3})?$/;
const NOT_IP = /[^0-9a-f:.]/;
const HOST_NAME = /^(?=.{3,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62}\.){1,126}[a-z0-9-]{1,63}$/;

/** Second-level labels under which registries hand out names (co.jp, com.au, ...): never one organisation. */
const REGISTRY_LABELS = new Set(["co", "ne", "or", "ac", "ad", "ed", "go", "gr", "lg", "com", "net", "org", "edu", "gov", "mil"]);

function canonicalIpv6(text: string): string {
  const mapped = /^(?:0{0,4}:){0,5}(?:0{0,4}:)?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text) ?? /^::(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (mapped) return mapped[1]!;
  const halves = text.split("::");
  if (halves.length > 2) return "";
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return "";
  const groups = [...head, ...Array<string>(missing).fill("0"), ...tail];
  return groups.map((g) => (g.replace(/^0+/, "") || "0")).join(":");
}

/**
 * A character that no form of an address is written with (hex digits, ":", ".", brackets, "IPv6:"), nor the
 * spaces trimmed around it: most words of a trace field are turned away here without a copy in lower case.
 */
const NEVER_IN_IP = /[^0-9a-f:.[\]ipv\s]/i;

/** An IP address in canonical form ("" when `text` is none): brackets, "IPv6:" prefixes and ports removed. */
export function ipOf(text: string): string {
  if (NEVER_IN_IP.test(text)) return "";
  let t = text.trim().toLowerCase();
  if (t.length > 60) return "";
  if (t.startsWith("[")) {
    const bracket = /^\[([^\]]{1,50})\](?::\d{1,5})?$/.exec(t);
    if (bracket) t = bracket[1]!;
  }
  if (t.startsWith("ipv6:")) t = t.slice(5);
  if (NOT_IP.test(t)) return ""; // a host name: most fields name hosts, and every form below is made of these characters
  const v4 = IPV4.exec(t);
  if (v4) return v4.slice(1).every((n) => Number(n) <= 255) ? v4.slice(1).map(Number).join(".") : "";
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(t);
  if (v4port) return ipOf(v4port[1]!);
  return IPV6.test(t) ? canonicalIpv6(t) : "";
}

/** A host name in lower case without a trailing dot ("" when `text` is not one). */
export function hostNameOf(text: string): string {
  if (!text.includes(".")) return ""; // most words of a trace field
  const t = text.trim().toLowerCase().replace(/\.$/, "");
  return HOST_NAME.test(t) && !ipOf(t) ? t : "";
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host.startsWith("127.") || host === "0:0:0:0:0:0:0:1";
}

/**
 * True for names that many unrelated owners share as a suffix: a TLD, a registry's second level (co.jp,
 * com.au, ...), and the documentation names of RFC 2606/6761 (example.com, example.co.jp, ...) under which
 * every subdomain stands for a different, fictitious organisation.
 */
export function isSuffixLike(domain: string): boolean {
  const dot = domain.indexOf(".");
  return dot < 0 || isSuffixAt(domain, 0, dot);
}

/**
 * isSuffixLike for the suffix of `host` starting at `start`, whose first label ends at `dot` (not -1): read in
 * place, since every trace field's hosts are asked about (organisationOf).
 */
function isSuffixAt(host: string, start: number, dot: number): boolean {
  const first = host.slice(start, dot);
  if (first === "example") return true;
  return host.indexOf(".", dot + 1) < 0 && REGISTRY_LABELS.has(first);
}

/** The organisation a host belongs to: its shortest suffix that is not shared ("outlook.com"), "" for none. */
export function organisationOf(host: string): string {
  const last = host.lastIndexOf(".");
  if (last < 0) return "";
  // suffixes of two labels and more, shortest first: each starts after a dot (or at the name's start)
  for (let dot = last; dot >= 0;) {
    const start = dot === 0 ? 0 : host.lastIndexOf(".", dot - 1) + 1;
    if (!isSuffixAt(host, start, dot)) return start === 0 ? host : host.slice(start);
    dot = start - 1;
  }
  return "";
}

/** The domain a host belongs to: the name without its first label, "" when that would be a suffix. */
export function parentDomain(host: string): string {
  const dot = host.indexOf(".");
  if (dot < 0) return "";
  const parent = host.slice(dot + 1);
  return isSuffixLike(parent) ? "" : parent;
}

/** True when `domain` is `ancestor` or below it, and `ancestor` is not a shared suffix. */
export function isWithin(domain: string, ancestor: string): boolean {
  if (!domain || !ancestor || isSuffixLike(ancestor)) return false;
  return domain === ancestor || domain.endsWith(`.${ancestor}`);
}

/** A label's form: runs of letters and of digits reduced to their class ("namprd05" → "a9"). */
function labelShape(label: string): string {
  return label.replace(/[a-z]+/g, "a").replace(/\d+/g, "9");
}

/**
 * A name's place in its organisation's numbered server groups: the labels below the host's own, each numbered
 * group reduced to its form (namprd05 ~ namprd12), so that two names with one key sit in the same position
 * (SN4PR05CA0001.namprd05.prod.outlook.com ~ BY5PR12MB4131.namprd12.prod.outlook.com). Place names without
 * digits (tokyo ~ osaka in a dial-up pool) stay apart. "" for a name under no organisation.
 */
export function serverGroupKey(name: string): string {
  const organisation = organisationOf(name);
  if (organisation === "") return "";
  const labels = name.split(".");
  return `${organisation}|${labels.length}:${labels.slice(1).map((label) => (/\d/.test(label) ? `~${labelShape(label)}` : label)).join(".")}`;
}

/**
 * Same host, or siblings under one organisation's domain (mail-sor-f41.google.com ~ mail-sor-f42.google.com),
 * including its numbered server groups (SN4PR05CA0001.namprd05.prod.outlook.com ~ BY5PR12MB4131.namprd12.prod.outlook.com).
 */
export function sameSite(a: string, b: string): boolean {
  if (a === b) return true;
  const parent = parentDomain(a);
  const group = serverGroupKey(a);
  return (parent !== "" && parent === parentDomain(b)) || (group !== "" && group === serverGroupKey(b));
}
