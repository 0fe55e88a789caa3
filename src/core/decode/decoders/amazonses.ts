// Amazon SES bounces (sender on amazonses.com, X-SES-Outgoing), RFC 3464 or the SES text.
import type { DecodedReport, Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import { header, type BounceMail } from "../mail.js";

/**
 * SES's fixed sentences for an address it did not even try: on its global suppression list (with the
 * status of the bounce that put it there) or on the account's own list.
 */
const SUPPRESSED = /amazon ses has suppressed sending to this address|on the (?:account-level )?suppression list/i;

function matches(mail: BounceMail): boolean {
  return /@(?:[\w-]+\.)*amazonses\.com$/.test(mail.from) && !/amazon workmail/i.test(header(mail, "x-mailer"));
}

function readSes(mail: BounceMail): DecodedReport | null {
  if (!matches(mail)) return null;
  const report = readDsnOrText(mail);
  for (const recipient of report?.recipients ?? []) {
    if (SUPPRESSED.test(recipient.diagnosticCode)) recipient.reason = "suppressed";
  }
  return report;
}

export const amazonSes: Decoder = {
  name: "amazonses",
  matches,
  decode: readSes,
};
