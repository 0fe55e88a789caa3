// DKIM-Signature fields of the original. Only the person's domain (or their provider's, learned from their
// own mail) can sign as them, so such a signature means the message went out through their account or
// provider, unless the receiving server recorded that it failed to verify. Its absence, where the person's
// own mail is signed, points at a forger.
import type { Evidence } from "../../types.js";
import { dkimSigningDomain } from "../authresults.js";
import { isOwnDomain, valuesOf, type ReportContext } from "../context.js";
import { evidence } from "../evidence.js";

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
  const own = domains.filter((d) => isOwnDomain(d, person));
  const provider = domains.filter((d) => knowledge.providerDkimDomains.has(d) || isTenantDomain(d, ctx));
  const ownValid = own.find((d) => !refuted(d));
  if (ownValid) return [evidence("dkim_own_domain", DKIM_OWN_DOMAIN, ownValid)];
  const providerValid = provider.find((d) => !refuted(d));
  if (providerValid) return [evidence("dkim_provider_domain", DKIM_PROVIDER_DOMAIN, providerValid)];
  // a signature that failed is reported by the authentication results; absence only counts in full headers
  if (own.length + provider.length > 0 || valuesOf(ctx.headers, "received").length === 0) return [];
  return knowledge.ownMailSigned
    ? [evidence("dkim_missing", DKIM_MISSING_WHERE_SIGNED)]
    : [evidence("dkim_missing", DKIM_MISSING)];
}
