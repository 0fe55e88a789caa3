// Gmail's plain-text bounce (before Google moved to RFC 3464): "Delivery to the following recipient
// failed permanently:" / "has been delayed", the address indented, then "Technical details".
import { allAddresses } from "../address.js";
import type { DecodedRecipient, Decoder } from "../decoder.js";
import { header, type BounceMail } from "../mail.js";
import { oneLine, splitAtOriginal } from "../text.js";

const STARTS = /delivery to the following recipients? (?:failed permanently|has been delayed|failed temporarily)|(?:\*\* ?)?(?:address not found|message not delivered|message blocked|delivery incomplete)(?: ?\*\*)?/i;

function readGmail(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (mail.deliveryStatus.length > 0 || !STARTS.test(mail.text)) return null;
  const { own, quoted } = splitAtOriginal(mail.lines, [/^-{3,} ?original message ?-{3,}/i]);
  const ownText = own.join("\n");
  const delayed = /has been delayed|failed temporarily|will retry|temporary failure/i.test(ownText) && !/failed permanently/i.test(ownText);
  const start = own.findIndex((line) => STARTS.test(line));
  const listed: string[] = [];
  for (let i = start + 1; i < own.length && listed.length < 50; i++) {
    const line = own[i]!;
    if (/^\s+\S+@\S+\s*$/.test(line)) listed.push(line.trim());
    else if (line.trim() !== "" && listed.length) break;
  }
  const addresses = listed.length ? listed : allAddresses(header(mail, "x-failed-recipients"));
  const returned = ownText.search(/(?:the error that the other server returned was|the response (?:from the remote server|was))\s*:/i);
  const detail = returned >= 0 ? returned : ownText.search(/technical details of (?:permanent|temporary) failure\s*:/i);
  const diagnosticCode = oneLine((detail >= 0 ? ownText.slice(detail) : ownText).split("\n").slice(0, 12)).replace(/^[^:]{0,80}:\s*/, "");
  const recipients: DecodedRecipient[] = addresses.map((address) => ({ address, diagnosticCode, ...(delayed ? { action: "delayed" as const } : {}) }));
  return { recipients, reportingMta: "gmail.com", quotedOriginal: quoted };
}

export const gmail: Decoder = {
  name: "gmail",
  matches: (mail) => /^mailer-daemon@(?:googlemail|gmail)\.com$/.test(mail.from) && mail.deliveryStatus.length === 0,
  decode: readGmail,
};
