// Tencent (QQ Mail): texts of its documented rejections (service.mail.qq.com/detail/122).
import { reasonByPhrase, type RhostFamily } from "./family.js";

export const tencent: RhostFamily = {
  name: "tencent",
  hosts: [".qq.com"],
  reason: (fact) =>
    reasonByPhrase(fact.diagnostic.toLowerCase(), [
      ["authfailure", ["spf check failed", "dmarc check failed"]],
      ["blocked", ["suspected bounce attacks", "suspected spam ip", "connection denied"]],
      ["mesgtoobig", ["message too large"]],
      ["spamdetected", ["spam is embedded in the email", "mail content denied"]],
      ["rejected", ["suspected spam", "mail is rejected by recipients"]],
      ["speeding", ["mailbox unavailable or access denined", "frequency of receiving messages is limited"]],
      ["suspend", ["is a deactivated mailbox"]],
      ["syntaxerror", ["bad address syntax"]],
      ["toomanyconn", ["ip frequency limited", "domain frequency limited", "sender frequency limited", "connection frequency limited"]],
      ["userunknown", ["mailbox not found"]],
    ]),
};
