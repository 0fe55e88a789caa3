// Structural generators for the hostile shapes of issue 14: ordinary-sized messages (0.5-2.4 MB) whose
// structure makes work grow with the number of blocks, parts, lines or nesting levels. Deterministic: every
// shape is a function of a seeded random source. Used by the fuzz suite (scripts/fuzz.mjs) and by the
// hostile-input tests.

/** A small deterministic random source (mulberry32). */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [low, high]. */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

const encoder = new TextEncoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);

/** Repeats `make(i)` until the text reaches `size` characters. */
function fill(size: number, make: (i: number) => string): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const part = make(i);
    parts.push(part);
    length += part.length;
  }
  return parts.join("");
}

const STATUSES = ["5.1.1", "5.2.2", "4.4.7", "5.7.1", "5.0.0", "4.2.0", "5.4.4"];
const REPLIES = [
  "550 5.1.1 <{a}>: Recipient address rejected: User unknown in virtual mailbox table",
  "552 5.2.2 Mailbox full; please try again later",
  "421 4.4.2 Connection timed out",
  "554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org",
  "550 Requested action not taken: mailbox unavailable",
];

const address = (random: Random, i: number): string => `user${i}.${random.int(0, 99999)}@d${i % 97}.example.com`;

const head = (subject: string, contentType: string): string =>
  "Return-Path: <>\nFrom: MAILER-DAEMON@mx.example.net (Mail Delivery System)\nTo: me@example.org\n" +
  `Subject: ${subject}\nDate: Mon, 3 Mar 2025 10:00:00 +0000\nMessage-Id: <bounce@mx.example.net>\nMIME-Version: 1.0\n` +
  `Content-Type: ${contentType}\n\n`;

const ORIGINAL = "Return-Path: <me@example.org>\nReceived: from pc.example.org by mx.example.org; Mon, 3 Mar 2025 09:59:00 +0000\n" +
  "Message-ID: <original@example.org>\nFrom: me@example.org\nTo: someone@example.com\nSubject: hello\nDate: Mon, 3 Mar 2025 09:59:00 +0000\n\nbody\n";

/** A Postfix-like multipart/report with `count` recipients, each named in the text and in the DSN part. */
function dsnReport(random: Random, count: number, options: { blankLines?: boolean; repeatText?: boolean } = {}): string {
  const recipients = Array.from({ length: count }, (_, i) => address(random, i));
  const text = recipients.map((a, i) => `<${a}>: host mx${i % 13}.example.com[192.0.2.${i % 250}] said: ${random.pick(REPLIES).replace("{a}", a)} (in reply to RCPT TO command)\n`).join("\n");
  const blocks = recipients.map((a) =>
    `Final-Recipient: rfc822; ${a}\nOriginal-Recipient: rfc822;${a}\nAction: failed\nStatus: ${random.pick(STATUSES)}\n` +
    `Remote-MTA: dns; mx.example.com\nDiagnostic-Code: smtp; ${random.pick(REPLIES).replace("{a}", a)}\n`).join(options.blankLines === false ? "" : "\n");
  return head("Undelivered Mail Returned to Sender", 'multipart/report; report-type=delivery-status; boundary="B"') +
    "--B\nContent-Description: Notification\nContent-Type: text/plain; charset=us-ascii\n\n" +
    "This is the mail system at host mx.example.net.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n" +
    text + "\n--B\nContent-Description: Delivery report\nContent-Type: message/delivery-status\n\n" +
    "Reporting-MTA: dns; mx.example.net\nArrival-Date: Mon, 3 Mar 2025 10:00:00 +0000\n\n" + blocks +
    "\n--B\nContent-Description: Undelivered Message\nContent-Type: message/rfc822\n\n" + ORIGINAL + "\n--B--\n";
}

/** One generator: a name and a message of about `size` bytes. */
export interface Shape {
  name: string;
  make(random: Random, size: number): Uint8Array;
}

