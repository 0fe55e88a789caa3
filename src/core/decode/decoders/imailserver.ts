// Ipswitch IMail Server (X-Mailer: <SMTP32 ...>): "<reason>: address" lines, then "Original message follows."
// Its other notice copies the message's own header fields under "Save to the following Address Book:",
// names the recipient in "undeliverable to <address>" and the remote reply under "... generated response:".
// Bounds: work linear in the notice's lines (each bounded by mail.ts). The lines are read once for the
// recipients, each recipient reads at most the 6 lines after its own, and the "... response:" heading is
// looked for once per message, not once per recipient (a notice repeating "undeliverable to" thousands of
// times made that recipients x lines).
import type { DecodedRecipient, Decoder } from "../decoder.js";
import { header, type BounceMail } from "../mail.js";
import { oneLine, splitAtOriginal } from "../text.js";

const REASON_LINE = /^(?:([^:@]{2,80}):|(undeliverable to))\s*<?([^\s<>@]{1,64}@[^\s<>]{1,255}?)>?\s*$/i;
/** Header fields of the address book block, which are not reasons. */
const ADDRESS_BOOK_FIELD = /^(?:to|cc|bcc|from|reply-to|sender)$/i;

/** Non-blank lines after a "... response:" heading (the remote server's reply). */
function responseLines(own: readonly string[]): string[] {
  const at = own.findIndex((line) => /response:\s*$/i.test(line));
  if (at < 0) return [];
  const lines: string[] = [];
  for (let j = at + 1; j < own.length && own[j]!.trim() !== "" && lines.length < 6; j++) lines.push(own[j]!);
  return lines;
}

function readIMail(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!iMailServer.matches(mail)) return null;
  const { own, quoted } = splitAtOriginal(mail.lines, [/^\s*original message follows\.?/i]);
  const recipients: DecodedRecipient[] = [];
  let response: string[] | undefined;
  for (let i = 0; i < own.length; i++) {
    const match = REASON_LINE.exec(own[i]!);
    if (!match || (match[1] && ADDRESS_BOOK_FIELD.test(match[1].trim()))) continue;
    const details: string[] = [];
    for (let j = i + 1; j < own.length && own[j]!.trim() !== "" && details.length < 6; j++) details.push(own[j]!);
    const reason = match[1] ? [match[1], ...details] : details.length ? details : (response ??= responseLines(own));
    recipients.push({ address: match[3]!, diagnosticCode: oneLine(reason), command: "RCPT" });
  }
  return { recipients, quotedOriginal: quoted };
}

export const iMailServer: Decoder = {
  name: "imailserver",
  matches: (mail) => /^<?SMTP32 v/i.test(header(mail, "x-mailer")),
  decode: readIMail,
};
