// RFC 3464 / RFC 6533 delivery-status fields: per-message fields, then one group per recipient.
// Bounds: the delivery-status text is at most 1 Mi characters (mail.ts); at most 1000 recipients are read
// (recipients), the groups after them are not. Work: one pass over the lines, each group's fields
// unfolded once; each recipient's explanation comes from the text's address index (text.ts).
import type { RecipientAction } from "../types.js";
import { cleanAddress, isAddress } from "./address.js";
import type { DecodedRecipient, DecodedReport } from "./decoder.js";
import { CHECK_EVERY, MAX_RECIPIENTS, Work } from "./limits.js";
import type { BounceMail } from "./mail.js";
import { addressIndex, commandIn, explanationFor } from "./text.js";

export interface DeliveryStatusFields {
  reportingMta: string;
  recipients: DecodedRecipient[];
}

const ACTIONS: Record<string, RecipientAction> = {
  failed: "failed", failure: "failed", delayed: "delayed", delivered: "delivered", relayed: "relayed",
  expanded: "expanded", deliverable: "delivered", expired: "failed",
};

/** Unfolds "Name: value" fields of one block of lines; field names lower-cased. */
function fieldsOf(block: readonly string[]): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const line of block) {
    if (/^[ \t]/.test(line) && fields.length) {
      fields[fields.length - 1]![1] += " " + line.trim();
      continue;
    }
    const match = /^([A-Za-z][A-Za-z0-9-]{0,60})[ \t]*:[ \t]*(.*)$/.exec(line);
    if (match) fields.push([match[1]!.toLowerCase(), match[2]!.trim()]);
  }
  return fields;
}

/** "rfc822; addr" or "smtp; 550 ..." → the part after the type; also returns the type. */
function typed(value: string): [type: string, text: string] {
  const match = /^([A-Za-z0-9-]{1,20})\s*;\s*(.*)$/.exec(value);
  return match ? [match[1]!, match[2]!.trim()] : ["", value.trim()];
}

/**
 * The address of a Final-/Original-Recipient field. RFC 6533's "utf-8" type may carry a downgraded
 * address with its non-ASCII characters written as "\x{HHHH}": those are decoded back.
 */
