// Shared shapes of the core pipeline: raw message → BounceReport → Judgement → MailboxAssessment.
// Field names of BounceReport and Judgement are the CLI contract (shared/docs/cli.md): add, never rename.
import type { DmarcAssessment } from "./dmarc/judge.js";
import type { DmarcReading } from "./dmarc/types.js";

export type ReportKind = "failed" | "delayed" | "delivered" | "autoreply" | "feedback" | "none";

export type Reason =
  | "authfailure" | "badreputation" | "blocked" | "contenterror" | "exceedlimit" | "expired"
  | "failedstarttls" | "filtered" | "hasmoved" | "hostunknown" | "mailboxfull" | "mailererror"
  | "mesgtoobig" | "networkerror" | "norelaying" | "notaccept" | "notcompliantrfc" | "onhold"
  | "policyviolation" | "rejected" | "requireptr" | "securityerror" | "spamdetected" | "speeding"
  | "suppressed" | "suspend" | "syntaxerror" | "systemerror" | "systemfull" | "toomanyconn"
  | "undefined" | "userunknown" | "virusdetected" | "delivered" | "vacation" | "feedback";

export type RecipientAction = "failed" | "delayed" | "delivered" | "relayed" | "expanded" | "";

export interface RecipientResult {
  address: string;
  action: RecipientAction;
  /** RFC 3463 status X.Y.Z, or "" */
  status: string;
  /** SMTP reply code such as "550", or "" */
  replyCode: string;
  reason: Reason;
  hardBounce: boolean;
  diagnosticCode: string;
  /**
   * The Original-Recipient the report gives when it differs from `address` (e.g. an alias or a forwarding
   * address expanded on the way): the address the person actually wrote to. Absent otherwise.
   */
  originalRecipient?: string;
  /**
   * True when the address as the report writes it fails validation ("recipient@#example.net"): it is
   * reported as written so that the report and its other recipients still count. Absent otherwise.
   */
  invalidAddress?: true;
}

export type HeaderField = [name: string, value: string];

/** The message a report is about, as far as the report carries or quotes it. */
export interface OriginalMessage {
  messageId: string;
  from: string;
  to: string[];
  returnPath: string;
  subject: string;
  date: string;
  /** All header fields found, in order, decoded. */
  headers: HeaderField[];
}

/** Facts about the report message itself, needed by the verdict engine and the UI. */
export interface ReportEnvelope {
  messageId: string;
  from: string;
  subject: string;
  /** ISO 8601 date of the report, or "" when it has no parseable Date. */
  date: string;
  /** The report's own header fields (decoded), for the trust chain of its Received lines. */
  headers: HeaderField[];
}

export interface BounceReport {
  isBounce: boolean;
  kind: ReportKind;
  recipients: RecipientResult[];
  original: OriginalMessage | null;
  /** Reporting MTA from the DSN or the MTA text, "" when unknown. */
  reportingMta: string;
  /** Name of the decoder that read it ("rfc3464", "qmail", ...), "" when none did. */
  decoder: string;
  envelope: ReportEnvelope;
  /**
   * The start of the message's own text, kept only for a non-bounce whose header fields make it a possible
   * provider notice, complaint or look-alike (src/core/trace/material.ts); absent for ordinary mail.
   */
  excerpt?: string;
  /** Only when the message could not be decoded; then isBounce is false and kind is "none". */
  error?: string;
  /** Only for a DMARC aggregate report mail (src/core/dmarc): the reports it carries, and what was refused. */
  dmarc?: DmarcReading;
  /**
   * The bounds this message went past, when it did (absent otherwise): what was cut or left unread.
   * With `time_budget` the decoding stopped at its deadline: `error` says so when no recipient had been
   * read yet, otherwise `recipients` are those read before it.
   */
  limits?: Limit[];
}

/**
 * A bound of the decoding (each stage states its own in its file's opening comment; limits.ts lists them):
 * past it the rest is cut or left unread, and the report names it in `limits`.
 */
export type Limit =
  | "message_bytes" | "header_bytes" | "header_fields" | "header_value_chars" | "mime_parts" | "mime_depth"
  | "text_chars" | "text_lines" | "line_chars" | "html_chars" | "status_chars" | "recipients" | "quoted_lines"
  | "time_budget";

export type Verdict = "own-mail" | "compromise" | "spoofed" | "undetermined" | "not-bounce";
export type Alert = "compromise" | "spoofing" | "none";

/**
 * What a message says about the person's account itself (contract version 2, shared/docs/cli.md):
 * `bounce` for a report judged by its verdict alone, `none` for mail that says nothing about the account.
 */
export type Trace = "bounce" | "restriction" | "notice" | "complaint" | "reply" | "lookalike" | "none";
export const TRACES: readonly Trace[] = ["bounce", "restriction", "notice", "complaint", "reply", "lookalike", "none"];

/**
 * Why the account alert stands, one entry per kind of cause, strongest first (`alertReasons` in the CLI
 * summary). Each has its own explanation and steps (`reason_<name>_*` in _locales).
 */
export type AlertReason =
  | "restriction_ban" | "provider_notice" | "compromise_bounce" | "complaint" | "restriction_limit" | "reply_burst"
  | "burst" | "spoofed_bounce" | "dmarc_volume" | "dmarc_spoofing";

/** One cause of the alert with the provider it concerns ("" when none), for the provider's own steps. */
export interface AlertCause {
  reason: AlertReason;
  /** A provider id of src/core/trace/providers.ts, or "". */
  provider: string;
  /** How many messages show this cause. */
  count: number;
}

/** One named observation behind a verdict. `params` fill the localized text `evidence_<signal>`. */
export interface Evidence {
  signal: string;
  /** Positive pushes towards compromise, negative towards spoofed/own-mail. */
  weight: number;
  params: string[];
}

export interface Judgement {
  verdict: Verdict;
  risk: number;
  evidence: Evidence[];
  trace: Trace;
  /** For restriction, notice and lookalike traces: the provider concerned (src/core/trace/providers.ts). */
  provider?: string;
}

/** Who the person is: their own addresses (aliases included) and what they configured. */
export interface AccountProfile {
  addresses: string[];
  /** Further own domains (e.g. a company domain the person does not send from). */
  extraDomains?: string[];
  /** Outgoing servers the person named as their provider's (host names or IPs). */
  knownRelays?: string[];
}

/** The judgement of a whole mailbox: one Judgement per report, in input order, and the account alert. */
export interface MailboxAssessment {
  judgements: Judgement[];
  alert: Alert;
  /** What raised the alert, strongest first; empty when the alert is "none". */
  alertReasons: AlertReason[];
  /** Indexes (input order) of the reports behind `alertReasons`: the evidence of the alert. */
  alertReports: number[];
  /** The same causes with their provider and count, strongest first. */
  alertCauses: AlertCause[];
  verdicts: Record<Verdict, number>;
  traces: Record<Trace, number>;
  /** ISO dates of the first and last bounce, or null when there is none. */
  firstSeen: string | null;
  lastSeen: string | null;
  /** What the DMARC aggregate reports say (src/core/dmarc/judge.ts); no reports, nothing in it. */
  dmarc: DmarcAssessment;
}
