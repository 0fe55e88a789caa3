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

/** Where the trusted path of the original starts, as far as the person's account is concerned. */
export interface PathStart {
  /** "provider": it left through the provider's host; "unrelated": it started at a host that is not the provider's. */
  kind: "provider" | "unrelated" | "none";
  host: string;
  /** The unrelated entry host claimed the person's domain in its HELO. */
  impersonatedHelo: string;
}

/**
 * The start of the path: a trusted hop sent by the provider's host, else the lowest trusted hop's sending host.
 * A login stamp at that lowest hop moves the start to the host that wrote it, which counts as unrelated unless
 * it is the provider's: a host vouching for a login on itself proves nothing (submission.ts).
 */
export function pathStart(ctx: ReportContext): PathStart {
  let start = starts.get(ctx);
  if (!start) starts.set(ctx, (start = findPathStart(ctx)));
  return start;
}

/** Read by the path and the DKIM signals alike: found once per report. */
const starts = new WeakMap<ReportContext, PathStart>();

function findPathStart(ctx: ReportContext): PathStart {
  const { knowledge, person } = ctx;
  const hops = ctx.chain.hops.filter(isRemote);
  const viaProvider = hops.find((hop) => isProviderHost(hop.from!, knowledge, person));
  if (viaProvider) return { kind: "provider", host: nameOf(viaProvider.from!), impersonatedHelo: "" };
  const entry = hops[hops.length - 1];
  if (!entry || spfAuthorised(ctx)) return { kind: "none", host: "", impersonatedHelo: "" };
  if (entry.authenticated) {
    return isProviderHost(entry.by, knowledge, person)
      ? { kind: "none", host: "", impersonatedHelo: "" } : { kind: "unrelated", host: nameOf(entry.by), impersonatedHelo: "" };
  }
  const helo = hostNameOf(entry.helo);
  return { kind: "unrelated", host: nameOf(entry.from!), impersonatedHelo: helo && isOwnDomain(helo, person) ? helo : "" };
}

/** Weight of a start at an unrelated host: stronger once the provider is known. */
export function unrelatedWeight(ctx: ReportContext): number {
  return ctx.knowledge.provider.known ? CHAIN_ENTRY_UNRELATED_KNOWN : CHAIN_ENTRY_UNRELATED;
}

export function pathEvidence(ctx: ReportContext): Evidence[] {
  const found: Evidence[] = [];
  const start = pathStart(ctx);
  if (start.kind === "provider") found.push(evidence("chain_entry_provider", CHAIN_ENTRY_PROVIDER, start.host));
  if (start.kind === "unrelated") found.push(evidence("chain_entry_unrelated", unrelatedWeight(ctx), start.host));
  if (start.impersonatedHelo) found.push(evidence("helo_impersonation", HELO_IMPERSONATION, start.impersonatedHelo, start.host));
  if (ctx.chain.unverified > 0) {
    found.push(evidence("chain_broken", CHAIN_BROKEN, String(ctx.chain.unverified), ctx.chain.brokenAt));
  }
  return found;
}