export const SHAPES: readonly Shape[] = [
  {
    // a spam run to many recipients: thousands of per-recipient blocks, each recipient also in the text
    name: "dsn-many-recipients",
    make: (random, size) => bytes(dsnReport(random, Math.max(1, Math.floor(size / 520)))),
  },
  {
    // recipients' groups run together without the blank line between them
    name: "dsn-run-together",
    make: (random, size) => bytes(dsnReport(random, Math.max(1, Math.floor(size / 520)), { blankLines: false })),
  },
  {
    // one group of repeated Status:/Action: lines, a Final-Recipient only at its end
    name: "dsn-repeated-status",
    make: (random, size) => bytes(head("Delivery Status Notification (Failure)", 'multipart/report; report-type=delivery-status; boundary="B"') +
      "--B\nContent-Type: text/plain\n\nDelivery to the following recipients failed.\n\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n" +
      fill(size, (i) => (i % 2 ? `Status: ${random.pick(STATUSES)}\n` : "Action: failed\n")) +
      "Final-Recipient: rfc822; last@example.com\n--B--\n"),
  },
  {
    // Final-Recipient lines only, one after another
    name: "dsn-repeated-final-recipient",
    make: (random, size) => bytes(head("Undelivered Mail Returned to Sender", 'multipart/report; report-type=delivery-status; boundary="B"') +
      "--B\nContent-Type: message/delivery-status\n\n" + fill(size, (i) => `Final-Recipient: rfc822; ${address(random, i)}\n`) + "--B--\n"),
  },
  {
    // Final-Recipient lines after a long human-readable part that names none of them
    name: "dsn-recipients-long-text",
    make: (random, size) => bytes(head("Undelivered Mail Returned to Sender", 'multipart/report; report-type=delivery-status; boundary="B"') +
      "--B\nContent-Type: text/plain\n\nThis is the mail system at host mx.example.net.\n\n" +
      fill(size / 2, (i) => `host mx${i}.example.com[192.0.2.${i % 250}] said: 550 5.7.1 message refused as spam, see https://example.com/${i}\n`) +
      "\n--B\nContent-Type: message/delivery-status\n\n" + fill(size / 2, (i) => `Final-Recipient: rfc822; ${address(random, i)}\nStatus: 5.7.1\n`) + "--B--\n"),
  },
  {
    // a Postfix text notice of "host ... said:" lines (no DSN part)
    name: "text-host-lines",
    make: (random, size) => bytes(head("Undelivered Mail Returned to Sender", "text/plain") +
      "This is the mail system at host mx.example.net.\n\n" +
      fill(size, (i) => (i % 3 === 0 ? `<${address(random, i)}>: host mx.example.com[192.0.2.1] said:\n` : `    host mx${i}.example.com[192.0.2.${i % 250}] said: ${random.pick(REPLIES).replace("{a}", "x@example.com")}\n`))),
  },
  {
    // many delivery-status parts, each with a few groups
    name: "mime-many-status-parts",
    make: (random, size) => bytes(head("failure notice", 'multipart/report; report-type=delivery-status; boundary="B"') +
      fill(size, (i) => `--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; ${address(random, i)}\nAction: failed\nStatus: 5.1.1\n\n`) + "--B--\n"),
  },
  {
    // the same boundary line repeated: thousands of empty parts, each declaring a multipart of the same boundary
    name: "mime-duplicated-boundaries",
    make: (_, size) => bytes(head("Returned mail: see transcript for details", 'multipart/mixed; boundary="B"') +
      fill(size, (i) => (i % 2 ? "--B\n" : 'Content-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: text/plain\n\n<a@example.com>... User unknown\n'))),
  },
  {
    // a multipart whose boundary never occurs, with near-boundary lines throughout
    name: "mime-missing-boundary",
    make: (random, size) => bytes(head("Undelivered Mail Returned to Sender", 'multipart/report; report-type=delivery-status; boundary="NEVER"') +
      "This is the mail system at host mx.example.net.\n\n" + fill(size, (i) => `--NEVE\n--NEVER-x\n<${address(random, i)}>: host mx.example.com said: 550 5.1.1 unknown\n`)),
  },
  {
    // deep same-type nesting: multipart/mixed in multipart/mixed, 40 levels, each with many delivery-status parts
    // beside the next level; the boundary is the same at every level or a new one per level
    name: "mime-same-type-nesting",
    make: (random, size) => {
      const levels = 40;
      const same = random.next() < 0.5;
      const leaf = (i: number): string => `Content-Type: message/delivery-status\n\nFinal-Recipient: rfc822; ${address(random, i)}\nStatus: 5.1.1\n`;
      const perLevel = Math.max(1, Math.floor(size / levels / 90));
      let inner = "Content-Type: text/plain\n\nleaf\n";
      for (let level = 0; level < levels; level++) {
        const boundary = same ? "N" : `N${level}`;
        const siblings = Array.from({ length: perLevel }, (_, i) => `--${boundary}\n${leaf(level * perLevel + i)}`).join("");
        inner = `Content-Type: multipart/mixed; boundary="${boundary}"\n\n${siblings}--${boundary}\n${inner}\n--${boundary}--\n`;
      }
      return bytes(head("Delivery Status Notification (Failure)", "text/plain").replace("Content-Type: text/plain\n\n", "") + inner);
    },
  },
  {
    // message/rfc822 inside message/rfc822 ... (a bounce of a bounce of a bounce)
    name: "mime-nested-messages",
    make: (random, size) => {
      let inner = ORIGINAL;
      while (inner.length < size) {
        inner = head("Undelivered Mail Returned to Sender", `multipart/report; report-type=delivery-status; boundary="L${inner.length}"`) +
          `--L${inner.length}\nContent-Type: text/plain\n\n<${address(random, inner.length)}>: host mx.example.com said: 550 5.1.1 unknown\n\n` +
          `--L${inner.length}\nContent-Type: message/rfc822\n\n${inner}\n--L${inner.length}--\n`;
        if (inner.length > 100 && random.next() < 0.02) inner += "x".repeat(Math.floor(size / 10));
      }
      return bytes(inner);
    },
  },
  {
    // one huge line in the text, the DSN part and a header field
    name: "huge-single-line",
    make: (random, size) => {
      const third = Math.floor(size / 3);
      const word = random.pick(["a", "a@", "5.1.1 ", "<", "=?utf-8?q?", "host ", " \t", "-", "=", "=\n"]);
      const line = word.repeat(Math.ceil(third / word.length)).slice(0, third);
      return bytes(head("Undelivered Mail Returned to Sender", 'multipart/report; report-type=delivery-status; boundary="B"').replace("Date:", `X-Long: ${line}\nDate:`) +
        `--B\nContent-Type: text/plain\n\n<u@example.com>: ${line}\n--B\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; u@example.com\nDiagnostic-Code: smtp; ${line}\n--B--\n`);
    },
  },
  {
    // NULs and control characters through a bounce
    name: "nul-bytes",
    make: (random, size) => {
      const base = bytes(dsnReport(random, Math.max(1, Math.floor(size / 520))));
      for (let i = 0; i < base.length; i += random.int(1, 64)) base[i] = random.next() < 0.7 ? 0 : random.int(1, 31);
      return base;
    },
  },
  {
    // declared charsets that do not fit the bytes, ISO-2022-JP escapes without an end, broken base64 and QP
    name: "broken-encodings",
    make: (random, size) => {
      const charset = random.pick(["iso-2022-jp", "utf-7", "x-unknown", "shift_jis", "utf-16", "euc-jp"]);
      const encoding = random.pick(["base64", "quoted-printable", "8bit"]);
      const body = fill(size, (i) => random.pick(["\x1b$B", "=?", "=E3=8", "====", "\xff\xfe", "\x82\xa0", "<u@example.com>: 550 5.1.1\n", "QUJD\n", "\x1b(B", "\n"]) + (i % 40 === 0 ? "\n" : ""));
      const raw = new Uint8Array(body.length);
      for (let i = 0; i < body.length; i++) raw[i] = body.charCodeAt(i) & 0xff;
      const top = bytes(head("Undelivered Mail Returned to Sender", 'multipart/report; report-type=delivery-status; boundary="B"') +
        `--B\nContent-Type: text/plain; charset=${charset}\nContent-Transfer-Encoding: ${encoding}\n\n`);
      const tail = bytes(`\n--B\nContent-Type: message/delivery-status\nContent-Transfer-Encoding: ${encoding}\n\nFinal-Recipient: rfc822; u@example.com\nStatus: 5.1.1\n--B--\n`);
      const out = new Uint8Array(top.length + raw.length + tail.length);
      out.set(top, 0);
      out.set(raw, top.length);
      out.set(tail, top.length + raw.length);
      return out;
    },
  },
  {
    // an enormous header: thousands of fields and folded continuation lines, encoded-words everywhere
    name: "header-flood",
    make: (random, size) => bytes(fill(size, (i) => (i % 5 === 0 ? `Received: from h${i}.example.net by mx.example.net;\n\t=?utf-8?b?${"QUJD".repeat(random.int(1, 40))}?=\n` : `X-F${i}: =?iso-2022-jp?b?GyRCJCIbKEI=?= ${"v".repeat(random.int(1, 200))}\n`)) +
      "From: MAILER-DAEMON@mx.example.net\nSubject: failure notice\n\n<u@example.com>:\n550 5.1.1 unknown\n"),
  },
  {
    // a text quoting header-like lines that never make a header block (the quoted-original search)
    name: "quoted-header-lines",
    make: (random, size) => {
      const line = random.pick(["> Delivered-To: a@example.org\n", "Delivered-To: a@example.org\n", "> From: a@example.org\nnot a field\n", "  Received: x\n> To: b@example.org\n"]);
      return bytes(head("Undelivered Mail Returned to Sender", "text/plain") +
        "This is the mail system at host mx.example.net.\n\n<u@example.com>: host mx.example.com said: 550 5.1.1 unknown\n\n" + fill(size, () => line));
    },
  },
  {
    // format=flowed with delsp=yes: every line ends in a space, so the whole text is one flowed paragraph
    name: "flowed-text",
    make: (random, size) => bytes(head("Undelivered Mail Returned to Sender", 'multipart/report; report-type=delivery-status; boundary="B"') +
      "--B\nContent-Type: text/plain; format=flowed; delsp=yes\n\nThis is the mail system at host mx.example.net. \n" +
      fill(size, (i) => (i % 50 ? `word${random.int(0, 9)} ` : "<u@example.com>: host mx.example.com said: 550 5.1.1 unknown ") + " \n") +
      "\n--B\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; u@example.com\nStatus: 5.1.1\n--B--\n"),
  },
  {
    // free-form notice: X-Failed-Recipients naming many addresses, a long text naming them
    name: "text-failed-recipients",
    make: (random, size) => {
      const recipients = Array.from({ length: 200 }, (_, i) => address(random, i));
      return bytes("From: MAILER-DAEMON@mx.example.net\nSubject: Mail delivery failed\n" + `X-Failed-Recipients: ${recipients.join(", ")}\n\n` +
        "This message was created automatically by mail delivery software.\n\n" +
        fill(size, (i) => `  ${recipients[i % recipients.length]}\n${i % 7 ? "" : "    550 5.1.1 unknown user\n"}`));
    },
  },
  {
    // a Sendmail transcript naming thousands of recipients, with a DSN part for each
    name: "sendmail-transcript",
    make: (random, size) => {
      const count = Math.max(1, Math.floor(size / 700));
      const recipients = Array.from({ length: count }, (_, i) => address(random, i));
      return bytes(head("Returned mail: see transcript for details", 'multipart/report; report-type=delivery-status; boundary="B"') +
        "--B\nContent-Type: text/plain\n\n   ----- The following addresses had permanent fatal errors -----\n" + recipients.map((a) => `<${a}>\n`).join("") +
        "\n   ----- Transcript of session follows -----\n" + recipients.map((a) => `>>> RCPT To:<${a}>\n<<< 550 5.1.1 <${a}>... User unknown\n550 5.1.1 <${a}>... User unknown\n`).join("") +
        "\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n" +
        recipients.map((a) => `Final-Recipient: RFC822; ${a}\nAction: failed\nStatus: 5.1.1\n\n`).join("") + "--B--\n");
    },
  },
  {
    // qmail/Exim-style address blocks: every line an address, explanation lines in between
    name: "text-address-blocks",
    make: (random, size) => bytes(head("failure notice", "text/plain") +
      "Hi. This is the qmail-send program at mx.example.net.\nI'm afraid I wasn't able to deliver your message to the following addresses.\n\n" +
      fill(size, (i) => `<${address(random, i)}>:\n${random.pick(REPLIES).replace("{a}", "x@example.com")}\n\n`) + "--- Below this line is a copy of the message.\n\n" + ORIGINAL),
  },
];
