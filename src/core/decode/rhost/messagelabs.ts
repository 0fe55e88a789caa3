// Broadcom (Symantec) Email Security.cloud, formerly MessageLabs: its documented rejection texts.
import { reasonByPhrase, type RhostFamily } from "./family.js";

export const messageLabs: RhostFamily = {
  name: "messagelabs",
  hosts: [".messagelabs.com"],
  reason(fact) {
    return reasonByPhrase(fact.diagnostic.toLowerCase(), [
      ["authfailure", ["domain authentication fail"]],
      ["badreputation", ["connection rejected by policy"]],
      ["blocked", ["mail rejected because your ip is in the pbl", "your ip address has been "]],
      ["notcompliantrfc", ["stray linefeeds in message", "has detected that this message is not rfc 5322", "550 requested action aborted [4]"]],
      ["failedstarttls", ["tls/sslv3 connection required"]],
      ["norelaying", [" as a relay, "]],
      ["rejected", [
        "sender envelope domain not allowed for sender ip address", "your domain has been blocked", "your email address has been blocked",
        "your envelope sender is in my badmailfrom list", "your email address has been blacklisted", "your domain has been blacklisted",
      ]],
      ["securityerror", ["please turn on smtp authentication in your mail client"]],
      ["spamdetected", ["message filtered", "filtered by outbound scanning"]],
      ["toomanyconn", ["too many recipients received this hour", "too many messages"]],
      ["userunknown", ["no such user", "invalid recipient", "recipient mailbox is not allowed", "mailbox is not allowed"]],
    ]);
  },
};
