// Mail.ru (Exim-based, Russian and English text, X-Failed-Recipients).
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import { exim } from "./exim.js";
import type { BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return /@(?:[\w-]+\.)*(?:mail\.ru|inbox\.ru|list\.ru|bk\.ru)$/.test(mail.from);
}

export const mailRu: Decoder = {
  name: "mailru",
  matches,
  // its text is Exim's, translated or reworded
  decode: (mail) => (matches(mail) ? exim.decode(mail) ?? readDsnOrText(mail) : null),
};