function recipientOf(value: string): string {
  const [type, text] = typed(value);
  const decoded = /^utf-8$/i.test(type)
    ? text.replace(/\\x\{([0-9A-Fa-f]{1,6})\}/g, (escape, hex: string) => {
      const code = parseInt(hex, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : escape;
    })
    : text;
  return cleanAddress(decoded);
}

export function actionOf(value: string): RecipientAction {
  const word = value.trim().toLowerCase().split(/[\s(]/)[0] ?? "";
  return ACTIONS[word] ?? "";
}

/** Valid RFC 3463 status in a field value ("5.1.1 (user unknown)" → "5.1.1"), or "". */
export function statusIn(value: string): string {
  const match = /(?:^|[^\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)/.exec(value);
  return match ? `${match[1]}.${Number(match[2])}.${Number(match[3])}` : "";
}

/** Every valid RFC 3463 status in a text, in order (at most 20). */
export function statusesIn(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|[^\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)/g)) {
    found.push(`${match[1]}.${Number(match[2])}.${Number(match[3])}`);
    if (found.length >= 20) break;
  }
  return found;
}

const FINAL_RECIPIENT = /^final-recipient\s*:/i;

/**
 * Parses the text of a delivery-status part (or DSN fields quoted in a body), reading at most `maxRecipients`
 * recipients.
 */
export function parseDeliveryStatus(text: string, work = new Work(), maxRecipients = MAX_RECIPIENTS): DeliveryStatusFields {
  let reportingMta = "";
  const recipients: DecodedRecipient[] = [];
  /** Reads one group of fields; false once no more recipients are to be read. */
  const readBlock = (block: readonly string[]): boolean => {
    const fields = new Map<string, string>();
    for (const [name, value] of fieldsOf(block)) if (!fields.has(name)) fields.set(name, value);
    const get = (name: string): string => fields.get(name) ?? "";
    const mta = get("reporting-mta");
    if (mta && !reportingMta) reportingMta = typed(mta)[1];
    const final = recipientOf(get("final-recipient"));
    const original = recipientOf(get("original-recipient"));
    // a Final-Recipient that fails validation is still the recipient: reported as written, flagged
    const malformed = !isAddress(final) && !isAddress(original) && /^[^\s@<>]{1,64}@[^\s@<>]{1,255}$/.test(final);
    const address = isAddress(final) ? final : isAddress(original) ? original : malformed ? final : "";
    if (!address) return true;
    if (recipients.length >= maxRecipients) {
      work.cut("recipients");
      return false;
    }
    const [diagnosticType, diagnostic] = typed(get("diagnostic-code"));
    recipients.push({
      address,
      ...(isAddress(original) && original.toLowerCase() !== address.toLowerCase() ? { originalRecipient: original } : {}),
      action: actionOf(get("action")),
      status: statusIn(get("status")),
      diagnosticCode: diagnostic,
      diagnosticType,
      remoteMta: typed(get("remote-mta"))[1],
      ...(malformed ? { malformed: true } : {}),
    });
    return true;
  };
  let block: string[] = [];
  let hasFinalRecipient = false;
  const lines = (text.includes("\r") ? text.replace(/\r/g, "") : text).split("\n");
  for (let i = 0; i < lines.length; i++) {
    if ((i & CHECK_EVERY) === 0) work.deadline.check();
    const line = lines[i]!;
    const final = FINAL_RECIPIENT.test(line);
    // some MTAs run recipients' groups together without the blank line between them
    if (line.trim() === "" || (final && hasFinalRecipient)) {
      if (block.length && !readBlock(block)) return { reportingMta, recipients };
      block = [];
      hasFinalRecipient = false;
      if (!final) continue;
    }
    block.push(line);
    hasFinalRecipient ||= final;
  }
  if (block.length) readBlock(block);
  return { reportingMta, recipients };
}

/** Delivery-status fields: from the report parts, or quoted in the text by MTAs that inline them. */
function statusTexts(mail: BounceMail): string[] {
  if (mail.deliveryStatus.length) return mail.deliveryStatus;
  const at = mail.text.search(/^(?:Reporting-MTA|Final-Recipient|Original-Recipient):/im);
  return at >= 0 ? [mail.text.slice(at)] : [];
}

/**
 * Reads the delivery-status fields and completes missing diagnostics from the human-readable text; read once
 * per message (several decoders ask for it while the registry tries them). Each call returns its own copy of
 * the recipients, which decoders amend.
 */
export function readDsn(mail: BounceMail): DecodedReport | null {
  if (mail.memo.dsn === undefined) mail.memo.dsn = readDsnOnce(mail);
  const report = mail.memo.dsn;
  return report && { ...report, recipients: report.recipients.map((recipient) => ({ ...recipient })) };
}

function readDsnOnce(mail: BounceMail): DecodedReport | null {
  const texts = statusTexts(mail);
  if (texts.length === 0) return null;
  const recipients = [];
  let reportingMta = "";
  for (const text of texts) {
    const fields = parseDeliveryStatus(text, mail.work, MAX_RECIPIENTS - recipients.length);
    reportingMta ||= fields.reportingMta;
    recipients.push(...fields.recipients);
  }
  if (recipients.length === 0) return { recipients, reportingMta };
  const index = addressIndex(mail.lines);
  for (const recipient of recipients) {
    const explanation = explanationFor(index, recipient.address);
    if (!recipient.diagnosticCode) recipient.diagnosticCode = explanation;
    recipient.command ||= commandIn(recipient.diagnosticCode) || commandIn(explanation);
  }
  return { recipients, reportingMta };
}
