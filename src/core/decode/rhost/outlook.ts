// Outlook.com / Hotmail consumer mailboxes: two fixed texts of its front ends.
import { reasonByPhrase, type RhostFamily } from "./family.js";

export const outlook: RhostFamily = {
  name: "outlook",
  hosts: [".hotmail.com"],
  reason: (fact) =>
    reasonByPhrase(fact.diagnostic.toLowerCase(), [
      ["hostunknown", ["the mail could not be delivered to the recipient because the domain is not reachable"]],
      ["userunknown", ["requested action not taken: mailbox unavailable"]],
    ]),
};
