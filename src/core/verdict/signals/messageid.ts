// The original's Message-ID compared with the form and domain of the person's own (from the Sent log).
// A foreign form says the message was not written by the person's mail program; it cannot tell a forger
// from a hijacker (both use their own tools), so it weighs little.
import type { Evidence } from "../../types.js";
import { normalizeMessageId } from "../../sentlog.js";
import type { ReportContext } from "../context.js";
import { evidence } from "../evidence.js";
import { messageIdStyle } from "../messageid.js";

export const MESSAGE_ID_FOREIGN = -5;

export function messageIdEvidence(ctx: ReportContext): Evidence[] {
  const written = ctx.report.original?.messageId ?? "";
  const id = normalizeMessageId(written);
  if (!id || ctx.knowledge.messageIdStyles.size === 0) return [];
  return ctx.knowledge.messageIdStyles.has(messageIdStyle(id)) ? [] : [evidence("message_id_foreign", MESSAGE_ID_FOREIGN, written)];
}
