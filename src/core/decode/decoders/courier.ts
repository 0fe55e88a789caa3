// Courier MTA ("This is a delivery status notification from ...", subject "NOTICE: mail delivery status.").
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import type { BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return /^notice: mail delivery status/i.test(mail.subject) || /courier mail server at|this is a delivery status notification from/i.test(mail.text.slice(0, 3000));
}

export const courier: Decoder = {
  name: "courier",
  matches,
  decode: (mail) => (matches(mail) ? readDsnOrText(mail) : null),
};
