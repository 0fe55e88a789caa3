// Microsoft Exchange 2007 and later, Office 365 and Outlook.com NDRs ("Delivery has failed to these
// recipients or groups", "Your message to ... couldn't be delivered"), with an RFC 3464 part.
import type { DecodedReport, Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import { header, type BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return header(mail, "x-ms-exchange-message-is-ndr") !== "" || /delivery has failed to these recipients or groups|your message to .{1,200} couldn.t be delivered|remote server returned .{0,40}\d{3}|diagnostic information for administrators/i.test(mail.text.slice(0, 6000));
}

/** "Remote Server at host (ip) returned '441 4.4.1 ...'": one line per delivery attempt, latest first. */
const ATTEMPT = /returned '([245]\d\d[ -][^']{1,600})'/g;

/**
 * "QUEUE.Expired" only says that Exchange stopped retrying; its diagnostic information lists the attempts,
 * and the latest one that failed for another reason says why.
 */
function withLastAttempt(mail: BounceMail, report: DecodedReport): DecodedReport {
  const expired = report.recipients.filter((recipient) => /queue\.expired/i.test(recipient.diagnosticCode));
  if (expired.length === 0) return report;
  const attempts = [...mail.text.replace(/\n/g, " ").matchAll(ATTEMPT)].map((match) => match[1]!.replace(/\s+/g, " "));
  const cause = attempts.find((attempt) => !/queue\.expired/i.test(attempt));
  if (cause) for (const recipient of expired) recipient.diagnosticCode = `${recipient.diagnosticCode} (last attempt: ${cause})`;
  return report;
}

function readExchange2007(mail: BounceMail): DecodedReport | null {
  if (!matches(mail)) return null;
  const report = readDsnOrText(mail);
  return report && withLastAttempt(mail, report);
}

export const exchange2007: Decoder = { name: "exchange2007", matches, decode: readExchange2007 };
