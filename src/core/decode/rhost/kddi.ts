// KDDI (au / EZweb): its servers answer "<address>: User unknown" for a missing mailbox, and the same
// words without the address ("550 : User unknown") when the recipient's filter refused the sender.
import type { RhostFamily } from "./family.js";

export const kddi: RhostFamily = {
  name: "kddi",
  hosts: [".ezweb.ne.jp", "msmx.au.com"],
  reason(fact) {
    const text = fact.diagnostic.toLowerCase();
    if (text.includes("550 : user unknown")) return "filtered";
    if (text.includes(">: user unknown")) return "userunknown";
    return "";
  },
};
