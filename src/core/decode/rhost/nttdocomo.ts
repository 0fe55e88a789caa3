// NTT docomo (docomo.ne.jp). Its servers used to answer "550 Unknown user" after DATA for a sender the
// recipient's receiving settings refuse, so a report with the old 5.2.0 status stays "filtered"; since
// March 2025 docomo no longer refuses senders over SMTP that way, so the same words now mean the mailbox
// does not exist.
import type { RhostFamily } from "./family.js";
import { reasonByPhrase } from "./family.js";

const PHRASES = [
  ["mailboxfull", ["552 too much mail data"]],
  ["toomanyconn", ["552 too many recipients"]],
  ["syntaxerror", ["503 bad sequence of commands", "504 command parameter not implemented"]],
  ["userunknown", ["550 unknown user"]],
] as const;

export const nttDocomo: RhostFamily = {
  name: "nttdocomo",
  hosts: [".docomo.ne.jp"],
  reason(fact) {
    if (fact.status === "5.1.1") return "userunknown";
    if (fact.status === "5.2.0") return "filtered";
    return reasonByPhrase(fact.diagnostic.toLowerCase(), PHRASES);
  },
};
