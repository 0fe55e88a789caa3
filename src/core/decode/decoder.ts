// The one interface every bounce format implements.
//
// Adding a format = one file under decoders/ exporting a `Decoder`, one line in registry.ts, one test.
//
// - `matches(mail)` is a cheap hint (subject, sender, a fixed marker in the text). Decoders whose hint
//   matches are tried first, in registry order; then the others; then the generic RFC 3464 decoder.
// - `decode(mail)` returns null when the message is not in this format. It reports what the format
//   states: addresses, the diagnostic text, and status/reply code/action when the format gives them.
//   Everything left empty is derived afterwards in one place (finalize.ts): status and reply code
//   from the diagnostic text, the reason, hard/soft, the kind of report, and the original's headers.
// - A decoder may set `reason` when the format itself says it in a way the shared phrase tables
//   cannot see (a numeric error code of a carrier, a fixed sentence of one MTA). Otherwise leave it.
import type { Reason, RecipientAction, ReportKind } from "../types.js";
import type { BounceMail } from "./mail.js";

export interface DecodedRecipient {
  /** The recipient address as reported (the final recipient, as Sisimai reports it). */
  address: string;
  /** RFC 3464 Original-Recipient when the format gives one that differs from `address`. */
  originalRecipient?: string;
  /** RFC 3464 action when the format states it. */
  action?: RecipientAction;
  /** RFC 3463 status when the format states it. */
  status?: string;
  /** SMTP reply code when the format states it separately from the diagnostic. */
  replyCode?: string;
  /** The remote server's or the MTA's own explanation, as one line. */
  diagnosticCode: string;
  /** RFC 3464 diagnostic type ("SMTP", "X-Unix", ...) when stated. */
  diagnosticType?: string;
  /** SMTP command that failed (RCPT, DATA, MAIL, EHLO, ...) when stated; LOCAL for a local delivery agent. */
  command?: string;
  /** Remote MTA host name when stated (used by provider-specific reason rules). */
  remoteMta?: string;
  /** A reason the format states explicitly (see above). */
  reason?: Reason;
  /** The address as written fails validation ("recipient@#example.net"): reported as written, flagged. */
  malformed?: boolean;
}

export interface DecodedReport {
  recipients: DecodedRecipient[];
  /** Overrides the kind derived from the recipients (used for auto-replies and feedback reports). */
  kind?: ReportKind;
  reportingMta?: string;
  /** The original message as quoted in the text (header block first), when there is no attached part. */
  quotedOriginal?: string;
}

export interface Decoder {
  /** Short format name, reported as BounceReport.decoder ("postfix", "qmail", ...). */
  name: string;
  /** Cheap hint that this message is probably in this format. */
  matches(mail: BounceMail): boolean;
  /** Reads the report, or returns null when the message is not in this format. */
  decode(mail: BounceMail): DecodedReport | null;
}
