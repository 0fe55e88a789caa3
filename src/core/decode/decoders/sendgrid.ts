// SendGrid (sender on sendgrid.net or its X-SG-EID field), RFC 3464 or the SendGrid text.
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import { header, type BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return /@(?:[\w-]+\.)*sendgrid\.(?:net|com)$/.test(mail.from) || header(mail, "x-sg-eid") !== "";
}

export const sendGrid: Decoder = {
  name: "sendgrid",
  matches,
  decode: (mail) => (matches(mail) ? readDsnOrText(mail) : null),
};
