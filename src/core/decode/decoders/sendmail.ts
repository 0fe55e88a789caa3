// Sendmail ("Returned mail: see transcript for details", "Warning: could not send message for past 4 hours").
// Usually with a delivery-status part; the transcript gives the remote reply when the DSN lacks it.
import type { DecodedRecipient, Decoder } from "../decoder.js";
import type { BounceMail } from "../mail.js";
import { addressesIn, commandIn, oneLine, splitAtOriginal } from "../text.js";
import { readDsn } from "../dsn.js";

// [^\S\n]: indentation only, so a run of blank lines is not rescanned from each of its line starts
const STARTS = /^[^\S\n]*-{3,} ?(?:the following addresses had permanent fatal errors|transcript of session follows|the following addresses had transient non-fatal errors)/im;
const ORIGINAL = [/^\s*-{3,} ?(?:original message follows|unsent message follows|message header follows|returned message)/i];

/**
 * What a transcript says about each address it names, read in one pass: the last reply lines ("<<< 550 ...")
 * naming the address, else the first reply; the stage is the last command sent (">>> RCPT ..."). A local
 * delivery agent writes its own line before Sendmail's reply ("mail.local: unknown user: neko", then
 * "554 <neko@...>... Service unavailable"): that line is part of the reply, and the stage is the local
 * delivery (LOCAL), where words about the mailbox are final.
 */
interface Transcript {
  /** Per address (lower-cased): its last reply, and the line of the last agent-written reply about it (or -1). */
  about: Map<string, { reply: string; localLine: number }>;
  firstReply: string;
  command: string;
  commandLine: number;
}

function readTranscript(lines: readonly string[]): Transcript {
  const about = new Map<string, { reply: string; localLine: number }>();
  let firstReply = "";
  let command = "";
  let commandLine = -1;
  let agent: string[] = [];
  lines.forEach((line, i) => {
    const sent = /^>>> ?(\w+)/.exec(line);
    if (sent) {
      command = sent[1]!.toUpperCase();
      commandLine = i;
    }
    const received = /^<<< ?(.*)$/.exec(line);
    if (received) {
      firstReply ||= received[1]!;
      addressesIn(line, (key) => about.set(key, { reply: received[1]!, localLine: about.get(key)?.localLine ?? -1 }));
    }
    if (/^\d{3}[ -]/.test(line) && (agent.length > 0 || /^\d{3}[ -]\d\.\d/.test(line))) {
      const reply = [...agent, line].join(" ");
      const local = agent.length > 0;
      addressesIn(line, (key) => about.set(key, { reply, localLine: local ? i : about.get(key)?.localLine ?? -1 }));
    }
    agent = AGENT_OUTPUT.test(line) ? [...agent, line.trim()].slice(-3) : [];
  });
  return { about, firstReply, command, commandLine };
}

/** The reply lines of the transcript about an address, and the stage they answer. */
function transcriptFor(transcript: Transcript, address: string): { reply: string; command: string } {
  const about = transcript.about.get(address.toLowerCase());
  const command = about && about.localLine > transcript.commandLine ? "LOCAL" : transcript.command;
  return { reply: about?.reply ?? transcript.firstReply, command: ["RCPT", "MAIL", "DATA", "LOCAL"].includes(command) ? command : "" };
}

/** A line a local delivery agent wrote into the transcript ("mail.local: unknown user: neko"). */
const AGENT_OUTPUT = /^[a-z][\w.-]{1,30}: \S/i;

function readSendmail(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!sendmail.matches(mail)) return null;
  if (!STARTS.test(mail.text) && mail.deliveryStatus.length === 0) return null;
  const { own, quoted } = splitAtOriginal(mail.lines, ORIGINAL);
  const transcript = readTranscript(own);
  const dsn = readDsn(mail);
  if (dsn && dsn.recipients.length > 0) {
    for (const recipient of dsn.recipients) {
      // the transcript is about failures: a relayed, expanded or delivered recipient has none in it
      if (recipient.status?.startsWith("2") || (recipient.action && recipient.action !== "failed" && recipient.action !== "delayed")) continue;
      const { reply, command } = transcriptFor(transcript, recipient.address);
      // without a Diagnostic-Code field, the transcript says more than the line naming the address
      if ((!recipient.diagnosticType || !recipient.diagnosticCode) && reply) recipient.diagnosticCode = reply;
      recipient.command ||= command || commandIn(recipient.diagnosticCode);
    }
    return { ...dsn, quotedOriginal: quoted };
  }
  const recipients: DecodedRecipient[] = [];
  const delayed = /transient non-fatal errors|could not send message for past/i.test(mail.subject + "\n" + own.join("\n"));
  for (let i = 0; i < own.length; i++) {
    const match = /^<?([^<>\s]{1,320}@[^<>\s]{1,255})>?(?:\.{3}\s*(.*))?$/.exec(own[i]!.trim());
    if (!match || !/errors -{3,}/i.test(own.slice(Math.max(0, i - 6), i).join("\n"))) continue;
    const address = match[1]!;
    const reason = /^\s*\(reason: (.*)\)\s*$/.exec(own[i + 1] ?? "");
    const { reply, command } = transcriptFor(transcript, address);
    const recipient: DecodedRecipient = { address, diagnosticCode: oneLine([reply || reason?.[1] || match[2] || ""]), command };
    if (delayed) recipient.action = "delayed";
    recipients.push(recipient);
  }
  return { recipients, quotedOriginal: quoted };
}

export const sendmail: Decoder = {
  name: "sendmail",
  matches: (mail) => /^(?:returned mail: |warning: could not send message for past)/i.test(mail.subject.trim()) || STARTS.test(mail.text.slice(0, 4000)),
  decode: readSendmail,
};
