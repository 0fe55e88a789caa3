// HCL/IBM Lotus Domino: "Your message ... was not delivered to:", the address, "because:", the reason.
import type { Decoder } from "../decoder.js";
import { readListedReport } from "../listed.js";

export const domino: Decoder = {
  name: "domino",
  matches: (mail) => /^delivery (?:failure|report)[: ]/i.test(mail.subject) || /was not delivered to:/i.test(mail.text.slice(0, 3000)),
  decode: (mail) =>
    readListedReport(mail, {
      heading: /^\s*was not delivered to:/i,
      reasonHeading: /^\s*because:/i,
      command: "RCPT",
      original: [/^-{3,}\s*(?:original message|forwarded by)/i],
    }),
};
