// Turns what a decoder read into the contract's RecipientResult: fills status and reply code from
// the diagnostic text, classifies the reason, decides hard/soft, and derives the kind of report.
import type { RecipientAction, RecipientResult, ReportKind } from "../types.js";
import { cleanAddress, domainOf, isAddress } from "./address.js";
import type { DecodedRecipient } from "./decoder.js";
import { statusesIn, statusIn } from "./dsn.js";
import { MAX_RECIPIENTS, Work } from "./limits.js";
import { classifyReason, isHardBounce } from "./reason.js";
import { oneLine, replyCodeIn } from "./text.js";

const MAX_DIAGNOSTIC_CHARS = 2000;

/** Stated codes that say less than a code quoted in the diagnostic usually does. */
const VAGUE_STATUS = /^(?:\d\.0\.0|\d\.\d\.0|\d\.0\.\d+|4\.4\.7|4\.7\.0|5\.3\.\d+|\d\.5\.[1245])$/;

/**
 * The status to report when the Status field and the diagnostic text disagree: the one whose class
 * agrees with the SMTP reply code; otherwise the more precise one (generic x.0.0, x.Y.0, ambiguous
 * expiry/too-many-errors/system/command codes give way to what the remote server said).
 */
function chooseStatus(stated: string, diagnostic: string, replyCode: string): string {
  const found = statusIn(diagnostic);
  if (!stated || !found || stated === found) return stated || found;
  if (replyCode && stated[0] !== found[0]) {
    if (replyCode[0] === stated[0]) return stated;
    if (replyCode[0] === found[0]) return found;
  }
  if (/^\d\.0\.0$/.test(stated)) return /^\d\.0\.0$/.test(found) ? stated : found;
  if (/\.0/.test(stated) && !/\.0/.test(found)) return found;
  if (/^\d\.0\.0$/.test(found)) return stated;
  if (VAGUE_STATUS.test(stated)) return found;
  if (stated === "5.1.1") return /\.0/.test(found) || found.startsWith("5.5.") ? stated : found;
  if (stated === "5.1.3" && found.startsWith("5.7.")) return found;
  return stated;
}

/**
 * An expiry status (x.4.7) only says that retrying stopped; when the diagnostic quotes the last attempt's
 * reply ("... expired ...<421 4.4.2 Connection timed out>"), that reply's status says why.
 */
function underlyingStatus(status: string, diagnostic: string): string {
  if (!/^[45]\.4\.7$/.test(status)) return status;
  const quoted = statusesIn(diagnostic).filter((found) => !/^[45]\.4\.7$/.test(found) && !/^\d\.0\.0$/.test(found));
  return quoted[quoted.length - 1] ?? status;
}

/** A vacation reply or a feedback report was no delivery attempt: it has no action. */
function actionFor(stated: RecipientAction | undefined, status: string, statedReason: DecodedRecipient["reason"]): RecipientAction {
  if (statedReason === "vacation" || statedReason === "feedback") return "";
  if (stated) return stated;
  if (status.startsWith("2")) return "delivered";
  return "failed";
}

/** What the report says about all its recipients. */
export interface ReportContext {
  /** Host that wrote the report (Reporting-MTA or the MTA's own name), or "". */
  reportingMta: string;
}

/** The remote host a diagnostic names ("host mx.example.com[192.0.2.1] said:", "mx.example.com [192.0.2.1]"). */
function hostInDiagnostic(text: string): string {
  const match =
    /\bhost[:\s]\s*([a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){1,8})\b/i.exec(text) ??
    /\b([a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){1,8})\s?[\[(]\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}[\])]/i.exec(text);
  return match ? match[1]!.toLowerCase() : "";
}

/**
 * A multi-line SMTP reply joined into one line repeats its code on every line ("550-5.7.1 Messages
 * with multiple 550-5.7.1 addresses ..."): keep the code once, at the start, so phrases read whole.
 */
function joinReplyLines(text: string, replyCode: string, status: string): string {
  if (!replyCode || !text.includes(`${replyCode}-`)) return text;
  const code = status ? `(?:\\s?${status.replace(/\./g, "\\.")})?` : "";
  const repeated = new RegExp(`(?<![\\d.])${replyCode}[- ]${code}\\s?(?![\\d.])`, "g");
  const rest = text.replace(repeated, " ").replace(/\s+/g, " ").trim();
  return `${replyCode} ${status ? `${status} ` : ""}${rest}`;
}

export function finalizeRecipient(decoded: DecodedRecipient, context: ReportContext = { reportingMta: "" }): RecipientResult {
  const joined = oneLine([decoded.diagnosticCode]).slice(0, MAX_DIAGNOSTIC_CHARS);
  // a program's bare exit status ("X-Unix; 255") is not an SMTP reply code
  const exitStatus = /^x-unix$/i.test(decoded.diagnosticType ?? "") && /^\d{1,3}$/.test(joined);
  const replyCode = decoded.replyCode || (exitStatus ? "" : replyCodeIn(joined));
  const status = underlyingStatus(chooseStatus(decoded.status ?? "", joined, replyCode), joined);
  const diagnosticCode = joinReplyLines(joined, replyCode, statusIn(joined));
  const action = actionFor(decoded.action, status, decoded.reason);
  const address = cleanAddress(decoded.address);
  const reason = classifyReason({
    status,
    replyCode,
    hosts: {
      destination: domainOf(address),
      remoteHost: (decoded.remoteMta ?? "").toLowerCase() || hostInDiagnostic(diagnosticCode),
      reportingHost: context.reportingMta.toLowerCase(),
    },
    diagnosticCode,
    diagnosticType: decoded.diagnosticType ?? "",
    action,
    command: decoded.command ?? "",
    stated: decoded.reason,
  });
  return {
    address,
    action,
    status,
    replyCode,
    reason,
    hardBounce: isHardBounce(reason, status, replyCode),
    diagnosticCode,
    ...(decoded.originalRecipient ? { originalRecipient: cleanAddress(decoded.originalRecipient) } : {}),
    ...(decoded.malformed && !isAddress(address) ? { invalidAddress: true as const } : {}),
  };
}

/** An address that fails validation but is still one written address ("local@#domain"): kept, flagged. */
const WRITTEN_ADDRESS = /^[^\s@<>]{1,64}@[^\s@<>]{1,255}$/;

/**
 * Recipients with a valid address, or one the decoder flagged as malformed but written as an address; one
 * entry per address (the first report of each wins). A malformed address never drops the others. At most
 * MAX_RECIPIENTS of them (the rest is named as cut); before each one the time budget is asked: once it is
 * spent, the recipients finalised until then are returned.
 */
export function finalizeRecipients(decoded: readonly DecodedRecipient[], context?: ReportContext, work = new Work()): RecipientResult[] {
  const results: RecipientResult[] = [];
  const seen = new Set<string>();
  for (const item of decoded) {
    // the address finalizeRecipient reports, checked before the work of classifying it
    const address = cleanAddress(item.address);
    const key = address.toLowerCase();
    const usable = isAddress(address) || (item.malformed === true && WRITTEN_ADDRESS.test(address));
    if (!usable || seen.has(key)) continue;
    if (results.length >= MAX_RECIPIENTS) {
      work.cut("recipients");
      break;
    }
    if (work.deadline.expired()) {
      work.cut("time_budget");
      break;
    }
    seen.add(key);
    results.push(finalizeRecipient(item, context));
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
