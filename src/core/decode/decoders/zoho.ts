// Zoho Mail (sender on zoho.*, X-ZohoMail fields).
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import { header, type BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return /@(?:[\w-]+\.)*zoho(?:mail)?\.(?:com|eu|in|jp)$/.test(mail.from) || header(mail, "x-zohomail") !== "";
}

export const zoho: Decoder = {
  name: "zoho",
  matches,
  decode: (mail) => (matches(mail) ? readDsnOrText(mail) : null),
};
