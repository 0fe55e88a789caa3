// DKIM-Signature fields of the original. Only the person's domain (or their provider's, learned from their
// own mail) can sign as them, so such a signature means the message went out through their account or
// provider, unless the receiving server recorded that it failed to verify. Its absence, where the person's
// own mail is signed, points at a forger. A signature that no receiving server verified is only a claim
// (anyone can write the field): on a path that starts at an unrelated host it counts as no signature.
import type { Evidence } from "../../types.js";
import { dkimSigningDomain } from "../authresults.js";
import { isOwnDomain, type ReportContext } from "../context.js";
import { valuesOf } from "../fields.js";
import { evidence } from "../evidence.js";
import { isWithin } from "../hosts.js";
import { pathStart } from "./path.js";

/** Signed with d= the person's own domain. */
export const DKIM_OWN_DOMAIN = 55;
/** Signed with d= their provider's domain (shared with the provider's other customers), or the provider's name for their domain. */
export const DKIM_PROVIDER_DOMAIN = 25;
/** Not signed, though the person's own mail is. */
export const DKIM_MISSING_WHERE_SIGNED = -20;
/** Not signed, and whether the person's mail is signed is not known. */
export const DKIM_MISSING = -10;

/** Results by which a verifier says a signature is bad ("neutral" is what some write for a body-hash mismatch). */
const FAILED = /^(?:fail|permerror|neutral|policy)$/;

/**
 * A hosting tenant's signing domain named after the person's domain: Google Workspace signs for a domain
 * without its own key as "<the domain, dots written as hyphens>.<key date>.gappssmtp.com".
 */
function isTenantDomain(domain: string, ctx: ReportContext): boolean {
  const first = domain.slice(0, domain.indexOf("."));
  return first !== "" && ctx.person.domains.some((own) => first === own.replace(/\./g, "-"));
}

export function dkimEvidence(ctx: ReportContext): Evidence[] {
  const { person, knowledge } = ctx;
  const domains = valuesOf(ctx.headers, "dkim-signature").map(dkimSigningDomain).filter(Boolean);
  const refuted = (domain: string): boolean => ctx.authResults.some((r) =>
    r.method === "dkim" && FAILED.test(r.result) && (r.subject === domain || r.subject === ""));
  const verified = (domain: string): boolean => ctx.authResults.some((r) =>
    r.method === "dkim" && r.result === "pass" && (r.subject === domain || isWithin(r.subject, domain)));
  const own = domains.filter((d) => isOwnDomain(d, person));
  const provider = domains.filter((d) => knowledge.providerDkimDomains.has(d) || isTenantDomain(d, ctx));
  const missing = knowledge.ownMailSigned ? DKIM_MISSING_WHERE_SIGNED : DKIM_MISSING;
  const unrelatedPath = pathStart(ctx).kind === "unrelated";
  for (const [valid, signal, weight] of [
    [own.find((d) => !refuted(d)), "dkim_own_domain", DKIM_OWN_DOMAIN],
    [provider.find((d) => !refuted(d)), "dkim_provider_domain", DKIM_PROVIDER_DOMAIN],
  ] as const) {
    if (!valid) continue;
    if (unrelatedPath && !verified(valid)) return [evidence("dkim_unverified_claim", missing, valid)];
    return [evidence(signal, weight, valid)];
  }
  // a signature that failed is reported by the authentication results; absence only counts in full headers
  if (own.length + provider.length > 0 || valuesOf(ctx.headers, "received").length === 0) return [];
  return [evidence("dkim_missing", missing)];
}
