// GMX and 1&1 (IONOS, "kundenserver"): an Exim-like text with "The following address failed:",
// the address on its own line, "Reason:" / "For the following reason:", and the original's header
// after "--- The header of the original message is following. ---".
import type { Decoder } from "../decoder.js";
import { readListedReport } from "../listed.js";

export const gmx: Decoder = {
  name: "gmx",
  matches: (mail) => /@(?:[\w-]+\.)*(?:gmx\.[a-z.]{2,6}|kundenserver\.[a-z.]{2,6}|1and1\.[a-z.]{2,6}|ionos\.[a-z.]{2,6})$/.test(mail.from),
  decode: (mail) =>
    readListedReport(mail, {
      heading: /following address(?:es)? failed:?|^failed:$/i,
      reasonHeading: /^(?:for the following )?reason:?\s*$/i,
      original: [/^-{2,} ?the header of the original message is following/i],
    }),
};
