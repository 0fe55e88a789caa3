// SurfControl / Websense gateways (X-SEF-* fields, "Your message could not be sent.").
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import { hasFieldStarting, type BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return hasFieldStarting(mail, "x-sef-") || /surfcontrol/i.test(mail.text.slice(0, 4000));
}

export const surfControl: Decoder = {
  name: "surfcontrol",
  matches,
  decode: (mail) => (matches(mail) ? readDsnOrText(mail) : null),
};
