// NTT docomo (docomo.ne.jp): rejections for the recipient's receiving settings and unknown users.
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import type { BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return /@(?:[\w-]+\.)*docomo\.ne\.jp$/.test(mail.from);
}

export const docomo: Decoder = {
  name: "docomo",
  matches,
  decode: (mail) => (matches(mail) ? readDsnOrText(mail) : null),
};
