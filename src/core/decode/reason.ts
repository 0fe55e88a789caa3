// Reason classification (Sisimai's vocabulary) from the RFC 3463 status and the diagnostic text,
// and the hard/soft distinction.
import type { Reason } from "../types.js";
import { compilePhraseTables, type PhraseHits } from "./phrase-matcher.js";
import { PHRASES } from "./phrases.js";
import { rhostReason, type RhostFact } from "./rhost/index.js";

/** Reason implied by an RFC 3463 status; x.0.0-style generic codes imply none. */
const STATUS_REASON: Record<string, Reason> = {
  "2.1.5": "delivered",
  "4.1.6": "hasmoved", "4.1.7": "rejected", "4.1.8": "rejected", "4.1.9": "systemerror",
  "4.2.1": "blocked", "4.2.2": "mailboxfull", "4.2.3": "exceedlimit", "4.2.4": "filtered",
  "4.3.1": "systemfull", "4.3.2": "notaccept", "4.3.3": "systemerror", "4.3.5": "systemerror",
  "4.4.1": "expired", "4.4.2": "networkerror", "4.4.3": "systemerror", "4.4.4": "networkerror",
  "4.4.5": "systemfull", "4.4.6": "networkerror", "4.4.7": "expired", "4.4.8": "networkerror",
  "4.5.3": "systemerror", "4.5.5": "systemerror", "4.6.0": "contenterror", "4.6.2": "contenterror",
  "4.6.5": "contenterror", "4.7.1": "blocked", "4.7.2": "blocked", "4.7.5": "securityerror",
  "4.7.6": "securityerror", "4.7.7": "securityerror", "4.7.12": "securityerror", "4.7.15": "securityerror",
  "4.7.16": "mesgtoobig", "4.7.24": "authfailure", "4.7.25": "requireptr", "4.7.26": "authfailure",
  "5.1.0": "userunknown", "5.1.1": "userunknown", "5.1.2": "hostunknown", "5.1.3": "userunknown",
  "5.1.4": "filtered", "5.1.6": "hasmoved", "5.1.7": "rejected", "5.1.8": "rejected", "5.1.9": "systemerror",
  "5.1.10": "notaccept", "5.2.0": "filtered", "5.2.1": "filtered", "5.2.2": "mailboxfull", "5.2.3": "exceedlimit",
  "5.2.4": "filtered", "5.3.0": "systemerror", "5.3.1": "systemfull", "5.3.2": "notaccept", "5.3.3": "systemerror",
  "5.3.4": "mesgtoobig", "5.3.5": "systemerror", "5.4.0": "networkerror", "5.4.3": "systemerror",
  "5.4.4": "hostunknown", "5.5.2": "syntaxerror", "5.5.3": "toomanyconn", "5.5.4": "systemerror",
  "5.5.5": "systemerror", "5.5.6": "syntaxerror", "5.6.0": "contenterror", "5.6.1": "contenterror",
  "5.6.2": "contenterror", "5.6.3": "contenterror", "5.6.5": "contenterror", "5.6.6": "contenterror",
  "5.6.7": "contenterror", "5.6.8": "contenterror", "5.6.9": "contenterror", "5.7.0": "securityerror",
  "5.7.1": "securityerror", "5.7.2": "securityerror", "5.7.3": "securityerror", "5.7.4": "securityerror",
  "5.7.5": "securityerror", "5.7.6": "securityerror", "5.7.7": "securityerror", "5.7.8": "securityerror",
  "5.7.9": "securityerror", "5.7.10": "securityerror", "5.7.11": "securityerror", "5.7.13": "suspend",
  "5.7.14": "securityerror", "5.7.15": "securityerror", "5.7.16": "mesgtoobig", "5.7.17": "hasmoved",
  "5.7.18": "hasmoved", "5.7.19": "securityerror", "5.7.20": "authfailure", "5.7.21": "authfailure",
  "5.7.22": "authfailure", "5.7.23": "authfailure", "5.7.24": "authfailure", "5.7.25": "requireptr",
  "5.7.26": "authfailure", "5.7.27": "notaccept", "5.7.28": "spamdetected", "5.7.29": "authfailure",
  "5.7.30": "failedstarttls",
};

export function reasonOfStatus(status: string): Reason | "" {
  return STATUS_REASON[status] ?? "";
}

/** Reasons that a status code or a specific phrase may still overrule. */
const TENTATIVE = new Set<Reason>([
  "undefined", "onhold", "systemerror", "securityerror", "expired", "networkerror", "hostunknown", "userunknown",
]);

/** First pass: a reason whose status code or phrases match, in an order from specific to broad. */
const FIRST_ORDER: readonly Reason[] = [
  "mailboxfull", "mesgtoobig", "exceedlimit", "suspend", "hasmoved", "norelaying", "authfailure", "userunknown",
  "filtered", "requireptr", "notcompliantrfc", "badreputation", "contenterror", "rejected", "hostunknown",
  "spamdetected", "speeding", "toomanyconn", "blocked",
];

/** Second pass, by phrases alone, when the status is missing or too generic to decide. */
const SECOND_ORDER: readonly Reason[] = [
  "mailboxfull", "authfailure", "badreputation", "speeding", "spamdetected", "virusdetected", "policyviolation",
  "norelaying", "systemerror", "networkerror", "suspend", "contenterror", "systemfull", "notaccept", "expired",
  "failedstarttls", "securityerror", "suppressed", "mailererror",
];

