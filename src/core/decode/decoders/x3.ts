// A DSN text of several hosted gateways (Sisimai's "X3"): "This is an automatically generated
// Delivery Status Notification." with "Delivery to the following recipients was aborted/failed"
// and "* address" lines, then "Technical details:".
import type { Decoder } from "../decoder.js";
import { readListedReport } from "../listed.js";

export const x3: Decoder = {
  name: "x3",
  matches: (mail) => /this is an automatically generated delivery status notification/i.test(mail.text.slice(0, 3000)),
  decode: (mail) =>
    readListedReport(mail, {
      heading: /del[ie]v[ea]ry to the following recipients? (?:was aborted|failed|has been delayed)/i,
      reasonHeading: /technical details:/i,
      original: [/^Content-Type: message\/rfc822/i],
      delayed: /has been delayed/i,
      expired: /was aborted after \d/i,
    }),
};
