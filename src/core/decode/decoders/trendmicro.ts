// Trend Micro InterScan MSS / IMSVA: a transcript "Sent <<< RCPT TO:<address>" /
// "Received >>> 550 ..." between asterisk rules.
import type { DecodedRecipient, Decoder } from "../decoder.js";
import { header, type BounceMail } from "../mail.js";
import { oneLine } from "../text.js";

function readTrendMicro(mail: BounceMail): ReturnType<Decoder["decode"]> {
  const recipients: DecodedRecipient[] = [];
  for (let i = 0; i < mail.lines.length; i++) {
    const sent = /^\s*Sent <<< RCPT TO:\s*<?([^\s<>]{1,320}@[^\s<>]{1,255})>?/i.exec(mail.lines[i]!);
    if (!sent) continue;
    const reply = /^\s*Received >>> (.*)$/i.exec(mail.lines[i + 1] ?? "");
    recipients.push({ address: sent[1]!, diagnosticCode: oneLine([reply?.[1] ?? ""]), command: "RCPT" });
  }
  if (recipients.length === 0) {
    // "Unable to deliver message to <address>" without a transcript
    const match = /unable to deliver (?:the )?message to <?([^\s<>]{1,320}@[^\s<>]{1,255})>?[.\s]*(.{0,300})/i.exec(mail.text);
    // InterScan's own sentence when the recipient's server refused the address
    if (match) recipients.push({ address: match[1]!, diagnosticCode: oneLine([match[2]!]), reason: "userunknown" });
  }
  return { recipients };
}

export const trendMicro: Decoder = {
  name: "trendmicro",
  matches: (mail) => /interscan|imsva|trend ?micro/i.test(header(mail, "from")),
  decode: (mail) =>
    trendMicro.matches(mail) || /^[^\S\n]*Sent <<< RCPT TO:|message from interscan messaging security suite/im.test(mail.text.slice(0, 4000))
      ? readTrendMicro(mail)
      : null,
};
