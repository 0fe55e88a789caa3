// BIGLOBE (Japan): "----- The following addresses had delivery problems -----", the address, then
// "----- Non-delivered information -----" with the reason.
import type { Decoder } from "../decoder.js";
import { readListedReport } from "../listed.js";

export const biglobe: Decoder = {
  name: "biglobe",
  matches: (mail) => /@(?:[\w-]+\.)*biglobe\.ne\.jp$/.test(mail.from),
  decode: (mail) =>
    readListedReport(mail, {
      heading: /--- ?the following addresses had delivery problems/i,
      reasonHeading: /--- ?non-delivered information/i,
      original: [/^Content-Type: message\/rfc822/i],
    }),
};
