// Which header fields are the receiving side's own: the one place that decides it, for the original in a
// bounce (the recipient's servers) and for a delivered message (the person's own servers).
//
// The sender writes everything below the Received line of the hop where the receiving side accepted the
// message from outside; only the receiving servers (the top of the trace down to that hop) write above it.
// So Authentication-Results and Received-SPF count only when they stand above the Received line of the
// server that stamped them (RFC 8601 §5 asks receivers to delete fields in their own name below it; Postfix's
// milters do, Exim does not), and never from a host below the accepting hop whose name a chain of Received
// fields merely proves. A dkim=pass for a domain that no DKIM-Signature of the message is from is forged, and
// so is the rest of its field. Exchange Online writes its results without a conforming authserv-id; inside its
// own block (above the accepting hop, the receiving hops in Exchange's own form, "with Microsoft SMTP Server",
// which no sender can make a foreign server write) they count as the server's below them.
import type { HeaderField } from "../types.js";
import { dkimSigningDomain, parseAuthenticationResults, parseReceivedSpf, type AuthResult } from "./authresults.js";
import { valuesOf } from "./fields.js";
import { hostNameOf, isLoopback, isWithin, organisationOf } from "./hosts.js";
import { parseReceived, type ReceivedHop } from "./received.js";

const EXCHANGE_PROTOCOL = /^(?:microsoft|mapi)$/i;
/** The receiving side's fields are at the top; a sender's thousands of forged fields below need not be read. */
const MAX_FIELDS = 400;

const inOrganisation = (name: string, organisations: Set<string>): boolean => name !== "" && organisations.has(organisationOf(name));

/**
 * True when the hop took the message from inside the receiving organisation: a local hand-off, a sender whose
 * verified name is the organisation's, or (as the trust chain links Office 365's hops, chain.ts) a sender that
 * named itself as one of the organisation's when the field below is by one of its hosts too. Large providers
 * refuse a HELO that claims their own names from outside (Exchange Online: 5.7.506 "Bad HELO").
 */
function fromInside(hop: ReceivedHop, below: ReceivedHop | undefined, organisations: Set<string>): boolean {
  if (!hop.from || hop.from.ips.length === 0 || hop.from.ips.every(isLoopback)) return true;
  if (hop.from.names.some((name) => inOrganisation(name, organisations))) return true;
  return inOrganisation(hostNameOf(hop.helo), organisations) && below !== undefined
    && below.by.names.some((name) => inOrganisation(name, organisations));
}

export interface ReceivingSide {
  /** The receiving servers' names (by-hosts from the top down to the accepting hop). */
  names: Set<string>;
  /**
   * False when no hop took the message from outside: it was written inside the receiving organisation (a
   * bounce the person's own provider wrote and delivered to them), or the trace shows no hop at all.
   */
  fromOutside: boolean;
  /** Authentication results the receiving side itself added (AR and Received-SPF), top first. */
  results: AuthResult[];
}

interface Hop {
  /** Index of its Received field among the header fields. */
  index: number;
  hop: ReceivedHop;
}

/** The next Received field at or after `start` that records a hop, or undefined. */
function nextHop(fields: readonly HeaderField[], start: number): Hop | undefined {
  for (let index = start; index < fields.length; index++) {
    const [name, value] = fields[index]!;
    if (name.length !== 8 || name.toLowerCase() !== "received") continue;
    const hop = parseReceived(value);
    if (hop.by.names.length + hop.by.ips.length > 0 || hop.from) return { index, hop };
  }
  return undefined;
}

/**
 * The receiving hops, top first, down to and including the one that accepted the message from outside (if any).
 * Fields are read only down to the one below that hop: the sender's many fields further down are never parsed.
 */
function receivingHops(fields: readonly HeaderField[]): { hops: Hop[]; fromOutside: boolean } {
  const hops: Hop[] = [];
  const organisations = new Set<string>();
  let below = nextHop(fields, 0);
  while (below) {
    const current = below;
    hops.push(current);
    below = nextHop(fields, current.index + 1);
    for (const name of current.hop.by.names) if (organisationOf(name)) organisations.add(organisationOf(name));
    if (!fromInside(current.hop, below?.hop, organisations)) return { hops, fromOutside: true };
  }
  return { hops, fromOutside: false };
}

/** Domains the message carries a DKIM-Signature of (a result about another domain's signature is invented). */
function signingDomains(headers: readonly HeaderField[]): string[] {
  return valuesOf(headers, "dkim-signature").map(dkimSigningDomain).filter(Boolean);
}

/** A dkim=pass about a domain that signed nothing in the message: the field was not written by a verifier. */
function claimsUnsignedPass(results: readonly AuthResult[], signers: readonly string[]): boolean {
  return results.some((r) => r.method === "dkim" && r.result === "pass" && r.subject !== ""
    && !signers.some((d) => r.subject === d || isWithin(r.subject, d)));
}

/**
 * The receiving side of `headers`. `envelopeDomain` is the domain a Received-SPF field checked when it does
 * not say (the Return-Path's).
 */
export function receivingSide(headers: readonly HeaderField[], envelopeDomain = ""): ReceivingSide {
  const fields = headers.slice(0, MAX_FIELDS);
  const { hops, fromOutside } = receivingHops(fields);
  const names = new Set(hops.flatMap(({ hop }) => hop.by.names));
  const accepting = hops[hops.length - 1];
  if (!accepting) return { names, fromOutside, results: [] };
  const organisations = new Set([...names].map(organisationOf).filter(Boolean));
  /** The lowest of the server's own Received lines, -1 for a name no receiving hop bears. */
  const ownLine = (server: string): number => hops.reduce((line, { index, hop }) => (hop.by.names.includes(server) ? index : line), -1);
  /** The receiving server whose Received line is the nearest below a field: the one that added it. */
  const serverBelow = (index: number): ReceivedHop | undefined => hops.find((h) => h.index > index)?.hop;
  const exchange = hops.some(({ hop }) => EXCHANGE_PROTOCOL.test(hop.protocol));
  const signers = signingDomains(headers);

  const results: AuthResult[] = [];
  for (let index = 0; index < accepting.index; index++) {
    const [key, value] = fields[index]!;
    const name = key.toLowerCase();
    const found = name === "authentication-results" ? parseAuthenticationResults(value)
      : name === "received-spf" ? [parseReceivedSpf(value, envelopeDomain) ?? []].flat() : [];
    if (found.length === 0 || claimsUnsignedPass(found, signers)) continue;
    const below = serverBelow(index);
    for (const result of found) {
      const stamp = result.stampedBy;
      const named = hostNameOf(stamp);
      // an own server's name stands above that server's line; its organisation's name anywhere in the block
      const own = named !== "" ? (names.has(named) ? index < ownLine(named) : [...names].some((host) => isWithin(host, named)) || organisations.has(named))
        // unnamed: Exchange's results, and a Received-SPF naming no server (postfix-policyd-spf writes "receiver=<UNKNOWN>")
        : name === "received-spf" || exchange;
      if (own) results.push(named !== "" ? result : { ...result, stampedBy: below?.by.names[0] ?? below?.by.ips[0] ?? "" });
    }
  }
  return { names, fromOutside, results };
}

/** Domains with a DKIM pass that the receiving side recorded. */
export function authenticatedDomains(side: ReceivingSide): string[] {
  return side.results.filter((r) => r.method === "dkim" && r.result === "pass" && r.subject !== "").map((r) => r.subject);
}
