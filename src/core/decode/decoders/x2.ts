// A qmail-derived format of several providers (Sisimai's "X2"): "Unable to deliver message to the
// following address(es)." with "<address>:" blocks, then "--- Original message follows.".
import type { Decoder } from "../decoder.js";
import type { BounceMail } from "../mail.js";
import { addressBlocks, oneLine, splitAtOriginal } from "../text.js";

const STARTS = /unable to deliver message to the following address(?:\(es\))?|delivery to the following recipients? (?:was aborted|failed)/i;

function readX2(mail: BounceMail): ReturnType<Decoder["decode"]> {
  if (!STARTS.test(mail.text)) return null;
  const { own, quoted } = splitAtOriginal(mail.lines, [/^-{2,} ?(?:original message follows|below this line is a copy)/i]);
  const blocks = addressBlocks(own, /^<([^<>\s]{1,320}@[^<>\s]{1,255})>:?\s*(.*)$/);
  const expired = /in the queue too long/i;
  return {
    recipients: blocks.map((b) => {
      const diagnosticCode = oneLine(b.lines);
      return { address: b.address, diagnosticCode, ...(expired.test(diagnosticCode) ? { reason: "expired" as const } : {}) };
    }),
    quotedOriginal: quoted,
  };
}

export const x2: Decoder = {
  name: "x2",
  matches: (mail) => STARTS.test(mail.text.slice(0, 2000)),
  decode: readX2,
};
