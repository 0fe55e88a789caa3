// GoDaddy's mail servers (secureserver.net): an "IB<nnn>" code at the end of the reply, from its published
// list of bounce errors, else its texts.
import type { Reason } from "../../types.js";
import { reasonByPhrase, type RhostFamily } from "./family.js";

const CODES: Record<string, Reason> = {
  IB401: "securityerror", IB501: "notcompliantrfc", IB502: "notcompliantrfc", IB506: "rejected", IB508: "authfailure",
  IB108: "requireptr", IB212: "spamdetected", IB705: "virusdetected", IB605: "toomanyconn", IB007: "toomanyconn",
  IB101: "speeding", IB504: "speeding", IB510: "speeding", IB607: "speeding",
  IB110: "blocked", IB111: "blocked", IB112: "blocked", IB113: "blocked", IB103: "badreputation",
  IB104: "blocked", IB105: "blocked", IB106: "blocked",
};

export const goDaddy: RhostFamily = {
  name: "godaddy",
  hosts: [".secureserver.net"],
  reason(fact) {
    const code = /\b(IB\d{3})\b/.exec(fact.diagnostic)?.[1] ?? "";
    if (code) return CODES[code] ?? "";
    return reasonByPhrase(fact.diagnostic.toLowerCase(), [
      ["blocked", ["rbl reject", "www.spamhaus.org/query/bl?ip="]],
      ["expired", ["has been in the queue too long", "delivery timeout"]],
      ["mailboxfull", ["account storage limit"]],
      ["spamdetected", ["message rejected for spam or virus content"]],
      ["suspend", ["account disabled"]],
      ["systemerror", ["message is looping"]],
      ["userunknown", ["recipient not found", "account does not exist"]],
    ]);
  },
};
