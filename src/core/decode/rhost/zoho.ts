// Zoho Mail: texts of its documented rejections.
import { reasonByPhrase, type RhostFamily } from "./family.js";

export const zoho: RhostFamily = {
  name: "zoho",
  hosts: [".zoho.com", ".zohomail.com"],
  reason: (fact) =>
    reasonByPhrase(fact.diagnostic.toLowerCase(), [
      ["authfailure", ["email rejected per dmarc policy"]],
      ["blocked", ["greylisted, try again after some time"]],
      ["rejected", ["email cannot be delivered. reason: email flagged as spam", "mail rejected by destination domain"]],
      ["policyviolation", ["email policy violation detected", "mailbox delivery restricted by policy error"]],
      ["systemerror", ["temporary system error"]],
      ["userunknown", ["user does not exist"]],
      ["virusdetected", [" detected by zoho mail"]],
    ]),
};
