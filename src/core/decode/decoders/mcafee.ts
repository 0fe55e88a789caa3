// McAfee Email Gateway / Email and Web Security (X-NAI-Header).
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import { header, type BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return header(mail, "x-nai-header") !== "";
}

export const mcAfee: Decoder = {
  name: "mcafee",
  matches,
  decode: (mail) => (matches(mail) ? readDsnOrText(mail) : null),
};
