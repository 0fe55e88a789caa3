// Mimecast gateways ("[Postmaster] Email Delivery Failure", X-MC-* fields).
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import type { BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return /^\[postmaster\] email delivery failure/i.test(mail.subject) || /mimecast/i.test(mail.text.slice(0, 4000));
}

export const mimecast: Decoder = {
  name: "mimecast",
  matches,
  decode: (mail) => (matches(mail) ? readDsnOrText(mail) : null),
};
