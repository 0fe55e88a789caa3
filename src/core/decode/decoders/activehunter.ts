// TransWARE Active!hunter: a Sendmail-like text, ">>> address <address>" under
// "----- The following addresses had permanent fatal errors -----", the remote reply after
// "----- Transcript of session follows -----".
import type { Decoder } from "../decoder.js";
import { header } from "../mail.js";
import { readListedReport } from "../listed.js";

export const activeHunter: Decoder = {
  name: "activehunter",
  matches: (mail) => /active!hunter/i.test(header(mail, "content-type")),
  decode: (mail) =>
    readListedReport(mail, {
      heading: /--- ?the following addresses had permanent fatal errors/i,
      reasonHeading: /--- ?transcript of session follows/i,
      original: [/^Content-type: message\/rfc822/i],
    }),
};
