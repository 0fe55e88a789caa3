// Entry point of the decoding engine: raw message bytes → BounceReport. Never throws.
import type { BounceReport, HeaderField, OriginalMessage, ReportEnvelope } from "./types.js";
import { cleanAddress, firstAddress } from "./decode/address.js";
import { finalizeRecipients, kindOf } from "./decode/finalize.js";
import { headerValue, parseHeaderBytes } from "./decode/headers.js";
import { normaliseLineEnds, readMail, type BounceMail } from "./decode/mail.js";
import { isoDate, originalFromBytes, originalFromText } from "./decode/original.js";
import { decodeReport, type Decoded, type DecodeOptions } from "./decode/registry.js";
import { isListOwnerNotice, mayBeTextBounce, senderLooksLikeMta } from "./decode/hints.js";
import { readAggregateReports } from "./dmarc/read.js";
import { traceMaterial } from "./trace/material.js";

/** Larger messages are decoded from their first part only (bounces are small; the rest is the original). */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

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
function originalOf(mail: BounceMail, decoded: Decoded | null): OriginalMessage | null {
  if (mail.attached) {
    const attached = originalFromBytes(mail.attached.bytes);
    if (attached) return attached;
  }
  const quoted = decoded?.report.quotedOriginal;
  if (quoted) {
    const original = originalFromText(quoted);
    if (original) return original;
  }
  return decoded ? originalFromText(mail.text) : null;
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
  const inner = readMail(outer.attached.bytes);
  if (!senderLooksLikeMta(inner) && inner.deliveryStatus.length === 0) return { mail: outer, decoded };
  const unwrapped = decodeReport(inner, options);
  return unwrapped?.report.kind === "feedback" ? { mail: outer, decoded } : { mail: inner, decoded: unwrapped };
}

/** `options` switch decoders off (the leave-one-format-out measure); the add-on and the CLI pass none. */
export async function analyzeMessage(raw: Uint8Array, options: DecodeOptions = {}): Promise<BounceReport> {
  let envelope: ReportEnvelope = { messageId: "", from: "", subject: "", date: "", headers: [] };
  try {
    const bytes = normaliseLineEnds(raw.length > MAX_MESSAGE_BYTES ? raw.subarray(0, MAX_MESSAGE_BYTES) : raw);
    const headers = parseHeaderBytes(bytes);
    envelope = envelopeOf(headers);
    const outer = readMail(bytes, headers);
    const dmarc = readAggregateReports(outer);
    if (dmarc) return { ...emptyReport(envelope), decoder: "dmarc", dmarc };
    const { mail, decoded } = decodeOrUnwrap(outer, options);
    if (!decoded) {
      const { excerpt, original } = traceMaterial(outer);
      return { ...emptyReport(envelope), ...(original ? { original } : {}), ...(excerpt !== undefined ? { excerpt } : {}) };
    }
    const recipients = finalizeRecipients(decoded.report.recipients, { reportingMta: decoded.report.reportingMta ?? "" });
    const feedback = decoded.report.kind === "feedback";
    const kind = recipients.length === 0 && !feedback ? "none" : decoded.report.kind ?? kindOf(recipients);
    return {
      isBounce: kind === "failed" || kind === "delayed",
      kind,
      recipients: kind === "none" ? [] : recipients,
      original: originalOf(mail, decoded),
      reportingMta: decoded.report.reportingMta ?? "",
      decoder: decoded.decoder,
      envelope,
    };
  } catch (error) {
    return { ...emptyReport(envelope), error: error instanceof Error ? error.message : String(error) };
  }
}
