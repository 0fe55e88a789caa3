// Own mail: the bounced original is in the person's Sent log, by Message-ID or by recipient and time.
import type { BounceReport, Evidence } from "../../types.js";
import { CLOCK_SKEW_MS, QUEUE_LIFETIME_MS, normalizeAddress, type SentLog } from "../../sentlog.js";
import { valuesOf } from "../fields.js";
import { evidence } from "../evidence.js";
import { recipientAddresses } from "./recipients.js";

/** The original's Message-ID is in the Sent log. */
export const SENT_MESSAGE_ID = -100;
/** A Sent message went to a bounced recipient at the time the original was written or queued. */
export const SENT_RECIPIENT = -80;

/** An original and its Sent copy carry the same Date; an hour allows for a misset clock or zone. */
const SAME_MESSAGE_MS = 3600 * 1000;
const MAX_REFERENCES = 20;

const iso = (ms: number): string => (ms > 0 ? new Date(ms).toISOString() : "");

/** Message-IDs the report is about: its original's, or else the ones the report itself refers to. */
function referencedIds(report: BounceReport): string[] {
  if (report.original?.messageId) return [report.original.messageId];
  return ["references", "in-reply-to"]
    .flatMap((name) => valuesOf(report.envelope.headers, name))
    .flatMap((value) => [...value.matchAll(/<([^<>\s]{1,998})>/g)].map((m) => m[1]!))
    .slice(0, MAX_REFERENCES);
}

/**
 * Matches a bounce with the Sent log. When the original is present with a Date, the Sent copy must carry
 * the same moment (a hijacker writing to the person's contacts does not match); otherwise the Sent message
 * must have gone out at most a mail queue's lifetime before the bounce.
 */
export function sentMatch(report: BounceReport, sent: SentLog): Evidence | null {
  for (const id of referencedIds(report)) {
    const date = sent.sentDateOf(id);
    if (date !== undefined) return evidence("sent_message_id", SENT_MESSAGE_ID, id, iso(date));
  }
  const originalDate = Date.parse(report.original?.date ?? "");
  const bounceDate = Date.parse(report.envelope.date);
  const [from, to] = Number.isFinite(originalDate)
    ? [originalDate - SAME_MESSAGE_MS, originalDate + SAME_MESSAGE_MS]
    : [bounceDate - QUEUE_LIFETIME_MS, bounceDate + CLOCK_SKEW_MS];
  if (!Number.isFinite(from)) return null;
  const recipients = [...report.recipients.flatMap(recipientAddresses), ...(report.original?.to ?? [])].map(normalizeAddress);
  for (const recipient of new Set(recipients)) {
    if (!recipient) continue;
    const date = sent.lastSentToWithin(recipient, from, to);
    if (date !== undefined) return evidence("sent_recipient", SENT_RECIPIENT, recipient, iso(date));
  }
  return null;
}
