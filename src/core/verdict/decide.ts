// From evidence to a verdict and a risk. Weights add up to a score: positive towards compromise, negative
// towards a forged sender. A few signals are decisive on their own because nobody but the account holder
// (or whoever has their password) can produce them at the person's provider.
import type { Evidence, Verdict } from "../types.js";

/** At or above: the evidence shows the message went through the person's account or provider. */
export const COMPROMISE_SCORE = 40;
/** At or below, with evidence about the path or authentication: the sender was forged. */
export const SPOOFED_SCORE = -20;

/**
 * The receiving server's own SPF or DMARC pass for the person's domain says the sending host is one their
 * domain authorises (their provider), as a verified DKIM signature of their domain does.
 */
const DECISIVE = new Set(["auth_submission_own", "auth_submission", "ar_dkim_pass", "ar_spf_pass", "ar_dmarc_pass"]);
/** A receiving server's own failure for the person's domain: its pass beside it decides nothing alone. */
const SAME_SERVER_FAIL = new Set(["ar_spf_fail", "ar_dmarc_fail"]);
/** Evidence about the path or the authentication of the message (a bare Message-ID form is not enough). */
const SPOOF_EVIDENCE = new Set(["chain_entry_unrelated", "helo_impersonation", "ar_spf_fail", "ar_dkim_fail", "ar_dmarc_fail"]);

const clamp = (value: number, low: number, high: number): number => Math.round(Math.min(high, Math.max(low, value)));

export function scoreOf(evidence: readonly Evidence[]): number {
  return evidence.reduce((sum, e) => sum + e.weight, 0);
}

/** Risk 0–100 within the band of the verdict, higher the stronger the evidence. */
export function riskOf(verdict: Verdict, evidence: readonly Evidence[]): number {
  const score = scoreOf(evidence);
  switch (verdict) {
    case "compromise": return clamp(60 + (score - COMPROMISE_SCORE) / 2, 60, 100);
    case "undetermined": return clamp(30 + score, 10, 80);
    case "spoofed": return clamp(20 + score / 10, 5, 20);
    default: return 0;
  }
}

/**
 * The verdict of a bounce that matched nothing in the Sent log. For compromise, what speaks for the
 * person's account or provider is weighed against what shows another path (SPOOF_EVIDENCE) only: an
 * unsigned message or a foreign Message-ID is what a hijacker sends too.
 */
export function verdictOf(evidence: readonly Evidence[]): Verdict {
  const forPath = evidence.filter((e) => e.weight > 0 || SPOOF_EVIDENCE.has(e.signal));
  if (evidence.some((e) => isDecisive(e, evidence)) || scoreOf(forPath) >= COMPROMISE_SCORE) return "compromise";
  if (scoreOf(evidence) <= SPOOFED_SCORE && evidence.some((e) => SPOOF_EVIDENCE.has(e.signal))) return "spoofed";
  return "undetermined";
}

/**
 * A decisive signal decides unless the same receiving server also recorded SPF or DMARC failing for the
 * person's domain (params[0] names the server): a server contradicting itself leaves it to the weights.
 */
function isDecisive(e: Evidence, evidence: readonly Evidence[]): boolean {
  if (!DECISIVE.has(e.signal)) return false;
  return !e.signal.startsWith("ar_") || !evidence.some((f) => SAME_SERVER_FAIL.has(f.signal) && f.params[0] === e.params[0]);
}

/** Strongest evidence first, so a reader sees what decided. */
export function byStrength(evidence: readonly Evidence[]): Evidence[] {
  return [...evidence].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
}
