// Yandex Mail (mailer-daemon@yandex.*), RFC 3464 with a Russian or English text.
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import type { BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return /@(?:[\w-]+\.)*yandex\.(?:ru|com|net|by|kz|ua|com\.tr)$/.test(mail.from);
}

export const yandex: Decoder = {
  name: "yandex",
  matches,
  decode: (mail) => (matches(mail) ? readDsnOrText(mail) : null),
};
