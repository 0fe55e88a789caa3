// Microsoft Exchange 2000/2003 (and the older Internet Mail Service) NDR text:
// "Your message ... did not reach the following recipient(s):", then "address on <date>" and the reason
// (for one recipient, older versions write "Did not reach the following recipient: <address>").
import type { DecodedRecipient, Decoder } from "../decoder.js";
import type { BounceMail } from "../mail.js";
import { oneLine } from "../text.js";

const STARTS = /did not reach the following recipients?(?:\(s\))?|could not be delivered to the following recipient|the following recipient\(s\) could not be reached/i;
/** The wording of refusals listed per recipient by the receiving server (a recipient-stage failure). */
const REFUSED_AT_RECIPIENT = /did not reach the following recipients?(?:\(s\))?|could not be delivered to the following recipient/i;
/** The one-recipient wording names the address on the same line: "Did not reach the following recipient: <address>". */
const SAME_LINE = /the following recipient:\s{0,8}<?([^\s<>@]{1,64}@[^\s<>]{1,255}?)>?\s*$/i;

function readExchange2003(mail: BounceMail): ReturnType<Decoder["decode"]> {
  const start = mail.lines.findIndex((line) => STARTS.test(line));
  if (start < 0) return null;
  const command = REFUSED_AT_RECIPIENT.test(mail.lines[start]!) ? "RCPT" : "";
  const recipients: DecodedRecipient[] = [];
  const named = SAME_LINE.exec(mail.lines[start]!);
  let current: DecodedRecipient | null = named ? { address: named[1]!, diagnosticCode: "", ...(command ? { command } : {}) } : null;
  if (current) recipients.push(current);
  for (const line of mail.lines.slice(start + 1, start + 200)) {
    const match = /^\s{0,8}(?:<|"?[^"<]{0,80}"?\s*<)?([^\s<>@]{1,64}@[^\s<>]{1,255}?)>?(?:\s+on\s+.*)?\s*$/i.exec(line);
    // recipients stand at most a tab's width in; their explanations further
    if (match && !/^\s{9,}/.test(line)) {
      current = { address: match[1]!, diagnosticCode: "", ...(command ? { command } : {}) };
      recipients.push(current);
      continue;
    }
    if (/^\S/.test(line) && recipients.length && !current) break;
    if (current && line.trim()) current.diagnosticCode = oneLine([current.diagnosticCode, line]);
    if (line.trim() === "" && current?.diagnosticCode) current = null;
  }
  return { recipients };
}

export const exchange2003: Decoder = {
  name: "exchange2003",
  matches: (mail) => STARTS.test(mail.text.slice(0, 4000)),
  decode: readExchange2003,
};
