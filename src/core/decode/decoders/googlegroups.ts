// Google Groups refusing a post ("you don't have permission to post", "group does not exist"):
// Google's mailer-daemon names the group in X-Failed-Recipients. The group refused the sender.
// Groups of Google Workspace domains have the domain's own addresses, not googlegroups.com ones:
// there Google's fixed sentence about the group identifies the notice.
import { allAddresses } from "../address.js";
import type { Decoder } from "../decoder.js";
import { readDsn } from "../dsn.js";
import { header, type BounceMail } from "../mail.js";
import { oneLine, splitAtOriginal } from "../text.js";

const GROUP_REFUSAL = /the group you tried to contact \([^()\n]{1,100}\) may not exist, or you may not have permission to post/i;

function readGoogleGroups(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!googleGroups.matches(mail)) return null;
  const { own, quoted } = splitAtOriginal(mail.lines, [/^-{3,} ?original message ?-{3,}/i]);
  const addresses = allAddresses(header(mail, "x-failed-recipients"));
  const diagnosticCode = oneLine(own.filter((line) => !/^\s*\*/.test(line)).slice(0, 8));
  // a delivery-status part, when Google adds one, states the status
  // by address, the first stated status of each: one lookup per failed recipient, not a scan of them all
  const stated = new Map<string, string>();
  for (const recipient of readDsn(mail)?.recipients ?? []) {
    const key = recipient.address.toLowerCase();
    if (!stated.has(key)) stated.set(key, recipient.status ?? "");
  }
  const statusOf = (address: string): string => stated.get(address.toLowerCase()) ?? "";
  return {
    recipients: addresses.map((address) => ({ address, diagnosticCode, status: statusOf(address), reason: "rejected" as const })),
    reportingMta: "googlegroups.com",
    quotedOriginal: quoted,
  };
}

export const googleGroups: Decoder = {
  name: "googlegroups",
  matches: (mail) =>
    (/googlegroups\.com/i.test(header(mail, "x-failed-recipients")) && /google (?:groups|グループ)|groups\.google\.com/i.test(mail.text)) ||
    (/^mailer-daemon@(?:googlemail|gmail)\.com$/i.test(mail.from) && GROUP_REFUSAL.test(mail.text.slice(0, 4000))),
  decode: readGoogleGroups,
};
