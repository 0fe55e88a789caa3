// Exim bounce ("Mail delivery failed: returning message to sender") and delay warning
// ("Warning: message ... delayed ..."). Recipients are indented two spaces; their explanation four.
import type { DecodedRecipient, Decoder } from "../decoder.js";
import type { BounceMail } from "../mail.js";
import { addressBlocks, commandIn, oneLine, splitAtOriginal } from "../text.js";
import { readDsn } from "./rfc3464.js";

const STARTS = /this message was created automatically by mail delivery software|a message that you sent (?:could not be delivered|has not yet been delivered)/i;
const ORIGINAL = [
  /^-{3,} ?this is a copy of (?:the|your) message/i,
  /^-{3,} ?the (?:header of the )?original message (?:is|was) /i,
  /^-{3,} ?(?:original message|message text) follows/i,
];
const BLOCK = /^ {2}<?([^<>\s:]{1,320}@[^<>\s:]{1,255})>?:?(?:\s+<[^>]{1,320}>)?\s*(.*)$/;

function readExim(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!STARTS.test(mail.text)) return null;
  const { own, quoted } = splitAtOriginal(mail.lines, ORIGINAL);
  const ownText = own.join("\n");
  const delayed = /has not yet been delivered|delayed|will try again|no action is required on your part/i.test(mail.subject + "\n" + ownText) &&
    !/permanent error/i.test(ownText);
  const start = own.findIndex((line) => /following address(?:\(es\))? (?:failed|deferred)|address\(es\) deferred|recipients\. (?:this is a permanent error|the following address)/i.test(line));
  const blocks = addressBlocks(start >= 0 ? own.slice(start + 1) : own, BLOCK);
  const recipients: DecodedRecipient[] = blocks.map((block) => {
    const diagnosticCode = oneLine(block.lines.filter((line) => !/^\s*\(generated from /i.test(line)));
    const recipient: DecodedRecipient = { address: block.address, diagnosticCode, command: commandIn(diagnosticCode) };
    if (delayed) recipient.action = "delayed";
    return recipient;
  });
  const dsn = readDsn(mail);
  if (dsn && dsn.recipients.length > 0 && recipients.length === 0) return { ...dsn, quotedOriginal: quoted };
  const host = /^Reporting-MTA:\s*dns;\s*(\S+)/im.exec(mail.deliveryStatus.join("\n"));
  return { recipients, reportingMta: host ? host[1]! : "", quotedOriginal: quoted };
}

export const exim: Decoder = {
  name: "exim",
  matches: (mail) => /^(?:mail delivery failed|warning: message .{1,80} delayed)/i.test(mail.subject.trim()) || STARTS.test(mail.text.slice(0, 2000)),
  decode: readExim,
};
