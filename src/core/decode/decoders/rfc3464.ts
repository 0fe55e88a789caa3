// Generic RFC 3464 / RFC 6533 delivery status notification (multipart/report; report-type=delivery-status).
import type { Decoder } from "../decoder.js";
import { readDsn } from "../dsn.js";

export const rfc3464: Decoder = {
  name: "rfc3464",
  matches: (mail) => mail.deliveryStatus.length > 0,
  decode: readDsn,
};
