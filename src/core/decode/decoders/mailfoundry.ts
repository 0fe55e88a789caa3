// MailFoundry gateways ("Message delivery has failed").
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import type { BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return /^message delivery has failed/i.test(mail.subject) && /mailfoundry|this message was created automatically by mail delivery software|unable to deliver/i.test(mail.text.slice(0, 3000));
}

export const mailFoundry: Decoder = {
  name: "mailfoundry",
  matches,
  decode: (mail) => (matches(mail) ? readDsnOrText(mail) : null),
};
