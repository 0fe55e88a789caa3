// MDaemon (and SecurityGateway, its gateway sibling): "The attached message had PERMANENT fatal delivery
// errors", then the SMTP session as a transcript between "--- Session Transcript ---" and "--- End Transcript ---"
// ("--> " lines are MDaemon's commands, "<-- " lines the remote replies). The transcript also holds the replies
// that succeeded, so the failure is the last reply, or the last line when the session ended before one
// (a DNS failure, a refused connection).
import { firstAddress } from "../address.js";
import type { Decoder } from "../decoder.js";
import { header, type BounceMail } from "../mail.js";
import { commandIn, findLine } from "../text.js";

const NOTICE = /the attached message had permanent fatal delivery errors/i;
const TRANSCRIPT_START = /^\s*-{2,}\s*session transcript\s*-{2,}\s*$/i;
const TRANSCRIPT_END = /^\s*-{2,}\s*end transcript\s*-{2,}\s*$/i;
/** The time stamp MDaemon writes before each transcript line ("Tue 2025-07-15 10:30:05.120: "). */
const STAMP = /^\s*(?:[A-Z][a-z]{2}\s+)?\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}:\d{2}(?:\.\d{1,6})?:\s?/;
/** Transcript lines read at most (a session is a few dozen lines). */
const MAX_TRANSCRIPT_LINES = 300;

function readMDaemon(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!NOTICE.test(mail.text.slice(0, 5000))) return null;
  const start = findLine(mail.lines, [TRANSCRIPT_START]);
  if (start < 0) return null;
  const session: string[] = [];
  for (let i = start + 1; i < mail.lines.length && session.length < MAX_TRANSCRIPT_LINES; i++) {
    const line = mail.lines[i]!;
    if (TRANSCRIPT_END.test(line)) break;
    const entry = line.replace(STAMP, "").trim();
    if (entry) session.push(entry);
  }
  // the recipient: the last RCPT command sent, else the "*  To:" line of the parsed message
  let address = "";
  for (const entry of session) {
    const rcpt = /^-->\s*RCPT\s+TO:\s*(.{1,300})$/i.exec(entry);
    const parsed = /^\*\s*To:\s*(.{1,300})$/i.exec(entry);
    if (rcpt) address = firstAddress(rcpt[1]!);
    else if (parsed && !address) address = firstAddress(parsed[1]!);
  }
  if (!address) return null;
  // the failing reply: the last one the remote server gave, when it refused; the command before it
  let diagnosticCode = "";
  let command = "";
  for (let i = session.length - 1; i >= 0 && !diagnosticCode; i--) {
    const reply = /^<--\s*([45]\d\d[\s-].{0,2000})$/.exec(session[i]!);
    if (!reply) continue;
    diagnosticCode = reply[1]!.trim();
    for (let j = i - 1; j >= 0 && !command; j--) {
      const sent = /^-->\s*([A-Za-z]{4})\b/.exec(session[j]!);
      if (sent) command = sent[1]!.toUpperCase();
    }
  }
  if (!diagnosticCode) {
    const last = session[session.length - 1] ?? "";
    diagnosticCode = last.replace(/^\*\s*/, "");
    command = commandIn(diagnosticCode);
  }
  return { recipients: [{ address, diagnosticCode, ...(command ? { command } : {}) }] };
}

export const mDaemon: Decoder = {
  name: "mdaemon",
  matches: (mail) => /^yes$/i.test(header(mail, "x-mddsn-message").trim()) || NOTICE.test(mail.text.slice(0, 5000)),
  decode: readMDaemon,
};
