// Yahoo Inc. (Yahoo, AOL, Verizon Media MX hosts under yahoodns.net): texts of its published error codes.
import { reasonByPhrase, type RhostFamily } from "./family.js";

export const yahooInc: RhostFamily = {
  name: "yahooinc",
  hosts: [".yahoodns.net"],
  reason: (fact) =>
    reasonByPhrase(fact.diagnostic.toLowerCase(), [
      ["authfailure", ["yahoo requires all senders to authenticate with either spf or dkim"]],
      ["blocked", [" because the ip is in spamhaus's list;", "not accepted from ip addresses on spamhaus xbl"]],
      ["norelaying", ["relaying denied for "]],
      ["notcompliantrfc", ["headers are not rfc compliant"]],
      ["policyviolation", ["not accepted for policy reasons"]],
      // [TSS04] is given for volume, complaints and unauthenticated senders alike: Yahoo refuses the sender
      ["rejected", ["temporarily deferred due to unexpected volume or user complaints", "due to unresolvable rfc.5321 domain", " will be permanently deferred"]],
      ["speeding", ["user is receiving mail too quickly"]],
      ["suspend", [" is no longer valid.", "this mailbox is disabled"]],
      ["syntaxerror", ["syntax error in parameters or arguments"]],
      ["toomanyconn", ["max message per connection reached"]],
      ["userunknown", ["dd this user doesn't have a ", "mailbox not found"]],
    ]),
};
