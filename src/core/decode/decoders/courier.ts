// Courier MTA ("This is a delivery status notification from ...", subject "NOTICE: mail delivery status.").
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import type { BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return /^notice: mail delivery status/i.test(mail.subject) || /courier mail server at|this is a delivery status notification from/i.test(mail.text.slice(0, 3000));
}

/** Courier's own sentence for a domain that does not exist (its DSNs carry only "unknown; No such domain."). */
function readCourier(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!matches(mail)) return null;
  const report = readDsnOrText(mail);
  for (const recipient of report?.recipients ?? []) {
    if (/^no such domain\.?$/i.test(recipient.diagnosticCode.trim())) recipient.reason = "hostunknown";
  }
  return report;
}

export const courier: Decoder = {
  name: "courier",
  matches,
  decode: readCourier,
};
