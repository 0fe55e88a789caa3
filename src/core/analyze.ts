// Entry point of the decoding engine: raw message bytes → BounceReport. Never throws, never runs on.
// Bounds: a message is read up to 10 MiB (message_bytes), at most 1000 recipients are reported (recipients,
// finalize.ts); each stage bounds its own work (headers.ts, mime.ts, mail.ts, dsn.ts, text.ts, original.ts),
// and the decoding proper (the decoders, the recipients, the original) runs under a time budget of 250 ms
// (time_budget, limits.ts), checked between the stages and inside their loops over parts, blocks, lines and
// recipients (a message that runs out gets one more attempt, see analyzeMessage). Past its budget a
// message gets a record that says it could not be fully decoded: `error` when no recipient had been read yet
// (isBounce false, kind none, as the CLI contract has it for a message that cannot be decoded), else the
// recipients read until then. Either way `limits` names `time_budget`, and the record is final: decoding
// it again would run out the same way.
import type { BounceReport, HeaderField, Limit, OriginalMessage, ReportEnvelope } from "./types.js";
import { cleanAddress, firstAddress } from "./decode/address.js";
import { finalizeRecipients, kindOf } from "./decode/finalize.js";
import { headerValue, parseHeaderBytes } from "./decode/headers.js";
import { Deadline, DeadlineExceeded, Work } from "./decode/limits.js";
import { normaliseLineEnds, readMail, type BounceMail } from "./decode/mail.js";
import { isoDate, originalFromBytes, originalFromText } from "./decode/original.js";
import { decodeReport, type Decoded, type DecodeOptions } from "./decode/registry.js";
import { isListOwnerNotice, mayBeTextBounce, senderLooksLikeMta } from "./decode/hints.js";
import { readAggregateReports } from "./dmarc/read.js";
import { traceMaterial } from "./trace/material.js";

/** Larger messages are decoded from their first part only (bounces are small; the rest is the original). */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
/** Work allowed per message: real bounces take about a millisecond, the largest hostile shapes far less than this. */
export const TIME_BUDGET_MS = 250;
/** The start of `error` for a message whose decoding ran out of its time budget. */
export const OVER_BUDGET = "could not fully decode (too large or complex)";

export interface AnalyzeOptions extends DecodeOptions {
  /** The clock of the time budget, in milliseconds (a test's fake one); by default performance.now. */
  now?: () => number;
  /** The time budget of one attempt; by default TIME_BUDGET_MS. */
  budgetMs?: number;
}

function envelopeOf(headers: HeaderField[]): ReportEnvelope {
  return {
    messageId: cleanAddress(headerValue(headers, "message-id")).replace(/^<|>$/g, ""),
    from: firstAddress(headerValue(headers, "from")),
    subject: headerValue(headers, "subject"),
    date: isoDate(headerValue(headers, "date")),
    headers,
  };
}

function emptyReport(envelope: ReportEnvelope): BounceReport {
  return { isBounce: false, kind: "none", recipients: [], original: null, reportingMta: "", decoder: "", envelope };
}

/** The original: the attached part, else the text the decoder says is quoted, else any quoted header block. */
function originalOf(mail: BounceMail, decoded: Decoded): OriginalMessage | null {
  if (mail.attached) {
    const attached = originalFromBytes(mail.attached.bytes, mail.work);
    if (attached) return attached;
  }
  const quoted = decoded.report.quotedOriginal;
  if (quoted) {
    const original = originalFromText(quoted, mail.work);
    if (original) return original;
  }
  mail.work.deadline.check();
  return originalFromText(mail.text, mail.work);
}

/**
 * Some gateways return a bounce they received wrapped as the attachment of a notice of their own
 * ("Returned mail: User unknown" carrying the MTA's multipart/report): when the notice itself names
 * no recipient, the attached report is read instead (one level). A list manager's notice to the list owner
 * attaches a bounce of the list's mail, not of the owner's: it is not unwrapped.
 */
