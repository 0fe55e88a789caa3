// Trustwave MailMarshal ("Undeliverable Mail: \"subject\"", "MailMarshal" in the text).
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import type { BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return /mailmarshal/i.test(mail.text.slice(0, 6000));
}

export const mailMarshal: Decoder = {
  name: "mailmarshal",
  matches,
  decode: (mail) => (matches(mail) ? readDsnOrText(mail) : null),
};
