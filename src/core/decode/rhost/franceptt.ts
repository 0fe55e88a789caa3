// Orange / Wanadoo / La Poste: replies end with a label such as "OFR_506", "LPN007_416" or
// "OFR004_405 [405]" whose last three digits are the provider's documented error number.
import type { Reason } from "../../types.js";
import type { RhostFamily } from "./family.js";

const NUMBERS: Record<string, Reason> = {
  "101": "blocked", "102": "blocked", "103": "blocked", "104": "toomanyconn", "305": "securityerror",
  "401": "authfailure", "402": "securityerror", "403": "rejected", "405": "rejected", "415": "rejected",
  "416": "userunknown", "417": "mailboxfull", "420": "suspend", "421": "rejected", "426": "suspend",
  "505": "systemerror", "506": "spamdetected", "510": "blocked", "514": "mesgtoobig", "517": "authfailure",
  "630": "policyviolation", "999": "blocked",
};

const LABEL = /\b(?:lpn|ofr|ouk)[a-z]{0,3}(?:\d{3}[-_]?)?[-_]?(\d{3})\b/gi;

export const francePtt: RhostFamily = {
  name: "franceptt",
  hosts: [".laposte.net", ".orange.fr", ".wanadoo.fr"],
  reason(fact) {
    let number = "";
    for (const match of fact.diagnostic.slice(0, 4000).matchAll(LABEL)) number = match[1]!;
    if (number) return NUMBERS[number] ?? "";
    // "Emetteur invalide ... configuration SPF/DNS de votre nom de domaine"
    return /spf\/dns de votre nom de domaine/i.test(fact.diagnostic) ? "authfailure" : "";
  },
};