/** The reasons whose phrase tables match a lower-cased diagnostic, found in one pass. */
const reasonsWorded = compilePhraseTables<Reason>(PHRASES);

/** Phrases that show a "bad mailbox" status is really about something else. */
const NOT_REALLY_UNKNOWN: readonly Reason[] = ["authfailure", "blocked", "mailboxfull", "hasmoved", "rejected", "notaccept"];

/**
 * "User unknown" wording means an unknown recipient only when it answered RCPT (or came from the local
 * delivery agent); the same words after DATA (or with no command known) come from a filter that judged
 * the message, so they mean "filtered".
 */
function firstPassMatches(reason: Reason, byStatus: Reason | "", worded: PhraseHits<Reason>, text: string, command: string): boolean {
  if (reason === "userunknown") {
    if (byStatus === "userunknown") return !NOT_REALLY_UNKNOWN.some((other) => worded.has(other));
    return (command === "RCPT" || command === "LOCAL") && worded.has("userunknown");
  }
  if (reason === "filtered") {
    const filtered = worded.has("filtered") || worded.has("userunknown");
    if (byStatus === "filtered") return filtered;
    // a filter that names its verdict ("rejected as spam by content filter") is more precise than "filtered"
    if (worded.has("spamdetected")) return false;
    if (command !== "" && command !== "DATA") return false;
    return filtered;
  }
  if (reason === "rejected") return rejectedMatches(byStatus, worded, text, command);
  if (reason === "mesgtoobig" && byStatus === "exceedlimit") return false;
  if (reason === "hostunknown" && byStatus !== "hostunknown" && /try again/.test(text)) return false;
  return byStatus === reason || worded.has(reason);
}

/**
 * Sender-rejection wording decides only where it can be about the sender: at MAIL FROM, after DATA
 * (unless the status says the recipient is unknown), or when the status says nothing more precise.
 */
function rejectedMatches(byStatus: Reason | "", worded: PhraseHits<Reason>, text: string, command: string): boolean {
  if (byStatus === "rejected") return true;
  if (text.includes("recipient address rejected")) return false;
  if (!worded.has("rejected") && !(command === "MAIL" && text.includes("access denied"))) return false;
  if (command === "MAIL") return true;
  if (command === "DATA") return byStatus !== "userunknown";
  return byStatus === "" || byStatus === "securityerror" || byStatus === "systemerror" || byStatus === "undefined" || byStatus === "onhold";
}

export interface ReasonInput {
  status: string;
  replyCode: string;
  diagnosticCode: string;
  diagnosticType: string;
  action: string;
  command: string;
  /** Reason stated by the decoder, if any. */
  stated?: Reason | undefined;
  /** Hosts involved, for the provider-specific rules (rhost/). */
  hosts?: Pick<RhostFact, "destination" | "remoteHost" | "reportingHost">;
}

/** Classifies one recipient. */
export function classifyReason(input: ReasonInput): Reason {
  if (input.stated && !TENTATIVE.has(input.stated)) return input.stated;
  if (input.status.startsWith("2.")) return "delivered";
  if (input.hosts) {
    // built field by field: spreading `hosts` here was among the costliest lines of a run
    const { destination, remoteHost, reportingHost } = input.hosts;
    const byProvider = rhostReason({ destination, remoteHost, reportingHost, status: input.status, replyCode: input.replyCode, diagnostic: input.diagnosticCode });
    if (byProvider && byProvider !== "onhold") return byProvider;
  }
  const text = input.diagnosticCode.toLowerCase().slice(0, 4000);
  const worded = reasonsWorded(text);
  const byStatus = reasonOfStatus(input.status);
  const smtpLike = input.diagnosticType === "" || /^smtp$/i.test(input.diagnosticType);
  if (smtpLike) {
    for (const reason of FIRST_ORDER) {
      if (firstPassMatches(reason, byStatus, worded, text, input.command.toUpperCase())) return reason;
    }
  }
  if (input.stated && input.stated !== "undefined" && input.stated !== "onhold") return input.stated;
  if (byStatus === "" || TENTATIVE.has(byStatus) || !smtpLike) {
    // Postfix's "Host or domain name not found" under a 5.4.4 status: the lookup found no such host; the
    // resolver detail after it ("Host not found, try again") does not make it a network fault
    if (byStatus === "hostunknown" && text.includes("host or domain name not found")) return byStatus;
    for (const reason of SECOND_ORDER) if (worded.has(reason)) return reason;
  }
  if (byStatus) return byStatus;
  const klass = input.status.slice(1, 3);
  if (klass === ".6") return "contenterror";
  if (klass === ".7") return "securityerror";
  if (/^x-unix/i.test(input.diagnosticType)) return "mailererror";
  if (worded.has("syntaxerror")) return "syntaxerror";
  if (input.action === "delayed") return "expired";
  if (/^(?:ehlo|helo)$/i.test(input.command)) return "blocked";
  if (input.stated) return input.stated;
  return text.trim() ? "onhold" : "undefined";
}

/** Hard bounce: retrying can never succeed (the address or domain is gone, or refuses mail for good). */
export function isHardBounce(reason: Reason, status: string, replyCode: string): boolean {
  if (reason === "userunknown" || reason === "hostunknown" || reason === "hasmoved") return true;
  if (reason !== "notaccept") return false;
  const code = status || replyCode;
  return !code.startsWith("4");
}
