// Gmail's receiving servers (gmail.com, and Workspace domains whose MX is Google's): the reply texts
// Google publishes for its SMTP errors ("SMTP errors and codes", Email sender guidelines).
import { reasonByPhrase, type RhostFamily } from "./family.js";

export const google: RhostFamily = {
  name: "google",
  hosts: ["gmail.com", ".google.com"],
  reason: (fact) =>
    reasonByPhrase(fact.diagnostic.toLowerCase(), [
      ["authfailure", [
        "senders to authenticate with either spf or dkim", "is not accepted due to domain's dmarc policy",
        "fails to pass spf checks for an spf record with a hard fail", "has an spf record with a hard fail policy",
      ]],
      // 4.7.28 (formerly 4.7.0): the sending IP is refused for a while for the spam it sent
      ["blocked", ["an unusual rate of unsolicited mail originating from your ip address", "ip not in whitelist for rcpt domain"]],
      ["badreputation", ["very low reputation of the sending ip address", "very low reputation of the sending domain"]],
      ["failedstarttls", ["tls required for rcpt domain", "senders to use tls/ssl for smtp"]],
      ["mailboxfull", ["inbox is out of storage space", "account that you tried to reach is over quota"]],
      ["notcompliantrfc", [
        "is not rfc 5322 compliant", "missing a valid message-id", "missing a valid address in the from: header",
        "multiple addresses in from: header are not accepted",
      ]],
      ["policyviolation", [
        "has a policy that prohibited the mail that you sent", "detected an illegal attachment on your message",
        "blocked because its content presents a potential security issue",
      ]],
      ["requireptr", ["does not have a ptr record", "does not match the ip address of the hostname", "ipv6 sending guidelines regarding ptr records"]],
      ["spamdetected", ["this message is likely unsolicited mail", "due to the nature of the content or the links within"]],
      ["speeding", ["is receiving mail too quickly", "receiving mail at a rate that prevents additional messages"]],
      ["suspend", ["account that you tried to reach is disabled", "account that you tried to reach is inactive"]],
      ["toomanyconn", ["your message has too many recipients"]],
      ["userunknown", ["the email account that you tried to reach does not exist"]],
    ]),
};
