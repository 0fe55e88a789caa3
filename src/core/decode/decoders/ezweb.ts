// KDDI au / EZweb (Japan): "Mail System Error - Returned Mail" from Postmaster@ezweb.ne.jp (or the
// au one domains) listing "<address>" lines (or "<address>: reason") and a fixed English sentence or a
// Japanese explanation;
// the newer au format says "Could not be delivered to: <address>" and the reason on the next line.
import type { DecodedRecipient, Decoder } from "../decoder.js";
import type { BounceMail } from "../mail.js";
import { oneLine, splitAtOriginal } from "../text.js";
import { readDsn } from "../dsn.js";

const CARRIER = /@(?:[\w-]+\.)*(?:ezweb\.ne\.jp|au\.com|auone\.jp|ezw[\w.-]*|auone[\w.-]*)$/i;

function readEzweb(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!ezweb.matches(mail)) return null;
  const dsn = readDsn(mail);
  if (dsn) {
    // the carrier's own sentence says more than the relayed "user unknown"
    if (/the user\(s\) account is disabled/i.test(mail.text)) for (const r of dsn.recipients) r.reason = "suspend";
    return dsn;
  }
  const { own, quoted } = splitAtOriginal(mail.lines, [/^-{20,}\s*$/, /^Content-Type: message\/rfc822/i]);
  const explanation = oneLine(own.filter((line) => !/<[^>]{1,320}@[^>]{1,255}>/.test(line)));
  const recipients: DecodedRecipient[] = [];
  for (let i = 0; i < own.length; i++) {
    // "<address>" alone, "Could not be delivered to: <address>" (reason on the next line), or "<address>: reason"
    const match = /^\s*(?:could not be delivered to:\s*)?<([^\s<>]{1,320}@[^\s<>]{1,255})>(?:\s*:\s*(\S.{0,500}))?\s*$/i.exec(own[i]!);
    if (!match) continue;
    const next = (own[i + 1] ?? "").trim();
    const diagnosticCode = match[2]?.trim() || (/could not be delivered/i.test(own[i]!) && next ? next : explanation);
    recipients.push({ address: match[1]!, diagnosticCode, ...(/rejected by a remote mail server|受信拒否/i.test(diagnosticCode) ? { reason: "filtered" as const } : {}) });
  }
  return { recipients, quotedOriginal: quoted };
}

export const ezweb: Decoder = {
  name: "ezweb",
  matches: (mail) => CARRIER.test(mail.from),
  decode: readEzweb,
};
