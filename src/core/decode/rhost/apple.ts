// Apple iCloud Mail (icloud.com, me.com, mac.com; MX under mail.icloud.com): the reply texts of its
// receiving servers, as Apple's postmaster page and real replies word them.
import { reasonByPhrase, type RhostFamily } from "./family.js";

export const apple: RhostFamily = {
  name: "apple",
  hosts: ["icloud.com", "me.com", "mac.com"],
  reason: (fact) =>
    reasonByPhrase(fact.diagnostic.toLowerCase(), [
      ["authfailure", ["dmarc policy", "failing both spf and dkim"]],
      ["blocked", ["rejected due to listing in spamhaus", "rejected due to having a domain present in the spamhaus", "not accepting connections"]],
      ["hasmoved", ["recipient no longer on server"]],
      ["mailboxfull", ["user is over quota"]],
      ["norelaying", ["relay access denied"]],
      // [CS01] and the like: refused by Apple's own rules for the message
      ["policyviolation", ["due to local policy"]],
      ["rejected", ["sender address rejected"]],
      ["speeding", ["due to excessive volume"]],
      ["userunknown", ["inactive email address", "user does not exist", "unknown or illegal alias"]],
    ]),
};
