// Amazon SES inbound (receiving) bounces: RFC 3464 reports sent through SES (X-SES-Outgoing), where
// "Message content rejected" is SES's content scanner refusing the message as spam.
import type { Decoder } from "../decoder.js";
import { header, type BounceMail } from "../mail.js";
import { readDsn } from "../dsn.js";

function matches(mail: BounceMail): boolean {
  return header(mail, "x-ses-outgoing") !== "" && mail.deliveryStatus.length > 0;
}

function readReceivingSes(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!matches(mail)) return null;
  const report = readDsn(mail);
  for (const recipient of report?.recipients ?? []) {
    if (/message content rejected/i.test(recipient.diagnosticCode)) recipient.reason = "spamdetected";
  }
  return report;
}

export const receivingSes: Decoder = { name: "receivingses", matches, decode: readReceivingSes };
