// Authentication-Results / Received-SPF stamped by the receiving side (see context.ts for which are
// believed): SPF, DKIM and DMARC results for the person's domain, and iprev for the connecting host.
import type { Evidence } from "../../types.js";
import type { AuthMethod } from "../authresults.js";
import { isOwnDomain, type ReportContext } from "../context.js";
import { evidence } from "../evidence.js";

/** A verified DKIM signature of the person's domain: only their account or provider can produce it. */
export const AR_DKIM_PASS = 60;
/** The sending host is allowed by the person's SPF record: their provider's servers. */
export const AR_SPF_PASS = 40;
/** DMARC aligned pass for the person's domain. */
export const AR_DMARC_PASS = 40;
export const AR_SPF_FAIL = -40;
export const AR_SPF_SOFTFAIL = -30;
export const AR_DKIM_FAIL = -40;
export const AR_DMARC_FAIL = -35;
/** The connecting host's reverse DNS does not match: typical of a botnet host. */
export const AR_IPREV_FAIL = -10;

/** Signal and weight of each result that means something; others (neutral, none, temperror) are no evidence. */
const OUTCOMES: Record<AuthMethod, Record<string, [string, number]>> = {
  spf: { pass: ["ar_spf_pass", AR_SPF_PASS], fail: ["ar_spf_fail", AR_SPF_FAIL], hardfail: ["ar_spf_fail", AR_SPF_FAIL],
    softfail: ["ar_spf_fail", AR_SPF_SOFTFAIL] },
  dkim: { pass: ["ar_dkim_pass", AR_DKIM_PASS], fail: ["ar_dkim_fail", AR_DKIM_FAIL] },
  dmarc: { pass: ["ar_dmarc_pass", AR_DMARC_PASS], fail: ["ar_dmarc_fail", AR_DMARC_FAIL] },
  iprev: { fail: ["ar_iprev_fail", AR_IPREV_FAIL] },
};

/** One evidence item per signal; a server that both passed and failed the person's domain is shown first, so that decide.ts sees it contradict itself. */
export function authResultEvidence(ctx: ReportContext): Evidence[] {
  const found = new Map<string, Evidence>();
  const about = ctx.authResults.filter((r) => r.method === "iprev" || isOwnDomain(r.subject, ctx.person));
  const passing = new Set(about.filter((r) => r.result === "pass").map((r) => r.stampedBy));
  const ordered = [...about].sort((a, b) => Number(passing.has(b.stampedBy)) - Number(passing.has(a.stampedBy)));
  for (const result of ordered) {
    const outcomes = OUTCOMES[result.method];
    const signal = Object.hasOwn(outcomes, result.result) ? outcomes[result.result] : undefined;
    if (!signal || found.has(signal[0])) continue;
    found.set(signal[0], evidence(signal[0], signal[1], result.stampedBy, result.result, result.subject));
  }
  return [...found.values()];
}
