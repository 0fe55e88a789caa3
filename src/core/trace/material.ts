// What a non-bounce's report keeps for the trace engine: the start of its text and the message it carries or quotes,
// only when its author and subject make it a possible notice, look-alike or complaint (trace/screen.ts).
// Ordinary mail keeps nothing beyond its header fields, which the envelope holds anyway.
import type { OriginalMessage } from "../types.js";
import type { BounceMail } from "../decode/mail.js";
import { originalFromBytes, originalFromText } from "../decode/original.js";
import { isComplaintHeader, mayBeProviderNotice } from "./screen.js";

/** Enough of a notice to find its wording; never shown as it is. */
export const MAX_EXCERPT_CHARS = 2000;

const MAX_QUOTED_BLOCKS = 20;

/**
 * The innermost header block quoted in a text: an abuse desk quotes the complainant's mail, which quotes the
 * reported message last. Header blocks start after a blank line with Received, Return-Path or From.
 */
function innermostQuoted(text: string): OriginalMessage | null {
  const starts = [...text.matchAll(/(?:^|\n\s*\n)(?=(?:Received|Return-Path|From):)/g)].map((m) => m.index! + m[0].length);
  for (const start of starts.slice(-MAX_QUOTED_BLOCKS).reverse()) {
    const original = originalFromText(text.slice(start));
    if (original?.from) return original;
  }
  return null;
}

export function traceMaterial(mail: BounceMail): { excerpt?: string; original?: OriginalMessage } {
  const author = mail.headers.find(([name]) => name.toLowerCase() === "from")?.[1] ?? "";
  const notice = mayBeProviderNotice(author, mail.subject);
  const complaint = isComplaintHeader(author, mail.subject);
  if (!notice && !complaint) return {};
  // a forwarded complaint carries the reported message attached, or quotes its header fields in the text
  const original = !complaint ? null : mail.attached ? originalFromBytes(mail.attached.bytes) : innermostQuoted(mail.text);
  return { excerpt: mail.text.slice(0, MAX_EXCERPT_CHARS), ...(original ? { original } : {}) };
}
