// Microsoft Exchange 2007 and later, Office 365 and Outlook.com NDRs ("Delivery has failed to these
// recipients or groups", "Your message to ... couldn't be delivered"), with an RFC 3464 part.
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import { header, type BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return header(mail, "x-ms-exchange-message-is-ndr") !== "" || /delivery has failed to these recipients or groups|your message to .{1,200} couldn.t be delivered|remote server returned .{0,40}\d{3}|diagnostic information for administrators/i.test(mail.text.slice(0, 6000));
}

export const exchange2007: Decoder = {
  name: "exchange2007",
  matches,
  decode: (mail) => (matches(mail) ? readDsnOrText(mail) : null),
};
