// Postfix bounce ("Undelivered Mail Returned to Sender"; delays: "Delayed Mail (still being retried)").
// Usually a multipart/report with a delivery-status part; older or rewritten ones carry only the text
// "<address>: host ... said: 550 ... (in reply to RCPT TO command)".
import type { DecodedRecipient, Decoder } from "../decoder.js";
import type { BounceMail } from "../mail.js";
import { addressBlocks, commandIn, oneLine, splitAtOriginal } from "../text.js";
import { readDsn } from "./rfc3464.js";

const STARTS = /this is the mail system at host|the mail system\b|postfix program|this is the postfix program/i;
const ORIGINAL = [/^-{3,}\s*(?:the )?(?:original|undelivered) message/i, /^Content-Description: Undelivered Message/i];
const BLOCK = /^<([^<>\s]{1,320}@[^<>\s]{1,255})>(?: \(expanded from <[^>]{0,320}>\))?:\s*(.*)$/;

function readPostfix(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!postfix.matches(mail)) return null;
  const { own, quoted } = splitAtOriginal(mail.lines, ORIGINAL);
  const blocks = addressBlocks(own, BLOCK);
  const texts = new Map(blocks.map((block) => [block.address.toLowerCase(), oneLine(block.lines)]));
  const dsn = readDsn(mail);
  if (dsn && dsn.recipients.length > 0) {
    for (const recipient of dsn.recipients) {
      const text = texts.get(recipient.address.toLowerCase());
      if (text && (!recipient.diagnosticCode || recipient.diagnosticCode.length < 8)) recipient.diagnosticCode = text;
      recipient.command ||= commandIn(text ?? recipient.diagnosticCode);
    }
    return { ...dsn, quotedOriginal: quoted };
  }
  if (!STARTS.test(mail.text)) return null;
  const delayed = /delayed mail|still being retried|will not be returned|delivery attempts will continue/i.test(mail.subject + "\n" + own.join("\n"));
  const recipients: DecodedRecipient[] = blocks.map((block) => {
    const diagnosticCode = oneLine(block.lines);
    const recipient: DecodedRecipient = { address: block.address, diagnosticCode, command: commandIn(diagnosticCode) };
    if (delayed) recipient.action = "delayed";
    return recipient;
  });
  const host = /mail system at host ([^\s.]+(?:\.[^\s.]+)*)/i.exec(mail.text);
  return { recipients, reportingMta: host ? host[1]! : "", quotedOriginal: quoted };
}

export const postfix: Decoder = {
  name: "postfix",
  matches: (mail) =>
    /^(?:undelivered mail returned to sender|delayed mail \(still being retried\)|successful mail delivery report)/i.test(mail.subject.trim()) ||
    STARTS.test(mail.text.slice(0, 2000)),
  decode: readPostfix,
};
