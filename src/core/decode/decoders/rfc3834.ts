// Automatic replies (RFC 3834 Auto-Submitted: auto-replied, vacation and out-of-office notices).
// Never a bounce; the recipient is the person who replied automatically.
import type { Decoder } from "../decoder.js";
import { fromLooksLikeMta, subjectLooksLikeBounce } from "../hints.js";
import { header, type BounceMail } from "../mail.js";

const AUTO_SUBJECT = /^\s*(?:auto(?:matic|matische)?[ -]?(?:reply|response|antwort|réponse)|auto:|autoreply|out of (?:the )?office|on vacation|vacation|away from|abwesenheit|absence|réponse automatique|respuesta automática|resposta automática|risposta automatica|automatisch antwoord|автоматический ответ|自動応答|自動返信|自动回复|自動回覆|不在)/i;

function isAutoReply(mail: BounceMail): boolean {
  const autoSubmitted = header(mail, "auto-submitted").toLowerCase();
  if (autoSubmitted.startsWith("auto-replied")) return true;
  if (header(mail, "x-autoreply") || header(mail, "x-autorespond") || header(mail, "x-autoresponder")) return true;
  if (/^auto[_-]?reply$/i.test(header(mail, "precedence").trim())) return true;
  if (/^(?:oof|autoreply)/i.test(header(mail, "x-auto-response-suppress")) && AUTO_SUBJECT.test(mail.subject)) return true;
  return AUTO_SUBJECT.test(mail.subject);
}

/** A program's reply address: autoresponders send from it as often as mail systems do. */
const NO_REPLY = /^(?:no-?reply|do-?not-?reply|donotreply)(?:[+._-][^@]*)?@/i;

/**
 * A mail system's "auto-replied" notice is a failed bounce in an unknown format, not a vacation reply;
 * from a no-reply address it is one only when its subject reads like a bounce.
 */
function fromMailSystem(mail: BounceMail): boolean {
  return fromLooksLikeMta(mail) && (!NO_REPLY.test(mail.from) || subjectLooksLikeBounce(mail));
}

function readAutoReply(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!isAutoReply(mail) || !mail.from || fromMailSystem(mail)) return null;
  const firstLine = mail.lines.find((line) => line.trim() !== "") ?? "";
  return {
    kind: "autoreply",
    recipients: [{ address: mail.from, action: "", diagnosticCode: firstLine.trim().slice(0, 300), reason: "vacation" }],
  };
}

export const rfc3834: Decoder = {
  name: "rfc3834",
  matches: (mail) => header(mail, "auto-submitted").toLowerCase().startsWith("auto-replied"),
  decode: readAutoReply,
};
