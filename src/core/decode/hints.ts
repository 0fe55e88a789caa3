// Cheap signals that a message was written by a mail system rather than a person.
import { header, type BounceMail } from "./mail.js";

const MTA_SENDER = /^(?:mailer-daemon|mail-daemon|mailerdaemon|postmaster|post_master|mail\.?delivery\.?(?:system|subsystem)?|mdaemon|mailadmin|mail-admin|bounces?|bounce-notification|no-?reply|nobody|smtp|mta|daemon|root|mailmaster|mail_delivery_system|microsoftexchange[0-9a-f]*|notification|notifications?)(?:[+._-][^@]*)?@/i;

/** Subjects that bounce and delay notices use, in several languages. */
const BOUNCE_SUBJECT = new RegExp(
  [
    "failure notice", "undeliver", "undelivered", "delivery status notification", "returned mail", "return(?:ed)? to sender",
    "mail delivery fail", "delivery fail", "delivery problem", "delivery notification", "non[- ]?delivery", "ndn",
    "could not send", "mail system error", "warning: message .{0,80} delayed", "delayed mail", "delivery delayed",
    "message delayed", "delivery report", "mail delivery", "rejected", "returned", "bounce", "nondeliverable",
    "not delivered", "unzustellbar", "nicht zustellbar", "non remis", "non recapitabile", "no entregado",
    "onbestelbaar", "niedostarczon", "配信不能", "未達", "配送エラー", "送信エラー", "エラー", "返送", "届きません",
    "delivery has failed", "message you sent blocked", "message blocked", "dsn", "error sending",
    "no se puede entregar", "não é possível entregar", "недоставлен", "не доставлено", "退信", "投递失败",
    "无法投递", "无法送达", "未送达",
  ].join("|"),
  "i",
);

const REPLY_OR_FORWARD = /^\s*(?:re|fw|fwd|aw|wg|tr|rv|sv|vs|antw|转发|回复|答复|転送)\s*(?:\[\d{1,4}\])?\s*[:：]/i;

/** The From address is a mail system's (mailer-daemon, postmaster, ...). */
export function fromLooksLikeMta(mail: BounceMail): boolean {
  return MTA_SENDER.test(mail.from);
}

/** From a mail system, or sent with a null reverse path as notifications are. */
export function senderLooksLikeMta(mail: BounceMail): boolean {
  if (fromLooksLikeMta(mail)) return true;
  // a mailing-list manager answering for the list (fml's administrator address)
  if (/\bfml\b/i.test(header(mail, "x-mlserver"))) return true;
  const returnPath = header(mail, "return-path").trim();
  return returnPath === "<>" || /^<?mailer-daemon(?:@[^>]*)?>?$/i.test(returnPath);
}

export function subjectLooksLikeBounce(mail: BounceMail): boolean {
  return BOUNCE_SUBJECT.test(mail.subject.slice(0, 300));
}

export function isReplyOrForward(mail: BounceMail): boolean {
  return REPLY_OR_FORWARD.test(mail.subject);
}

/** Text-only formats are read only from messages that a mail system plausibly wrote. */
export function mayBeTextBounce(mail: BounceMail): boolean {
  if (isReplyOrForward(mail) && !senderLooksLikeMta(mail)) return false;
  return senderLooksLikeMta(mail) || subjectLooksLikeBounce(mail);
}

/**
 * A list manager's notice to the list's owner (Mailman's "Uncaught bounce notification", list software sending
 * from the list's -owner/-admin/-bounces address with its List-Id): a bounce it attaches was about the list's mail,
 * not the owner's.
 */
export function isListOwnerNotice(mail: BounceMail): boolean {
  const listSoftware = header(mail, "list-id") !== "" || header(mail, "x-mailman-version") !== "" || header(mail, "x-beenthere") !== "";
  return listSoftware && /^[^@]{1,64}-(?:owner|admin|bounces|request)@/i.test(mail.from);
}
