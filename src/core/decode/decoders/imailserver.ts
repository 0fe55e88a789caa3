// Ipswitch IMail Server (X-Mailer: <SMTP32 ...>): "<reason>: address" lines, then "Original message follows."
import type { DecodedRecipient, Decoder } from "../decoder.js";
import { header, type BounceMail } from "../mail.js";
import { oneLine, splitAtOriginal } from "../text.js";

function readIMail(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!iMailServer.matches(mail)) return null;
  const { own, quoted } = splitAtOriginal(mail.lines, [/^\s*original message follows\.?/i]);
  const recipients: DecodedRecipient[] = [];
  for (let i = 0; i < own.length; i++) {
    const match = /^([^:@]{2,80}):\s*<?([^\s<>@]{1,64}@[^\s<>]{1,255}?)>?\s*$/.exec(own[i]!);
    if (!match) continue;
    const details: string[] = [];
    for (let j = i + 1; j < own.length && own[j]!.trim() !== "" && details.length < 6; j++) details.push(own[j]!);
    recipients.push({ address: match[2]!, diagnosticCode: oneLine([match[1]!, ...details]), command: "RCPT" });
  }
  return { recipients, quotedOriginal: quoted };
}

export const iMailServer: Decoder = {
  name: "imailserver",
  matches: (mail) => /^<?SMTP32 v/i.test(header(mail, "x-mailer")),
  decode: readIMail,
};