function decodeOrUnwrap(outer: BounceMail, options: DecodeOptions): { mail: BounceMail; decoded: Decoded | null } {
  const decoded = decodeReport(outer, options);
  if (decoded || !outer.attached || outer.attached.headersOnly || !mayBeTextBounce(outer) || isListOwnerNotice(outer)) {
    return { mail: outer, decoded };
  }
  const inner = readMail(outer.attached.bytes, outer.work);
  if (!senderLooksLikeMta(inner) && inner.deliveryStatus.length === 0) return { mail: outer, decoded };
  const unwrapped = decodeReport(inner, options);
  return unwrapped?.report.kind === "feedback" ? { mail: outer, decoded } : { mail: inner, decoded: unwrapped };
}

/** The bounds reached, when any (the field is absent otherwise). */
function withLimits(report: BounceReport, limits: Limit[]): BounceReport {
  return limits.length ? { ...report, limits } : report;
}

/**
 * `options.without` switches decoders off (the leave-one-format-out measure); `now` and `budgetMs` set the
 * time budget (tests). The add-on and the CLI pass none.
 */
export async function analyzeMessage(raw: Uint8Array, options: AnalyzeOptions = {}): Promise<BounceReport> {
  const report = attempt(raw, options);
  if (!report.limits?.includes("time_budget")) return report;
  // The clock is wall time, which also runs while the page does not (a busy machine, a laptop suspended):
  // a message is judged too large or complex only when a second attempt, started at once, runs out too.
  return attempt(raw, options);
}

/**
 * Reads the message, then decodes it under the time budget. Reading (header, MIME structure, texts) is
 * bounded by construction and not timed: a large but plain message (a bounce returning a 9 MB original, a
 * DMARC archive, which src/core/dmarc bounds itself) is never cut for its size by a busy machine.
 */
function attempt(raw: Uint8Array, options: AnalyzeOptions): BounceReport {
  const work = new Work();
  let envelope: ReportEnvelope = { messageId: "", from: "", subject: "", date: "", headers: [] };
  let stage = "reading the report";
  try {
    if (raw.length > MAX_MESSAGE_BYTES) work.cut("message_bytes");
    const bytes = normaliseLineEnds(raw.length > MAX_MESSAGE_BYTES ? raw.subarray(0, MAX_MESSAGE_BYTES) : raw);
    const headers = parseHeaderBytes(bytes, work);
    envelope = envelopeOf(headers);
    const outer = readMail(bytes, work, headers);
    const dmarc = readAggregateReports(outer);
    if (dmarc) return withLimits({ ...emptyReport(envelope), decoder: "dmarc", dmarc }, work.limits());
    work.deadline = new Deadline(options.budgetMs ?? TIME_BUDGET_MS, options.now ?? (() => performance.now()));
    const { mail, decoded } = decodeOrUnwrap(outer, options);
    if (!decoded) {
      work.deadline.check();
      const { excerpt, original } = traceMaterial(outer);
      return withLimits({ ...emptyReport(envelope), ...(original ? { original } : {}), ...(excerpt !== undefined ? { excerpt } : {}) }, work.limits());
    }
    const reportingMta = decoded.report.reportingMta ?? "";
    stage = "classifying the recipients";
    const recipients = finalizeRecipients(decoded.report.recipients, { reportingMta }, work);
    if (recipients.length === 0) work.deadline.check();
    const feedback = decoded.report.kind === "feedback";
    const kind = recipients.length === 0 && !feedback ? "none" : decoded.report.kind ?? kindOf(recipients);
    let original: OriginalMessage | null = null;
    try {
      work.deadline.check();
      original = originalOf(mail, decoded);
    } catch (error) {
      if (!(error instanceof DeadlineExceeded)) throw error;
      // the recipients are read: what is reported of them stands, the original stays unread
      work.cut("time_budget");
    }
    return withLimits({
      isBounce: kind === "failed" || kind === "delayed",
      kind,
      recipients: kind === "none" ? [] : recipients,
      original,
      reportingMta,
      decoder: decoded.decoder,
      envelope,
    }, work.limits());
  } catch (error) {
    if (error instanceof DeadlineExceeded) {
      work.cut("time_budget");
      return { ...emptyReport(envelope), error: `${OVER_BUDGET}: the time budget ran out while ${stage}`, limits: work.limits() };
    }
    return withLimits({ ...emptyReport(envelope), error: error instanceof Error ? error.message : String(error) }, work.limits());
  }
}
