// Facebook's mail servers: a response code "<AREA>-<P|T><n>" from its published postmaster response codes
// (P permanent, T temporary), each meaning one cause.
import type { Reason } from "../../types.js";
import type { RhostFamily } from "./family.js";

const CODES: Record<string, Reason> = {
  "POL-P1": "blocked", "POL-P2": "blocked", "POL-P3": "blocked", "POL-P4": "blocked",
  "POL-T1": "blocked", "POL-T2": "blocked", "POL-T3": "blocked",
  "POL-P5": "virusdetected", "POL-P6": "spamdetected", "POL-P7": "authfailure",
  "MSG-P1": "mesgtoobig", "INT-P2": "mesgtoobig", "MSG-P2": "contenterror", "MSG-P3": "notcompliantrfc",
  "RCP-P1": "userunknown", "INT-P1": "userunknown", "INT-P3": "userunknown", "INT-P4": "userunknown",
  "RCP-P2": "filtered", "RCP-P3": "filtered", "RCP-T1": "systemerror", "RCP-T4": "suspend",
  "DNS-P1": "rejected", "DNS-P2": "rejected", "DNS-T1": "rejected", "DNS-P3": "requireptr", "DNS-T2": "requireptr",
  "CON-T1": "toomanyconn", "CON-T2": "toomanyconn", "CON-T3": "toomanyconn", "CON-T4": "toomanyconn", "MSG-T1": "toomanyconn",
};

export const facebook: RhostFamily = {
  name: "facebook",
  hosts: [".facebook.com", ".facebookmail.com"],
  reason(fact) {
    const code = /\b([A-Z]{3}-[PT]\d)\b/.exec(fact.diagnostic)?.[1] ?? "";
    return CODES[code] ?? "";
  },
};
