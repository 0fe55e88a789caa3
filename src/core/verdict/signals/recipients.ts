// Facts that explain an unmatched bounce without pointing either way: the original is not in the Sent
// log, its recipients are people the person never wrote to, or the bounce carries no original at all.
import type { Evidence, RecipientResult } from "../../types.js";
import { normalizeAddress } from "../../sentlog.js";
import type { ReportContext } from "../context.js";
import { evidence } from "../evidence.js";

export const NOT_IN_SENT = 0;
export const RECIPIENT_STRANGER = 0;
export const NO_ORIGINAL = 0;

/** A reported recipient's addresses: the final one and, when given, the one the person wrote to. */
export function recipientAddresses(r: RecipientResult): string[] {
  return r.originalRecipient ? [r.address, r.originalRecipient] : [r.address];
}

/** The bounced recipients, normalised (reported ones, else the original's To/Cc). */
export function bouncedRecipients(ctx: Pick<ReportContext, "report">): string[] {
  const reported = ctx.report.recipients.flatMap(recipientAddresses).map(normalizeAddress).filter(Boolean);
  return [...new Set(reported.length > 0 ? reported : (ctx.report.original?.to ?? []).map(normalizeAddress).filter(Boolean))];
}

export function recipientEvidence(ctx: ReportContext): Evidence[] {
  const found: Evidence[] = [];
  const original = ctx.report.original;
  if (!original || original.headers.length === 0) found.push(evidence("no_original", NO_ORIGINAL));
  else if (original.messageId) found.push(evidence("not_in_sent", NOT_IN_SENT, original.messageId));
  const recipients = bouncedRecipients(ctx);
  if (recipients.length > 0 && recipients.every((r) => !ctx.sent.wroteTo(r))) {
    found.push(evidence("recipient_stranger", RECIPIENT_STRANGER, recipients.slice(0, 3).join(", ")));
  }
  return found;
}
