// A gateway format (Sisimai's "X6"): "We had trouble delivering your message. Full details follow:"
// then "The following recipients returned permanent errors: <addresses>. Reason: <text>".
import { allAddresses } from "../address.js";
import type { DecodedRecipient, Decoder } from "../decoder.js";
import type { BounceMail } from "../mail.js";
import { commandIn } from "../text.js";

const STARTS = /we had trouble delivering your message\. full details follow/i;
const FAILED = /^The following recipients returned (permanent|temporary) errors: (.{3,2000}?)\. Reason: (.{0,2000})$/i;

function readX6(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!STARTS.test(mail.text.slice(0, 3000))) return null;
  const recipients: DecodedRecipient[] = [];
  for (const line of mail.lines.slice(0, 200)) {
    const match = FAILED.exec(line);
    if (!match) continue;
    const diagnosticCode = match[3]!.trim();
    // "(DATA)" after "refused to accept your message": the stage in parentheses
    const command = /\((HELO|EHLO|MAIL|RCPT|DATA)\)/i.exec(diagnosticCode)?.[1]?.toUpperCase() ?? commandIn(diagnosticCode);
    for (const address of allAddresses(match[2]!, 50)) {
      recipients.push({ address, diagnosticCode, command, ...(/^temporary$/i.test(match[1]!) ? { action: "delayed" as const } : {}) });
    }
  }
  return { recipients };
}

export const x6: Decoder = {
  name: "x6",
  matches: (mail) => STARTS.test(mail.text.slice(0, 3000)),
  decode: readX6,
};
