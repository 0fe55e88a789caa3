// fml (a Japanese mailing-list manager): its administrator address answers posts it refuses, with
// an X-MLServer field naming fml and subjects such as "You ... are not member (list ML)" or
// "Loop Alert: ... (list ML)". The recipient is the list address the text names in angle brackets.
import { allAddresses } from "../address.js";
import type { Reason } from "../../types.js";
import type { Decoder } from "../decoder.js";
import { header, type BounceMail } from "../mail.js";
import { oneLine, splitAtOriginal } from "../text.js";

/** fml's fixed subjects and sentences, and what they mean. */
const REASONS: ReadonlyArray<readonly [RegExp, Reason]> = [
  [/\bare not (?:a )?member|not a member of this mailing list|is not member/i, "rejected"],
  [/loop alert|duplicated message-id|mail loop/i, "systemerror"],
  [/security alert|cannot be accepted for security reasons/i, "securityerror"],
  [/command error|unknown command|syntax error/i, "syntaxerror"],
];

function matches(mail: BounceMail): boolean {
  return /\bfml\b/i.test(header(mail, "x-mlserver")) && /\([^()]{1,80} ML\)\s*$/.test(mail.subject);
}

function readFml(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!matches(mail)) return null;
  const { own, quoted } = splitAtOriginal(mail.lines, [/^\s*original mail as follows:?\s*$/i]);
  const text = own.join("\n");
  const reason = REASONS.find(([pattern]) => pattern.test(mail.subject) || pattern.test(text))?.[1];
  if (!reason) return null;
  const listed = /<([^<>\s]{1,320}@[^<>\s]{1,255})>/.exec(text)?.[1] ?? allAddresses(header(mail, "x-ml-name"))[0];
  if (!listed) return null;
  return { recipients: [{ address: listed, diagnosticCode: oneLine(own.slice(0, 4)), reason }], quotedOriginal: quoted };
}

export const fml: Decoder = { name: "fml", matches, decode: readFml };
