// Google Groups refusing a post ("you don't have permission to post", "group does not exist"):
// Google's mailer-daemon names the group in X-Failed-Recipients. The group refused the sender.
import { allAddresses } from "../address.js";
import type { Decoder } from "../decoder.js";
import { header, type BounceMail } from "../mail.js";
import { oneLine, splitAtOriginal } from "../text.js";

function readGoogleGroups(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!googleGroups.matches(mail)) return null;
  const { own, quoted } = splitAtOriginal(mail.lines, [/^-{3,} ?original message ?-{3,}/i]);
  const addresses = allAddresses(header(mail, "x-failed-recipients"));
  const diagnosticCode = oneLine(own.filter((line) => !/^\s*\*/.test(line)).slice(0, 8));
  return {
    recipients: addresses.map((address) => ({ address, diagnosticCode, reason: "rejected" as const })),
    reportingMta: "googlegroups.com",
    quotedOriginal: quoted,
  };
}

export const googleGroups: Decoder = {
  name: "googlegroups",
  matches: (mail) =>
    /googlegroups\.com/i.test(header(mail, "x-failed-recipients")) &&
    /google (?:groups|グループ)|groups\.google\.com/i.test(mail.text),
  decode: readGoogleGroups,
};
