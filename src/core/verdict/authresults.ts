// Authentication-Results (RFC 8601), Received-SPF (RFC 7208 §9.1) and DKIM-Signature (RFC 6376) fields,
// read into method results with the server that stamped them (authserv-id) and the domain they are about.
import { normalizeAddress, normalizeDomain } from "../sentlog.js";
import { hostNameOf, ipOf } from "./hosts.js";

export type AuthMethod = "spf" | "dkim" | "dmarc" | "iprev";

export interface AuthResult {
  method: AuthMethod;
  /** pass, fail, softfail, neutral, none, temperror, permerror, ... in lower case. */
  result: string;
  /** The domain the result is about ("" when the field does not say), or the IP for iprev. */
  subject: string;
  /** The server that stamped it: the authserv-id, or the receiver named in a Received-SPF field. */
  stampedBy: string;
}

const MAX_FIELD_CHARS = 4096;
const METHODS = new Set<string>(["spf", "dkim", "dmarc", "iprev"]);

function withoutComments(value: string): string {
  let out = "";
  let depth = 0;
  for (const c of value.slice(0, MAX_FIELD_CHARS)) {
    if (c === "(") depth++;
    else if (c === ")" && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

/** The domain of an address or domain value ("user@dom", "<user@dom>", "dom"). */
function domainIn(value: string): string {
  // header.i=@example.com (Gmail writes the identity without a local part) is the domain itself
  const v = value.replace(/^["'<]+|["'>]+$/g, "").replace(/^@/, "");
  if (!v.includes("@")) return normalizeDomain(v);
  const address = normalizeAddress(v);
  return address.slice(address.lastIndexOf("@") + 1);
}

/** Reads one Authentication-Results value; an O365-style field without an authserv-id gets stampedBy "". */
export function parseAuthenticationResults(value: string): AuthResult[] {
  const parts = withoutComments(value).split(";").map((p) => p.trim());
  const head = parts[0] ?? "";
  const authservId = /^[^\s=]+(?:\s|$)/.test(head) ? hostNameOf(head.split(/\s+/)[0]!) : "";
  const results: AuthResult[] = [];
  for (const part of authservId ? parts.slice(1) : parts) {
    const match = /^([a-z0-9_-]{2,20})\s*=\s*([a-z0-9_-]{1,20})/i.exec(part);
    if (!match || !METHODS.has(match[1]!.toLowerCase())) continue;
    const method = match[1]!.toLowerCase() as AuthMethod;
    const props = new Map<string, string>();
    for (const prop of part.matchAll(/([a-z]{1,12}\.[a-z-]{1,20})\s*=\s*([^\s;]{1,320})/gi)) props.set(prop[1]!.toLowerCase(), prop[2]!);
    const subject = method === "spf" ? domainIn(props.get("smtp.mailfrom") ?? props.get("smtp.helo") ?? "")
      : method === "dkim" ? domainIn(props.get("header.d") ?? props.get("header.i") ?? "")
      : method === "dmarc" ? domainIn(props.get("header.from") ?? "")
      : ipOf(props.get("policy.iprev") ?? "");
    results.push({ method, result: match[2]!.toLowerCase(), subject, stampedBy: authservId });
  }
  return results;
}

/**
 * Reads one Received-SPF value: "result (receiver: comment) key=value; ...". The checked domain is the
 * envelope sender's; when the field does not name it, `envelopeDomain` (the original's Return-Path) is used.
 */
export function parseReceivedSpf(value: string, envelopeDomain: string): AuthResult | null {
  const text = value.slice(0, MAX_FIELD_CHARS);
  const result = /^\s*([a-z]{2,12})\b/i.exec(text)?.[1]?.toLowerCase();
  if (!result) return null;
  const receiver = /\(\s*([^\s:()]{3,253})\s*:/.exec(text)?.[1] ?? /\breceiver=([^\s;]{3,253})/i.exec(text)?.[1] ?? "";
  const checked = /\bdomain of\s+(?:transitioning\s+)?([^\s;()]{3,320})/i.exec(text)?.[1]
    ?? /\benvelope-from=["<]?([^\s;>"]{3,320})/i.exec(text)?.[1] ?? "";
  return {
    method: "spf",
    result,
    subject: checked ? domainIn(checked) : envelopeDomain,
    stampedBy: hostNameOf(receiver),
  };
}

/** The signing domain (d=) of a DKIM-Signature value, "" when it names none. */
export function dkimSigningDomain(value: string): string {
  const d = /(?:^|;)\s*d\s*=\s*([^\s;]{1,253})/i.exec(value.slice(0, MAX_FIELD_CHARS))?.[1] ?? "";
  return d ? normalizeDomain(d) : "";
}
