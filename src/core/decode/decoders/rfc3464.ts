// Generic RFC 3464 / RFC 6533 delivery status notification (multipart/report; report-type=delivery-status).
import type { DecodedReport, Decoder } from "../decoder.js";
import { parseDeliveryStatus } from "../dsn.js";
import type { BounceMail } from "../mail.js";
import { commandIn, explanationFor } from "../text.js";

/** Delivery-status fields: from the report parts, or quoted in the text by MTAs that inline them. */
function statusTexts(mail: BounceMail): string[] {
  if (mail.deliveryStatus.length) return mail.deliveryStatus;
  const at = mail.text.search(/^(?:Reporting-MTA|Final-Recipient|Original-Recipient):/im);
  return at >= 0 ? [mail.text.slice(at)] : [];
}

/** Reads the delivery-status fields and completes missing diagnostics from the human-readable text. */
export function readDsn(mail: BounceMail): DecodedReport | null {
  const texts = statusTexts(mail);
  if (texts.length === 0) return null;
  const recipients = [];
  let reportingMta = "";
  for (const text of texts) {
    const fields = parseDeliveryStatus(text);
    reportingMta ||= fields.reportingMta;
    recipients.push(...fields.recipients);
  }
  for (const recipient of recipients) {
    const explanation = explanationFor(mail.lines, recipient.address);
    if (!recipient.diagnosticCode) recipient.diagnosticCode = explanation;
    recipient.command ||= commandIn(recipient.diagnosticCode) || commandIn(explanation);
  }
  return { recipients, reportingMta };
}

export const rfc3464: Decoder = {
  name: "rfc3464",
  matches: (mail) => mail.deliveryStatus.length > 0,
  decode: readDsn,
};
