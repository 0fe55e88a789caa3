// Mimecast gateways: the reply code together with the text of Mimecast's published SMTP error codes.
import type { Reason } from "../../types.js";
import type { RhostFamily } from "./family.js";

/** [reply code, text, reason] */
const ERRORS: ReadonlyArray<readonly [string, string, Reason]> = [
  ["550", "spf sender invalid - envelope rejected", "authfailure"],
  ["550", "dkim sender invalid - envelope rejected", "authfailure"],
  ["550", "dmarc sender invalid - envelope rejected", "authfailure"],
  ["451", "internal resources are temporarily unavailable", "badreputation"],
  ["550", "local ct ip reputation - (reject)", "badreputation"],
  ["421", "sender address blocked", "blocked"],
  ["451", "recipient temporarily unavailable", "blocked"],
  ["451", "ip temporarily blacklisted", "blocked"],
  ["550", "journal messages past the expiration", "expired"],
  ["553", "this route requires encryption (tls)", "failedstarttls"],
  ["553", "this route requires tls version 1.2 or greater", "failedstarttls"],
  ["553", "this route requires high-strength ciphers", "failedstarttls"],
  ["554", "configuration is invalid for this certificate", "failedstarttls"],
  ["554", "maximum email size exceeded", "mesgtoobig"],
  ["451", "the incorrect hostname used for inbounds", "networkerror"],
  ["550", "the incorrect hostname used for inbounds", "networkerror"],
  ["554", "mail loop detected", "networkerror"],
  ["451", "open relay not allowed", "norelaying"],
  ["451", "open relay is not allowed", "norelaying"],
  ["451", "account inbounds disabled", "notaccept"],
  ["550", "anti-spoofing policy - inbound not allowed", "policyviolation"],
  ["550", "rejected by header-based anti-spoofing policy", "policyviolation"],
  // the same refusal as it reads in Mimecast's replies, without the hyphen
  ["550", "rejected by header based anti-spoofing policy", "policyviolation"],
  ["550", "message bounced due to content examination policy", "policyviolation"],
  ["554", "host network not allowed", "policyviolation"],
  ["554", "host network, not allowed", "policyviolation"],
  ["550", "administrative prohibition envelope blocked", "rejected"],
  ["550", "envelope blocked - user entry", "rejected"],
  ["550", "envelope blocked - user domain entry", "rejected"],
  ["550", "rejected by header-based manually blocked senders", "rejected"],
  ["550", "rejected by header-based blocked senders", "rejected"],
  ["550", "envelope rejected - block policy for envelope from address", "rejected"],
  ["535", "incorrect authentication data", "securityerror"],
  ["550", "submitter failed to authenticate", "securityerror"],
  ["451", "unable to process connection at this time", "systemerror"],
  ["451", "message ended early", "systemerror"],
  ["451", "unable to process command", "systemerror"],
  ["451", "unable to process an email at this time", "systemerror"],
  ["451", "account service is temporarily unavailable", "toomanyconn"],
  ["452", "too many recipients", "toomanyconn"],
  ["550", "exceeding outbound thread limit", "toomanyconn"],
  ["501", "invalid address", "userunknown"],
  ["503", "user unknown", "userunknown"],
  ["550", "invalid recipient", "userunknown"],
  // a virus signature or a spam score over the maximum: Mimecast does not say which
  ["554", "email rejected due to security policies", "virusdetected"],
];

export const mimecast: RhostFamily = {
  name: "mimecast",
  hosts: [".mimecast.com"],
  reason(fact) {
    const text = fact.diagnostic.toLowerCase();
    for (const [reply, phrase, reason] of ERRORS) if (fact.replyCode === reply && text.includes(phrase)) return reason;
    return "";
  },
};
