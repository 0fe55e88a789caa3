// Exchange Online / Exchange Server: the enhanced status code together with the fixed text Microsoft
// documents for it ("Exchange Online NDR codes", "Fix email delivery issues for error code ..."),
// then the Outlook.com postmaster codes (RP-, SC-, DY-, OU-) with their reply code.
import type { Reason } from "../../types.js";
import type { RhostFamily } from "./family.js";

/** [status, text, reason]; a status "5.7.606-649" covers a range of the last number. */
const NDRS: ReadonlyArray<readonly [string, string, Reason]> = [
  ["4.7.26", "must pass either spf or dkim validation", "authfailure"],
  ["5.7.23", "sender policy framework violation", "authfailure"],
  ["5.7.509", "does not pass dmarc verification", "authfailure"],
  ["5.7.515", "required authentication level", "authfailure"],
  ["4.7.650", "rate limited due to ip reputation", "badreputation"],
  ["4.4.2", "connection dropped", "blocked"],
  ["4.7.850-899", "access denied, please try again later", "blocked"],
  ["4.7.500-699", "access denied, please try again later", "blocked"],
  ["5.7.25", "must have a reverse dns record", "blocked"],
  ["5.7.506", "bad helo", "blocked"],
  ["5.7.507", "rejected by recipient", "blocked"],
  ["5.7.510", "does not accept email over ipv6", "blocked"],
  ["5.7.511", "banned sender", "blocked"],
  ["5.7.513", "customer block list", "blocked"],
  ["5.7.606-649", "banned sending ip", "blocked"],
  ["5.5.4", "invalid domain name", "blocked"],
  ["5.7.1", "part of their network is on our block list", "blocked"],
  ["5.3.0", "too many related errors", "contenterror"],
  ["5.6.11", "invalid characters", "contenterror"],
  ["5.4.11", "agent generated message depth exceeded", "contenterror"],
  ["5.5.6", "invalid message content", "contenterror"],
  ["5.2.3", "message too large for this recipient", "mesgtoobig"],
  ["5.3.4", "message size exceeds fixed maximum message size", "mesgtoobig"],
  ["5.3.4", "message too big for system", "mesgtoobig"],
  ["4.4.1", "connection timed out", "expired"],
  ["4.4.7", "message delayed", "expired"],
  ["4.4.7", "message expired", "expired"],
  ["5.4.300", "message expired", "expired"],
  ["5.4.316", "message expired", "expired"],
  ["4.4.8", "failed mta-sts validation", "failedstarttls"],
  ["5.4.8", "failed mta-sts validation", "failedstarttls"],
  ["4.4.317", "starttls is required", "failedstarttls"],
  ["5.4.317", "starttls is required", "failedstarttls"],
  ["4.7.5", "certificate failed mta-sts validation", "failedstarttls"],
  ["5.7.5", "certificate failed mta-sts validation", "failedstarttls"],
  ["4.7.321", "starttls-not-supported", "failedstarttls"],
  ["5.7.321", "starttls-not-supported", "failedstarttls"],
  ["5.7.322", "certificate-expired", "failedstarttls"],
  ["4.7.323-325", "-", "failedstarttls"],
  ["5.7.323-325", "-", "failedstarttls"],
  ["5.2.2", "mailbox full", "mailboxfull"],
  ["5.4.4", "nonexistentdomain", "networkerror"],
  ["5.4.4", "invalid arguments", "networkerror"],
  ["5.4.6", "hop count exceeded", "networkerror"],
  ["5.4.6", "routing loop detected", "networkerror"],
  ["5.4.14", "routing loop detected", "networkerror"],
  ["4.4.312", "dns query failed", "networkerror"],
  ["5.4.312", "dns query failed", "networkerror"],
  ["4.4.316", "connection refused", "networkerror"],
  ["5.4.316", "connection refused", "networkerror"],
  ["5.7.1", "unable to relay", "norelaying"],
  ["5.7.1", "client was not authenticated", "norelaying"],
  ["5.4.1", "relay access denied", "norelaying"],
  ["5.7.64", "relay access denied", "norelaying"],
  ["4.3.2", "system not accepting network messages", "notaccept"],
  ["4.4.4", "no mail-enabled subscriptions", "notaccept"],
  ["5.3.2", "missing or bad storedriver mdb properties", "notaccept"],
  ["5.7.900-999", "delivery not authorized, message refused", "policyviolation"],
  // the sender's own organisation forbids automatic forwarding outside it: an administrator's rule on
  // what may be sent, not an authentication or security fault
  ["5.7.520", "does not allow external forwarding", "policyviolation"],
  // the sending tenant is held back for suspicious volume (documented with 5.7.700-749), or sends from a domain it never registered
  ["5.7.700-749", "tenant has exceeded threshold", "speeding"],
  ["5.7.700-749", "traffic not accepted from this ip", "speeding"],
  ["5.7.750", "client blocked from sending from unregistered domains", "rejected"],
  ["5.1.7", "invalid address", "rejected"],
  ["5.1.7", "unknown sender address", "rejected"],
  ["5.1.0", "sender denied", "rejected"],
  ["5.1.8", "bad outbound sender", "rejected"],
  ["5.7.1", "delivery not authorized", "rejected"],
  ["5.7.12", "sender was not authenticated by organization", "rejected"],
  ["5.7.124", "not in allowed-senders list", "rejected"],
  ["5.7.133-136", "not authenticated", "rejected"],
  ["5.7.13", "sender was not authenticated for public folder", "rejected"],
  ["5.7.501-503", "spam abuse detected", "rejected"],
  ["5.7.512", "rfc 5322 section 3.6.2", "rejected"],
  ["4.3.2", "service not available", "systemerror"],
  ["4.3.2", "service not active", "systemerror"],
  ["5.3.5", "system incorrectly configured", "systemerror"],
  ["4.4.22-28", "message failed to be replicated", "systemerror"],
  ["4.4.318", "suspiciousremoteservererror", "systemerror"],
  ["5.4.318", "suspiciousremoteservererror", "systemerror"],
  ["4.7.500", "server busy", "systemerror"],
  ["4.7.700", "pfa agent busy", "systemerror"],
  ["4.3.1", "insufficient system resources", "systemfull"],
  ["5.1.1", "resolver.adr.exrecipnotfound", "userunknown"],
  ["5.1.1", "user unknown", "userunknown"],
  ["5.1.1", "bad destination mailbox address", "userunknown"],
  ["5.1.3", "invalid recipient address", "userunknown"],
  ["5.1.4-5", "reserved by rfc 2606", "userunknown"],
  ["5.1.6", "single label domains not accepted", "userunknown"],
  ["5.1.10", "recipient not found", "userunknown"],
  // the directory lookup's own name, also when the address stands inside "Recipient ... not found"
  ["5.1.10", "resolver.adr.recipientnotfound", "userunknown"],
  ["5.4.1", "recipient address rejected: access denied", "userunknown"],
  ["5.5.0", "requested action not taken: mailbox unavailable", "userunknown"],
  ["5.1.351", "unknown recipient or mailbox unavailable", "userunknown"],
];

