// The trust chain of Received fields. The sender controls every header of the original below the receiving
// side's own trace fields, so a Received field counts only along an unbroken chain from the top (written by
// the server that held the message when it bounced) down: each hop's verified sending host (rDNS name or IP,
// never its HELO claim) must be the receiving host ("by") of the field below. Forged fields below a broken
// link prove nothing and are only counted.
import { hostNameOf, isLoopback, organisationOf } from "./hosts.js";
import { parseReceived, type HostIdentity, type ReceivedHop } from "./received.js";

/**
 * Name ↔ IP pairs that some trusted server verified (its rDNS lookup), used to link "[ip]" to "by name".
 * A map over a `base` reads the base's pairs where they are and keeps only its own: one report's map over
 * what the person's mail taught costs that report's hops, not every pair learned from the whole mailbox.
 */
export class HostMap {
  private readonly pairs = new Map<string, Set<string>>();

  /** A map holding the pairs of `base` (which stays unchanged) and those it learns itself. */
  constructor(private readonly base?: HostMap) {}

  learn(identity: HostIdentity): void {
    for (const name of identity.names) {
      for (const ip of identity.ips) {
        if (isLoopback(ip) || isLoopback(name)) continue;
        this.link(name, ip);
        this.link(ip, name);
      }
    }
  }

  private link(a: string, b: string): void {
    const set = this.pairs.get(a);
    if (set) set.add(b);
    else this.pairs.set(a, new Set([b]));
  }

  /** Every name and IP the identity stands for. */
  expand(identity: HostIdentity): Set<string> {
    const keys = new Set([...identity.names, ...identity.ips]);
    for (const key of [...keys]) this.addPairsOf(key, keys);
    return keys;
  }

  private addPairsOf(key: string, keys: Set<string>): void {
    this.base?.addPairsOf(key, keys);
    for (const other of this.pairs.get(key) ?? []) keys.add(other);
  }
}

export interface TrustChain {
  /** Trusted hops, top (receiving side) first. */
  hops: ReceivedHop[];
  /** Received fields below a broken link: written by someone the chain cannot vouch for. */
  unverified: number;
  /** The host the first unverified field should have been received by, when the chain broke. */
  brokenAt: string;
}

const isEmpty = (identity: HostIdentity): boolean => identity.names.length + identity.ips.length === 0;

function overlaps(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const key of a) if (b.has(key)) return true;
  return false;
}

function describe(identity: HostIdentity): string {
  return identity.names[0] ?? identity.ips[0] ?? "";
}

/**
 * A hop inside the receiving organisation: its own server took the message from a host that named itself
 * as one of the organisation's, and the field below is by one of the organisation's hosts. Large providers
 * name and address one internal host differently from hop to hop (Office 365), which the strict rule
 * cannot follow; an outsider cannot reach those internal servers.
 */
function isInternalLink(upper: ReceivedHop, below: ReceivedHop): boolean {
  const organisation = organisationOf(upper.by.names[0] ?? "");
  if (!organisation) return false;
  const claimed = [hostNameOf(upper.helo), ...(upper.from?.names ?? [])];
  return claimed.some((name) => name !== "" && organisationOf(name) === organisation)
    && below.by.names.some((name) => organisationOf(name) === organisation);
}

/** A hand-off within one machine: no peer address, or only loopback (content filters, webmail, local daemons). */
function isLocal(sender: HostIdentity): boolean {
  return sender.ips.length === 0 || sender.ips.every(isLoopback);
}

/** After a local hand-off the field below is by the same machine, under whichever of its names. */
function isSameMachine(upper: ReceivedHop, below: ReceivedHop): boolean {
  if (below.by.ips.length > 0 && below.by.ips.every(isLoopback)) return true;
  if (below.by.names.some((name) => name.startsWith("localhost"))) return true;
  const organisations = new Set(upper.by.names.map(organisationOf).filter(Boolean));
  return below.by.names.some((name) => organisations.has(organisationOf(name)));
}

/**
 * Walks Received field values (top first). The first field with a from-clause is the receiving side's own;
 * fields without one above it are its local hand-offs (Gmail's "by <ip> with SMTP id", qmail's
 * "(qmail … invoked from network)"), and fields with neither from nor by carry no claim at all.
 */
export function trustChain(receivedValues: readonly string[], map: HostMap): TrustChain {
  const chain: TrustChain = { hops: [], unverified: 0, brokenAt: "" };
  // the host the next field should be received by, expanded only when there is a next field
  let expectedHost: HostIdentity | null = null;
  let upper: ReceivedHop | null = null;
  let local = false;
  for (let i = 0; i < receivedValues.length; i++) {
    const hop = parseReceived(receivedValues[i]!);
    if (isEmpty(hop.by) && !hop.from) continue;
    const linked = expectedHost === null || overlaps(map.expand(hop.by), map.expand(expectedHost))
      || (upper !== null && (local ? isSameMachine(upper, hop) : isInternalLink(upper, hop)));
    if (!linked) {
      chain.unverified = receivedValues.length - i;
      chain.brokenAt = expectedHost ? describe(expectedHost) : "";
      break;
    }
    chain.hops.push(hop);
    if (!hop.from && expectedHost === null) continue;
    if (hop.from) map.learn(hop.from);
    // a field without a from-clause below the top is a local injection (Postfix pickup, Sendmail Submit)
    local = !hop.from || isLocal(hop.from);
    expectedHost = local || !hop.from ? hop.by : hop.from;
    upper = hop;
  }
  return chain;
}
