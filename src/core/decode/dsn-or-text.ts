// For formats that send RFC 3464 reports but also free-text ones (older versions, rewritten reports):
// the delivery-status fields when they name recipients, else the free-form reading of the text.
import type { DecodedReport } from "./decoder.js";
import { readFreeForm } from "./decoders/generic.js";
import { readDsn } from "./dsn.js";
import type { BounceMail } from "./mail.js";

export function readDsnOrText(mail: BounceMail): DecodedReport | null {
  const dsn = readDsn(mail);
  if (dsn && dsn.recipients.length > 0) return dsn;
  return readFreeForm(mail);
}