/** Outlook.com postmaster codes: [code, reply code, reason]. */
const POSTMASTER: ReadonlyArray<readonly [string, string, Reason]> = [
  ["RP-001", "421", "badreputation"], ["RP-002", "421", "badreputation"], ["RP-003", "421", "badreputation"],
  ["SC-001", "550", "badreputation"], ["SC-002", "550", "policyviolation"], ["SC-003", "550", "blocked"],
  ["SC-004", "550", "blocked"], ["DY-001", "550", "blocked"], ["DY-002", "550", "virusdetected"],
  ["OU-001", "550", "blocked"], ["OU-002", "550", "badreputation"],
];

function statusCovers(pattern: string, status: string): boolean {
  const range = /^(\d\.\d{1,3}\.)(\d{1,3})-(\d{1,3})$/.exec(pattern);
  if (!range) return pattern === status;
  if (!status.startsWith(range[1]!)) return false;
  const last = Number(status.slice(range[1]!.length));
  return last >= Number(range[2]) && last <= Number(range[3]);
}

export const microsoft: RhostFamily = {
  name: "microsoft",
  hosts: [".prod.outlook.com", ".protection.outlook.com", ".onmicrosoft.com", ".exchangelabs.com"],
  reason(fact) {
    if (!fact.status) return "";
    const text = fact.diagnostic.toLowerCase();
    for (const [status, phrase, reason] of NDRS) {
      if (statusCovers(status, fact.status) && (phrase === "-" || text.includes(phrase))) return reason;
    }
    for (const [code, reply, reason] of POSTMASTER) {
      if (fact.replyCode === reply && fact.diagnostic.includes(code)) return reason;
    }
    return "";
  },
};
