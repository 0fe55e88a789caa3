// Provider-specific reason rules ("rhost" families): a large provider's own error texts and codes
// say more than the generic phrase tables, so they are read first when the recipient's domain, the
// remote server or the reporting server belongs to that provider.
import type { Reason } from "../../types.js";

/** What a family's rules may look at for one recipient. */
export interface RhostFact {
  /** Domain of the recipient address, lower-case. */
  destination: string;
  /** Remote server that answered (Remote-MTA or the host the diagnostic names), lower-case. */
  remoteHost: string;
  /** Server that wrote the report (Reporting-MTA), lower-case. */
  reportingHost: string;
  status: string;
  replyCode: string;
  /** Diagnostic text as reported (rules lower-case it themselves where case does not matter). */
  diagnostic: string;
}

export interface RhostFamily {
  name: string;
  /** Mail host names of the provider; an entry starting with "." is a domain suffix. */
  hosts: readonly string[];
  /** The reason the provider's text or code states, or "" when its rules do not decide. */
  reason(fact: RhostFact): Reason | "";
}

/** Reason whose phrase list has an entry contained in `text` (first reason in table order wins). */
export function reasonByPhrase(text: string, table: ReadonlyArray<readonly [Reason, readonly string[]]>): Reason | "" {
  for (const [reason, phrases] of table) {
    if (phrases.some((phrase) => text.includes(phrase))) return reason;
  }
  return "";
}
