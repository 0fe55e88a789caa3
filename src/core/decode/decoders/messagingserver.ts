// Oracle Communications / Sun Java System Messaging Server and PMDF ("This report relates to a
// message you sent with the following header fields").
import type { Decoder } from "../decoder.js";
import { readDsnOrText } from "../dsn-or-text.js";
import type { BounceMail } from "../mail.js";

function matches(mail: BounceMail): boolean {
  return /this report relates to a message you sent with the following header fields/i.test(mail.text.slice(0, 3000)) || /boundary_\(id_/i.test(mail.contentType);
}

export const messagingServer: Decoder = {
  name: "messagingserver",
  matches,
  decode: (mail) => (matches(mail) ? readDsnOrText(mail) : null),
};
