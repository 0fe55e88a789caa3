// Yahoo! Mail and Yahoo! JAPAN ("Sorry, we were unable to deliver your message to the following address.").
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import { qmail } from "./qmail.js";
import type { BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return /@(?:[\w-]+\.)*yahoo(?:mail)?\.[a-z.]{2,6}$/.test(mail.from) || /sorry, we were unable to deliver your message to the following address/i.test(mail.text.slice(0, 3000));
}

export const yahoo: Decoder = {
  name: "yahoo",
  matches,
  // its text is qmail's, translated or reworded
  decode: (mail) => (matches(mail) ? qmail.decode(mail) ?? readDsnOrText(mail) : null),
};
