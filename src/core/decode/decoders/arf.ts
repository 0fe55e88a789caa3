// Abuse Reporting Format (RFC 5965): a feedback report about a message, never a bounce; also the
// unsubscribe requests mail clients send on the user's behalf (an opt-out).
// Recipients are the original's recipients (Original-Rcpt-To, else the original's To).
import type { DecodedRecipient, Decoder } from "../decoder.js";
import { header, type BounceMail } from "../mail.js";
import { allAddresses, cleanAddress, isAddress } from "../address.js";
import { headerValue } from "../headers.js";
import { originalFromBytes, originalFromText } from "../original.js";

/**
 * Mail clients that unsubscribe for the user (Apple Mail: "X-Apple-Unsubscribe: true", sent to the
 * List-Unsubscribe address) send an opt-out: feedback from the sender of the request, not an auto-reply.
 */
function readUnsubscribeRequest(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!/^true$/i.test(header(mail, "x-apple-unsubscribe").trim()) || !isAddress(mail.from)) return null;
  return { kind: "feedback", recipients: [{ address: mail.from, action: "", diagnosticCode: "feedback-type=opt-out", reason: "feedback" }] };
}

/**
 * Hotmail's Junk Mail Reporting Program wrote its complaints before ARF existed, and still does in
 * this form: from staff@hotmail.com, Subject "complaint about message from <IP>", the reported message
 * attached alone, no feedback-report part.
 */
function isHotmailComplaint(mail: BounceMail): boolean {
  return mail.from === "staff@hotmail.com" && /^\s*complaint about message from /i.test(mail.subject) && mail.attached !== null;
}

/** Recipients of the reported message: the complaining address Hotmail adds to it, else its To and Cc. */
function reportedMessageRecipients(mail: BounceMail): string[] {
  const original = mail.attached ? originalFromBytes(mail.attached.bytes) : originalFromText(mail.text);
  if (!original) return [];
  const complainant = cleanAddress(headerValue(original.headers, "x-hmxmroriginalrecipient"));
  return isAddress(complainant) ? [complainant] : original.to;
}

function readArf(mail: BounceMail): ReturnType<Decoder["decode"]> {
  const isArf = mail.feedbackReport !== "" || /report-type="?feedback-report/i.test(mail.contentType) || isHotmailComplaint(mail);
  if (!isArf) return readUnsubscribeRequest(mail);
  const report = mail.feedbackReport || mail.text;
  const feedbackType = /^Feedback-Type:\s*([\w-]{1,40})/im.exec(report)?.[1] ?? "abuse";
  const addresses = [...report.matchAll(/^Original-Rcpt-To:\s*(.{1,400})$/gim)].map((m) => cleanAddress(m[1]!)).filter(isAddress);
  if (addresses.length === 0) addresses.push(...reportedMessageRecipients(mail));
  if (addresses.length === 0) addresses.push(...allAddresses(/^Removal-Recipient:\s*(.*)$/im.exec(report)?.[1] ?? ""));
  const source = /^Source-IP:\s*(\S{1,64})/im.exec(report)?.[1] ?? "";
  const recipients: DecodedRecipient[] = addresses.map((address) => ({
    address,
    action: "",
    diagnosticCode: `feedback-type=${feedbackType}${source ? ` source-ip=${source}` : ""}`,
    reason: "feedback",
  }));
  const reportingMta = /^Reporting-MTA:\s*(?:dns;\s*)?(\S{1,255})/im.exec(report)?.[1] ?? "";
  return { kind: "feedback", recipients, reportingMta };
}

export const arf: Decoder = {
  name: "arf",
  matches: (mail: BounceMail) => mail.feedbackReport !== "" || isHotmailComplaint(mail),
  decode: readArf,
};
