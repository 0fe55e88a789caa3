// Postfix bounce ("Undelivered Mail Returned to Sender"; delays: "Delayed Mail (still being retried)").
// Usually a multipart/report with a delivery-status part; older or rewritten ones carry only the text
// "<address>: host ... said: 550 ... (in reply to RCPT TO command)".
import type { DecodedRecipient, Decoder } from "../decoder.js";
import type { BounceMail } from "../mail.js";
import { addressBlocks, commandIn, oneLine, splitAtOriginal } from "../text.js";
import { originalFromBytes, originalFromText } from "../original.js";
import { readDsn } from "../dsn.js";

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
  if (SMTPD_SUBJECT.test(mail.subject.trim())) return readSmtpdTranscript(mail);
  if (!STARTS.test(mail.text)) return null;
  if (blocks.length === 0 && /^[^\S\n]*-{3} delivery report unavailable -{3}\s*$/im.test(mail.text)) return unavailableReport(mail, quoted);
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

/**
 * "--- Delivery report unavailable ---": Postfix lost its log of the failure; the recipients are the
 * attached original's, and nothing is known about why.
 */
function unavailableReport(mail: BounceMail, quoted: string): ReturnType<Decoder["decode"]> {
  const original = mail.attached ? originalFromBytes(mail.attached.bytes) : originalFromText(quoted);
  return { recipients: (original?.to ?? []).map((address) => ({ address, diagnosticCode: "" })), quotedOriginal: quoted };
}

/**
 * The notice Postfix's SMTP server sends the postmaster about a session that failed ("Postfix SMTP
 * server: errors from ..."): the recipients are the RCPT TO commands of the transcript, the error is
 * the last 4xx/5xx reply, and the command before that reply is the stage.
 */
function readSmtpdTranscript(mail: BounceMail): ReturnType<Decoder["decode"]> {
  const addresses: string[] = [];
  let command = "";
  let lastCommand = "";
  let error = "";
  for (const line of mail.lines.slice(0, 2000)) {
    const sent = /^\s*In:\s+([A-Za-z]{4})\b(.*)$/.exec(line);
    if (sent) {
      lastCommand = sent[1]!.toUpperCase();
      const rcpt = /^\s*TO:\s*<([^<>\s]{1,320}@[^<>\s]{1,255})>/i.exec(sent[2]!);
      if (lastCommand === "RCPT" && rcpt) addresses.push(rcpt[1]!);
      continue;
    }
    const reply = /^\s*Out:\s+([45]\d\d[ -].*)$/.exec(line);
    if (reply) {
      error = reply[1]!.trim();
      command = lastCommand;
    }
  }
  if (!error) return null;
  return { recipients: addresses.map((address) => ({ address, diagnosticCode: error, command })) };
}

const SMTPD_SUBJECT = /^postfix smtp server: errors from /i;

export const postfix: Decoder = {
  name: "postfix",
  matches: (mail) =>
    /^(?:undelivered mail returned to sender|delayed mail \(still being retried\)|successful mail delivery report)/i.test(mail.subject.trim()) ||
    SMTPD_SUBJECT.test(mail.subject.trim()) ||
    STARTS.test(mail.text.slice(0, 2000)),
  decode: readPostfix,
};
