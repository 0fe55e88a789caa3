// The ordered list of decoders and the rule for trying them.
import type { DecodedReport, Decoder } from "./decoder.js";
import { mayBeTextBounce } from "./hints.js";
import type { BounceMail } from "./mail.js";
import { activeHunter } from "./decoders/activehunter.js";
import { amavis } from "./decoders/amavis.js";
import { amazonSes } from "./decoders/amazonses.js";
import { amazonWorkMail } from "./decoders/amazonworkmail.js";
import { apacheJames } from "./decoders/apachejames.js";
import { arf } from "./decoders/arf.js";
import { barracuda } from "./decoders/barracuda.js";
import { biglobe } from "./decoders/biglobe.js";
import { courier } from "./decoders/courier.js";
import { docomo } from "./decoders/docomo.js";
import { domino } from "./decoders/domino.js";
import { exchange2003 } from "./decoders/exchange2003.js";
import { exchange2007 } from "./decoders/exchange2007.js";
import { exim } from "./decoders/exim.js";
import { ezweb } from "./decoders/ezweb.js";
import { generic } from "./decoders/generic.js";
import { fml } from "./decoders/fml.js";
import { gmail } from "./decoders/gmail.js";
import { gmx } from "./decoders/gmx.js";
import { googleGroups } from "./decoders/googlegroups.js";
import { hMailServer } from "./decoders/hmailserver.js";
import { iMailServer } from "./decoders/imailserver.js";
import { mailFoundry } from "./decoders/mailfoundry.js";
import { mailMarshal } from "./decoders/mailmarshal.js";
import { mailRu } from "./decoders/mailru.js";
import { mDaemon } from "./decoders/mdaemon.js";
import { mcAfee } from "./decoders/mcafee.js";
import { messagingServer } from "./decoders/messagingserver.js";
import { mimecast } from "./decoders/mimecast.js";
import { notes } from "./decoders/notes.js";
import { openSmtpd } from "./decoders/opensmtpd.js";
import { postfix } from "./decoders/postfix.js";
import { powerMta } from "./decoders/powermta.js";
import { qmail } from "./decoders/qmail.js";
import { rfc3464 } from "./decoders/rfc3464.js";
import { receivingSes } from "./decoders/receivingses.js";
import { rfc3834 } from "./decoders/rfc3834.js";
import { sendGrid } from "./decoders/sendgrid.js";
import { sendmail } from "./decoders/sendmail.js";
import { smail } from "./decoders/smail.js";
import { softBank } from "./decoders/softbank.js";
import { surfControl } from "./decoders/surfcontrol.js";
import { trendMicro } from "./decoders/trendmicro.js";
import { verizon } from "./decoders/verizon.js";
import { x2 } from "./decoders/x2.js";
import { x3 } from "./decoders/x3.js";
import { x6 } from "./decoders/x6.js";
import { yahoo } from "./decoders/yahoo.js";
import { yandex } from "./decoders/yandex.js";
import { zoho } from "./decoders/zoho.js";

/** Format decoders, most specific first. The generic RFC 3464 decoder is tried last. */
export const DECODERS: readonly Decoder[] = [
  // providers and gateways recognised by their sender or their own header fields
  googleGroups, gmail, yahoo, ezweb, docomo, softBank, biglobe, verizon, gmx, mailRu, yandex, zoho, amazonWorkMail,
  amazonSes, receivingSes, sendGrid, mimecast, mcAfee, barracuda, amavis, trendMicro, activeHunter, surfControl, mailMarshal,
  mailFoundry, powerMta,
  // MTA software recognised by its texts
  // hMailServer opens with Exchange 2003's sentence, so it is asked first
  exchange2007, hMailServer, exchange2003, domino, notes, messagingServer, courier,
  // X2 quotes qmail's sentences under its own heading
  x2, qmail, postfix, exim, sendmail, openSmtpd, iMailServer, mDaemon, x3, x6, apacheJames, fml, smail,
];

export interface Decoded {
  decoder: string;
  report: DecodedReport;
}

export interface DecodeOptions {
  /**
   * Names of decoders switched off (Decoder.name): the leave-one-format-out measure runs a format's
   * bounces through the rest of the engine this way.
   */
  without?: ReadonlySet<string>;
}

/**
 * Tries the decoders whose hint matches first (registry order), then the others, then RFC 3464,
 * then the free-form fallback.
 * Text-only formats are not tried on mail that a person plausibly wrote (see hints.ts).
 */
export function decodeReport(mail: BounceMail, options: DecodeOptions = {}): Decoded | null {
  const on = (decoder: Decoder): boolean => !options.without?.has(decoder.name);
  // A feedback report is recognised before anything else: it quotes a message like a bounce does.
  const feedback = on(arf) ? tryDecoder(arf, mail) : null;
  if (feedback) return feedback;
  if (mail.deliveryStatus.length > 0 || mayBeTextBounce(mail)) {
    // hints are checked only until a hinted decoder reads the message
    const unhinted: Decoder[] = [];
    for (const decoder of DECODERS) {
      if (!on(decoder)) continue;
      if (!decoder.matches(mail)) {
        unhinted.push(decoder);
        continue;
      }
      const decoded = tryDecoder(decoder, mail);
      if (decoded) return decoded;
    }
    for (const decoder of [...unhinted, rfc3464, generic].filter(on)) {
      const decoded = tryDecoder(decoder, mail);
      if (decoded) return decoded;
    }
  }
  // Auto-replies last: bounces often carry "Auto-Submitted: auto-replied" too.
  return on(rfc3834) ? tryDecoder(rfc3834, mail) : null;
}

/**
 * A decoder answers when it names recipients; a feedback report is one even when it names none.
 * The time budget is checked before each decoder is tried.
 */
function tryDecoder(decoder: Decoder, mail: BounceMail): Decoded | null {
  mail.work.deadline.check();
  const report = decoder.decode(mail);
  return report && (report.recipients.length > 0 || report.kind === "feedback") ? { decoder: decoder.name, report } : null;
}
