// Amazon SES bounces (sender on amazonses.com, X-SES-Outgoing), RFC 3464 or the SES text.
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import { header, type BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return /@(?:[\w-]+\.)*amazonses\.com$/.test(mail.from) && !/amazon workmail/i.test(header(mail, "x-mailer"));
}

export const amazonSes: Decoder = {
  name: "amazonses",
  matches,
  decode: (mail) => (matches(mail) ? readDsnOrText(mail) : null),
};
