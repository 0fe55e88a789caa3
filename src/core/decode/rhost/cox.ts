// Cox Communications: "AUP#<code>" labels from its published postmaster error codes, else its texts.
import type { Reason } from "../../types.js";
import { reasonByPhrase, type RhostFamily } from "./family.js";

const CODES: Record<string, Reason> = {
  CXBL: "blocked", CDRBL: "blocked", CXDNS: "requireptr", CXSNDR: "authfailure", CXSMTP: "rejected",
  CXCNCT: "toomanyconn", CXMXRT: "toomanyconn", CXTHRT: "securityerror", CXMJ: "securityerror",
  URLBL011: "spamdetected", URLBL101: "spamdetected", URLBL110: "spamdetected", URLBL1001: "spamdetected",
};

export const cox: RhostFamily = {
  name: "cox",
  hosts: ["cox.net"],
  reason(fact) {
    const label = /AUP#([A-Z0-9]{2,12})/.exec(fact.diagnostic)?.[1] ?? "";
    // IPBL<digits>: the sending address is on one or more of the blocklists Cox consults
    if (label) return CODES[label] ?? (/^IPBL\d+$/.test(label) ? "blocked" : "");
    return reasonByPhrase(fact.diagnostic.toLowerCase(), [
      ["blocked", ["too many bad commands from", "too many invalid recipients"]],
      ["requireptr", ["dns check failure - try again later", "rejected - no rdns"]],
      ["policyviolation", ["esmtp no data before greeting", "attachment extension is forbidden"]],
      ["rejected", ["sender rejected"]],
      ["systemerror", ["esmtp server temporarily not available"]],
      ["toomanyconn", ["too many sessions from", "requested action aborted: try again later", "message threshold exceeded"]],
      ["userunknown", ["recipient rejected"]],
    ]);
  },
};
