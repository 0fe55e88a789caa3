// Amazon WorkMail (X-Mailer: Amazon WorkMail), RFC 3464.
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import { header, type BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return /amazon workmail/i.test(header(mail, "x-mailer"));
}

export const amazonWorkMail: Decoder = {
  name: "amazonworkmail",
  matches,
  decode: (mail) => (matches(mail) ? readDsnOrText(mail) : null),
};
