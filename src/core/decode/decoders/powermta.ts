// PowerMTA (X-PowerMTA fields or its DSN text), RFC 3464.
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import { hasFieldStarting, header, type BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return hasFieldStarting(mail, "x-powermta") || /powermta/i.test(header(mail, "x-mailer"));
}

export const powerMta: Decoder = {
  name: "powermta",
  matches,
  decode: (mail) => (matches(mail) ? readDsnOrText(mail) : null),
};
