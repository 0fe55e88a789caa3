// Google Workspace relays (reports from googlemail.com): its DNS and address texts.
import { reasonByPhrase, type RhostFamily } from "./family.js";

export const gsuite: RhostFamily = {
  name: "gsuite",
  hosts: ["googlemail.com"],
  reason(fact) {
    const text = fact.diagnostic.toLowerCase();
    const found = reasonByPhrase(text, [
      ["notaccept", ["null mx"]],
      ["userunknown", ["because the address couldn't be found. check for typos or unnecessary spaces and try again."]],
    ]);
    if (found) return found;
    if (!/responded with code nxdomain|domain name not found|had no relevant answers/.test(text)) return "";
    // A missing domain is final only when both codes say so; Google retries NXDOMAIN answers (4.x.x)
    // as a network problem of the moment.
    const permanent = fact.status.startsWith("5") || fact.replyCode.startsWith("5");
    if (!permanent) return "networkerror";
    if (fact.status.startsWith("5") && fact.replyCode.startsWith("5") && !/had no relevant answers/.test(text)) return "hostunknown";
    return "";
  },
};
