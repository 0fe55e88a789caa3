// Barracuda Spam Firewall ("Message you sent blocked by our bulk email filter", X-Barracuda-* fields).
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import type { BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return /message you sent blocked by our bulk email filter/i.test(mail.subject) || mail.headers.some(([name]) => /^x-barracuda/i.test(name));
}

export const barracuda: Decoder = {
  name: "barracuda",
  matches,
  decode: (mail) => (matches(mail) ? readDsnOrText(mail) : null),
};
