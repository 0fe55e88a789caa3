// The path the original took, read from the trusted part of its Received chain: did it leave through the
// person's provider, or enter the receiving side straight from an unrelated host (a botnet)? A host that
// claims the person's domain in its HELO but is verified as something else is impersonating them.
import type { Evidence } from "../../types.js";
import { isOwnDomain, type ReportContext } from "../context.js";
import { evidence } from "../evidence.js";
import { hostNameOf, isLoopback } from "../hosts.js";
import { isProviderHost } from "../learn.js";
import type { HostIdentity, ReceivedHop } from "../received.js";

/** A trusted hop was sent by the person's provider's relay (verified by the receiving server). */
export const CHAIN_ENTRY_PROVIDER = 40;
/** The trusted chain starts at a host that is not the person's provider, which is known. */
export const CHAIN_ENTRY_UNRELATED_KNOWN = -30;
/** The trusted chain starts at a host that is not known as the person's provider (provider not learned yet). */
export const CHAIN_ENTRY_UNRELATED = -15;
export const HELO_IMPERSONATION = -15;
/** Fields below a broken link are only counted, as an explanation: they prove nothing either way. */
export const CHAIN_BROKEN = 0;

const nameOf = (identity: HostIdentity): string => identity.names[0] ?? identity.ips[0] ?? "";

function isRemote(hop: ReceivedHop): boolean {
  const keys = [...(hop.from?.names ?? []), ...(hop.from?.ips ?? [])];
  return keys.length > 0 && !keys.every(isLoopback);
}

/** The receiving side's SPF check passed for the person's domain: the host it checked is one their domain authorises. */
function spfAuthorised(ctx: ReportContext): boolean {
  return ctx.authResults.some((r) => r.method === "spf" && r.result === "pass" && isOwnDomain(r.subject, ctx.person));
}

export function pathEvidence(ctx: ReportContext): Evidence[] {
  const { knowledge, person } = ctx;
  const found: Evidence[] = [];
  const hops = ctx.chain.hops.filter(isRemote);
  const viaProvider = hops.find((hop) => isProviderHost(hop.from!, knowledge, person));
  const entry = hops[hops.length - 1];
  const unrelatedWeight = knowledge.relays.size > 0 ? CHAIN_ENTRY_UNRELATED_KNOWN : CHAIN_ENTRY_UNRELATED;
  if (viaProvider) {
    found.push(evidence("chain_entry_provider", CHAIN_ENTRY_PROVIDER, nameOf(viaProvider.from!)));
  } else if (entry && !entry.authenticated && !spfAuthorised(ctx)) {
    found.push(evidence("chain_entry_unrelated", unrelatedWeight, nameOf(entry.from!)));
    const helo = hostNameOf(entry.helo);
    if (helo && isOwnDomain(helo, person)) found.push(evidence("helo_impersonation", HELO_IMPERSONATION, helo, nameOf(entry.from!)));
  } else if (entry?.authenticated && knowledge.relays.size > 0 && !isProviderHost(entry.by, knowledge, person)) {
    // submitted with a login, but at a server that is not the person's provider
    found.push(evidence("chain_entry_unrelated", unrelatedWeight, nameOf(entry.by)));
  }
  if (ctx.chain.unverified > 0) {
    found.push(evidence("chain_broken", CHAIN_BROKEN, String(ctx.chain.unverified), ctx.chain.brokenAt));
  }
  return found;
}
