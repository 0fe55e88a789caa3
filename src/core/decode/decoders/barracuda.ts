// Barracuda Spam Firewall ("Message you sent blocked by our bulk email filter", X-Barracuda-* fields).
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import { hasFieldStarting, type BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return /message you sent blocked by our bulk email filter/i.test(mail.subject) || hasFieldStarting(mail, "x-barracuda");
}

export const barracuda: Decoder = {
  name: "barracuda",
  matches,
  decode: (mail) => (matches(mail) ? readDsnOrText(mail) : null),
};
