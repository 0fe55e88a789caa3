// What a non-bounce's report keeps for the trace engine: the start of its text and the message it carries,
// only when its author and subject make it a possible notice, look-alike or complaint (trace/screen.ts).
// Ordinary mail keeps nothing beyond its header fields, which the envelope holds anyway.
import type { OriginalMessage } from "../types.js";
import type { BounceMail } from "../decode/mail.js";
import { originalFromBytes } from "../decode/original.js";
import { isComplaintHeader, mayBeProviderNotice } from "./screen.js";

/** Enough of a notice to find its wording; never shown as it is. */
export const MAX_EXCERPT_CHARS = 2000;

export function traceMaterial(mail: BounceMail): { excerpt?: string; original?: OriginalMessage } {
  const author = mail.headers.find(([name]) => name.toLowerCase() === "from")?.[1] ?? "";
  const notice = mayBeProviderNotice(author, mail.subject);
  const complaint = isComplaintHeader(author, mail.subject);
  if (!notice && !complaint) return {};
  const original = complaint && mail.attached ? originalFromBytes(mail.attached.bytes) : null;
  return { excerpt: mail.text.slice(0, MAX_EXCERPT_CHARS), ...(original ? { original } : {}) };
}
