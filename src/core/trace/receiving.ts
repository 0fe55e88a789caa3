// Which Authentication-Results of a delivered message are the person's own receiving server's: only fields
// that server added above its own Received line for the hop where it accepted the message from outside. The
// sender writes everything below that line, a forged "dkim=pass header.d=microsoft.com" included. Exchange
// Online writes its results without a conforming authserv-id; for a mailbox there, the field inside Exchange's
// own block counts as the receiving server's: above the accepting hop, when the receiving hops are written in
// Exchange's own form ("with Microsoft SMTP Server", which no sender can make a foreign server write).
import type { HeaderField } from "../types.js";
import { parseAuthenticationResults, type AuthResult } from "../verdict/authresults.js";
import { hostNameOf, isLoopback, isWithin, organisationOf } from "../verdict/hosts.js";
import { parseReceived, type ReceivedHop } from "../verdict/received.js";

/** A stand-in authserv-id for Exchange's unnamed results. */
export const EXCHANGE_STAMP = "exchange";
const EXCHANGE_PROTOCOL = /^(?:microsoft|mapi)$/i;
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
  /** Authentication results the receiving side itself added. */
  results: AuthResult[];
}

export function receivingSide(headers: readonly HeaderField[]): ReceivingSide {
  const fields = headers.slice(0, MAX_FIELDS);
  const hops: { index: number; hop: ReceivedHop }[] = [];
  fields.forEach(([name, value], index) => {
    if (name.toLowerCase() !== "received") return;
    const hop = parseReceived(value);
    if (hop.by.names.length + hop.by.ips.length > 0 || hop.from) hops.push({ index, hop });
  });
  const names = new Set<string>();
  const organisations = new Set<string>();
  let boundary = -1;
  let exchange = false;
  for (let i = 0; i < hops.length; i++) {
    const { index, hop } = hops[i]!;
    for (const name of hop.by.names) {
      names.add(name);
      const organisation = organisationOf(name);
      if (organisation) organisations.add(organisation);
    }
    if (EXCHANGE_PROTOCOL.test(hop.protocol)) exchange = true;
    boundary = index;
    if (!fromInside(hop, hops[i + 1]?.hop, organisations)) break;
  }
  if (boundary < 0) return { names, results: [] };
  const results: AuthResult[] = [];
  for (const [name, value] of fields.slice(0, boundary)) {
    if (name.toLowerCase() !== "authentication-results") continue;
    for (const result of parseAuthenticationResults(value)) {
      const stamp = result.stampedBy;
      const own = stamp === "" ? exchange
        : [...names].some((host) => host === stamp || isWithin(host, stamp)) || organisations.has(hostNameOf(stamp));
      if (own) results.push(stamp === "" ? { ...result, stampedBy: EXCHANGE_STAMP } : result);
    }
  }
  return { names, results };
}

/** Domains with a DKIM pass that the receiving side recorded. */
export function authenticatedDomains(side: ReceivingSide): string[] {
  return side.results.filter((r) => r.method === "dkim" && r.result === "pass" && r.subject !== "").map((r) => r.subject);
}
