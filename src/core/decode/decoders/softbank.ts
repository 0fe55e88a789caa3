// SoftBank / Y!mobile (softbank.ne.jp, i.softbank.jp, ymobile.ne.jp).
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import type { BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return /@(?:[\w-]+\.)*(?:softbank\.ne\.jp|softbank\.jp|ymobile\.ne\.jp|vodafone\.ne\.jp)$/.test(mail.from);
}

export const softBank: Decoder = {
  name: "softbank",
  matches,
  decode: (mail) => (matches(mail) ? readDsnOrText(mail) : null),
};
