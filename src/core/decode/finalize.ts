// Turns what a decoder read into the contract's RecipientResult: fills status and reply code from
// the diagnostic text, classifies the reason, decides hard/soft, and derives the kind of report.
import type { RecipientAction, RecipientResult, ReportKind } from "../types.js";
import { cleanAddress, isAddress } from "./address.js";
import type { DecodedRecipient } from "./decoder.js";
import { statusIn } from "./dsn.js";
import { classifyReason, isHardBounce } from "./reason.js";
import { oneLine, replyCodeIn } from "./text.js";

const MAX_DIAGNOSTIC_CHARS = 2000;

/**
 * The status to report: the stated one, unless it is missing or only gives the class (x.0.0) while
 * the diagnostic names a precise one of the same class.
 */
function chooseStatus(stated: string, diagnostic: string): string {
  const found = statusIn(diagnostic);
  if (!stated) return found;
  if (found && /^\d\.0\.0$/.test(stated) && found[0] === stated[0] && found !== stated) return found;
  return stated;
}

function actionFor(stated: RecipientAction | undefined, status: string): RecipientAction {
  if (stated) return stated;
  if (status.startsWith("2")) return "delivered";
  return "failed";
}

export function finalizeRecipient(decoded: DecodedRecipient): RecipientResult {
  const diagnosticCode = oneLine([decoded.diagnosticCode]).slice(0, MAX_DIAGNOSTIC_CHARS);
  const status = chooseStatus(decoded.status ?? "", diagnosticCode);
  const replyCode = decoded.replyCode || replyCodeIn(diagnosticCode);
  const action = actionFor(decoded.action, status);
  const reason = classifyReason({
    status,
    diagnosticCode,
    diagnosticType: decoded.diagnosticType ?? "",
    action,
    command: decoded.command ?? "",
    stated: decoded.reason,
  });
  return {
    address: cleanAddress(decoded.address),
    action,
    status,
    replyCode,
    reason,
    hardBounce: isHardBounce(reason, status, replyCode),
    diagnosticCode,
  };
}

/** Recipients with a valid address, one entry per address (the first report of each wins). */
export function finalizeRecipients(decoded: readonly DecodedRecipient[]): RecipientResult[] {
  const results: RecipientResult[] = [];
  const seen = new Set<string>();
  for (const item of decoded) {
    const result = finalizeRecipient(item);
    const key = result.address.toLowerCase();
    if (!isAddress(result.address) || seen.has(key)) continue;
    seen.add(key);
    results.push(result);
  }
  return results;
}

/** Kind of a delivery report from its recipients. */
export function kindOf(recipients: readonly RecipientResult[]): ReportKind {
  if (recipients.length === 0) return "none";
  if (recipients.some((r) => r.action === "failed")) return "failed";
  if (recipients.some((r) => r.action === "delayed")) return "delayed";
  return "delivered";
}
