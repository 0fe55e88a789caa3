// Hostile inputs that once made decoding grow faster than their size (the fixing commit named beside each),
// as generators of a size. `make(1)` and `make(8)` stay below the decoder's bounds on the text where the input
// allows (1 MiB and 20,000 lines of text, 256 KiB of HTML; lines are cut at 4,096 characters), so that the growth
// of the work shows; `make(fullScale)` is the message as first reported, past the bounds. Shared by
// test/decode/hostile.test.ts (records and growth) and bench/hostile-shapes.mjs (time).

const encoder = new TextEncoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);

/** The opening of a qmail failure notice, up to its first recipient. */
export const QMAIL_HEAD = "From: MAILER-DAEMON@mx.example.net\nSubject: failure notice\nTo: me@example.org\n\n" +
  "Hi. This is the qmail-send program at mx.example.net.\nI'm afraid I wasn't able to deliver your message to the following addresses.\n\n";

export interface GrowingInput {
  name: string;
  make(scale: number): Uint8Array;
  fullScale: number;
}

export const GROWING: readonly GrowingInput[] = [
  {
    name: "long-line",
    make: (scale) => bytes(QMAIL_HEAD + "<u@example.com>:\n" + "a".repeat(100_000 * scale) + "\n\n--- Below this line is a copy of the message.\n\nSubject: x\n"),
    fullScale: 50,
  },
  {
    // addresses-to-be, dots and spaces: the shapes that make address patterns backtrack
    name: "address-like-runs",
    make: (scale) => bytes(QMAIL_HEAD + ("a.".repeat(6_000 * scale) + "@" + "b-".repeat(6_000 * scale) + " ").repeat(3) + "\n" + " \t".repeat(12_000 * scale) + "\n550 5.1.1 unknown\n"),
    fullScale: 9,
  },
  {
    // a notice of no known format naming many addresses: the generic decoder's lines
    name: "generic-many-addresses",
    make: (scale) => {
      const lines = Array.from({ length: 1_500 * scale }, (_, i) => `user${i}@example${i % 97}.net: 550 5.1.1 unknown user <user${i}@example${i % 97}.net>`);
      return bytes("From: MAILER-DAEMON@mx.example.net\nSubject: Notice\nTo: me@example.org\n\nDelivery failed for:\n" + lines.join("\n") + "\n");
    },
    fullScale: 134,
  },
  // 2332b31: line-anchored patterns starting with \s* rescanned a run of blank lines from each of its line starts
  ...["Returned mail: see transcript for details", "Undelivered Mail Returned to Sender"].map((subject, i) => ({
    name: `blank-lines-${i ? "postfix" : "sendmail"}`,
    make: (scale: number) => bytes(`From: MAILER-DAEMON@mx.example.net\nSubject: ${subject}\n\n` + "\n".repeat(1_500 * scale) + " \n".repeat(500 * scale) + "x\n"),
    fullScale: 200,
  })),
  // 9a67739: tag patterns re-read up to 2000 characters after every "<" of an HTML-only notice
  ...["<", "<br ", "</p x"].map((stray, i) => ({
    name: `html-stray-${["lt", "br", "p"][i]}`,
    make: (scale: number) => bytes("From: MAILER-DAEMON@mx.example.net\nSubject: Undeliverable\nContent-Type: text/html\n\n" + stray.repeat(Math.round(30_000 / stray.length) * scale) + "\n"),
    fullScale: 67,
  })),
  {
    // 76d9e99: an unanchored /-{3,} ?heading/ tried every start in a run of dashes, each running to its end
    // (the Content-Type makes it a notice of Active!hunter, whose decoder reads such headings)
    name: "dash-lines",
    make: (scale) => bytes("From: MAILER-DAEMON@mx.example.net\nSubject: Returned mail: see transcript\nContent-Type: text/plain; x-mailer=\"Active!hunter\"\n\n" +
      ("-".repeat(400 * scale) + "x\n").repeat(250) + "<u@example.com>:\n550 5.1.1 unknown\n"),
    fullScale: 10,
  },
  {
    // cba75b3: a multipart report full of near-boundary lines, its last part unterminated base64
    name: "near-boundaries",
    make: (scale) => bytes('From: MAILER-DAEMON@mx.example.net\nSubject: failure notice\nContent-Type: multipart/mixed; boundary="b"\n\n--b\n' +
      "Content-Type: text/plain\n\nHi. This is the qmail-send program at mx.example.net.\n\n<u@example.com>:\nSorry, no mailbox here by that name. (#5.1.1)\n" +
      "--b-not-quite\n--b x\n-- b\n".repeat(500 * scale) + "--b\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n" + "QUJD\n".repeat(800 * scale)),
    fullScale: 120,
  },
];
