// Hostile and malformed input: the engine returns a record quickly and never throws.
import { describe, expect, it } from "vitest";
import { analyzeMessage } from "../../src/core/analyze.js";
import type { Limit } from "../../src/core/types.js";
import { Random, SHAPES } from "../fuzz/shapes.js";

const encoder = new TextEncoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);

/** Decodes without a time budget (budget.test.ts tests it): these tests check what the bounds let through. */
async function timed(raw: Uint8Array): Promise<{ ms: number; report: Awaited<ReturnType<typeof analyzeMessage>> }> {
  const started = performance.now();
  const report = await analyzeMessage(raw, { budgetMs: Infinity });
  return { ms: performance.now() - started, report };
}

const bounceHead = "From: MAILER-DAEMON@mx.example.net\nSubject: failure notice\nTo: me@example.org\n\n" +
  "Hi. This is the qmail-send program at mx.example.net.\nI'm afraid I wasn't able to deliver your message to the following addresses.\n\n";

describe("hostile input", () => {
  it("reads a bounce with a 5 MB line in bounded time", async () => {
    const raw = bytes(bounceHead + "<u@example.com>:\n" + "a".repeat(5_000_000) + "\n\n--- Below this line is a copy of the message.\n\nSubject: x\n");
    const { ms, report } = await timed(raw);
    expect(report.error).toBeUndefined();
    expect(report.recipients.map((r) => r.address)).toEqual(["u@example.com"]);
    expect(ms).toBeLessThan(5000);
  });

  it("survives regex-hostile lines of addresses-to-be, dots and spaces", async () => {
    const evil = ("a.".repeat(50_000) + "@" + "b-".repeat(50_000) + " ").repeat(3) + "\n" + " \t".repeat(100_000);
    const { ms, report } = await timed(bytes(bounceHead + evil + "\n550 5.1.1 unknown\n"));
    expect(report.error).toBeUndefined();
    expect(ms).toBeLessThan(5000);
  });

  it("reads a notice of no known format naming 200k addresses in bounded time, at most 20 recipients", async () => {
    // the generic decoder: one pass over a bounded number of its own lines, however many addresses they name
    const lines = Array.from({ length: 200_000 }, (_, i) => `user${i}@example${i % 97}.net: 550 5.1.1 unknown user <user${i}@example${i % 97}.net>`);
    const raw = bytes("From: MAILER-DAEMON@mx.example.net\nSubject: Notice\nTo: me@example.org\n\nDelivery failed for:\n" + lines.join("\n") + "\n");
    const { ms, report } = await timed(raw);
    expect(report.error).toBeUndefined();
    expect(report.decoder).toBe("generic");
    expect(report.recipients.length).toBe(20);
    expect(ms).toBeLessThan(5000);
  });

  it("reads a Sendmail-looking notice over a long run of blank lines in bounded time", async () => {
    // before: line-anchored patterns starting with \s* rescanned the whole run from every line start (52 s here)
    for (const subject of ["Returned mail: see transcript for details", "Undelivered Mail Returned to Sender"]) {
      const raw = bytes(`From: MAILER-DAEMON@mx.example.net\nSubject: ${subject}\n\n` + "\n".repeat(300_000) + " \n".repeat(100_000) + "x\n");
      const { ms, report } = await timed(raw);
      expect(report.error).toBeUndefined();
      expect(ms).toBeLessThan(5000);
    }
  });

  it("renders an HTML-only notice full of stray \"<\" in bounded time", async () => {
    // before: tag patterns re-read up to 2000 characters after every "<" (8 s for 2 MB of "<")
    for (const html of ["<".repeat(2_000_000), "<br ".repeat(500_000), "</p x".repeat(400_000)]) {
      const raw = bytes("From: MAILER-DAEMON@mx.example.net\nSubject: Undeliverable\nContent-Type: text/html\n\n" + html + "\n");
      const { ms, report } = await timed(raw);
      expect(report.error).toBeUndefined();
      expect(ms).toBeLessThan(5000);
    }
  });

  it("reads a notice whose lines are long runs of dashes in bounded time", async () => {
    // before: unanchored /-{3,} ?heading/ tried every start in a run of dashes, each running to its end
    const raw = bytes(bounceHead.replace("failure notice", "Returned mail: see transcript") + ("-".repeat(4000) + "x\n").repeat(250) + "<u@example.com>:\n550 5.1.1 unknown\n");
    const { ms, report } = await timed(raw);
    expect(report.error).toBeUndefined();
    expect(ms).toBeLessThan(5000);
  });

  it("returns a record for deep multipart nesting", async () => {
    let body = "Content-Type: text/plain\n\nleaf\n";
    for (let depth = 0; depth < 300; depth++) {
      body = `Content-Type: multipart/mixed; boundary="b${depth}"\n\n--b${depth}\n${body}\n--b${depth}--\n`;
    }
    const { ms, report } = await timed(bytes("From: MAILER-DAEMON@example.net\nSubject: Returned mail\n" + body));
    expect(report.kind).toBe("none");
    expect(report.isBounce).toBe(false);
    expect(ms).toBeLessThan(5000);
  });

  it("returns a record for truncated MIME and binary garbage", async () => {
    const truncated = bytes(
      "From: MAILER-DAEMON@example.net\nSubject: Undelivered Mail Returned to Sender\n" +
        'Content-Type: multipart/report; report-type=delivery-status; boundary="x"\n\n--x\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; a@exa',
    );
    const garbage = new Uint8Array(200_000);
    let seed = 7;
    for (let i = 0; i < garbage.length; i++) garbage[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    for (const raw of [truncated, garbage, new Uint8Array(0)]) {
      const { ms, report } = await timed(raw);
      expect(typeof report.isBounce).toBe("boolean");
      expect(report.isBounce && report.recipients.length === 0).toBe(false);
      expect(ms).toBeLessThan(5000);
    }
  });

  it("reads a multipart report full of near-boundary lines and unterminated parts in bounded time", async () => {
    const noise = "--b-not-quite\n--b x\n-- b\n".repeat(60_000);
    const raw = bytes(
      'From: MAILER-DAEMON@mx.example.net\nSubject: failure notice\nContent-Type: multipart/mixed; boundary="b"\n\n--b\n' +
        "Content-Type: text/plain\n\nHi. This is the qmail-send program at mx.example.net.\n\n<u@example.com>:\nSorry, no mailbox here by that name. (#5.1.1)\n" +
        noise + "--b\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n" + "QUJD\n".repeat(100_000),
    );
    const { ms, report } = await timed(raw);
    expect(report.error).toBeUndefined();
    expect(report.recipients.map((r) => r.address)).toEqual(["u@example.com"]);
    expect(ms).toBeLessThan(5000);
  });

  it("decodes only the first 10 MiB of a huge message", async () => {
    const raw = bytes(bounceHead + "<u@example.com>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n--- Below this line is a copy of the message.\n\n" +
      "Message-ID: <big@example.org>\nSubject: big\n\n" + "x".repeat(12 * 1024 * 1024));
    const { report } = await timed(raw);
    expect(report.isBounce).toBe(true);
    expect(report.original?.messageId).toBe("big@example.org");
  });
});

describe("the hostile shapes of issue 14 (2.4 MB each): read within their bounds, the bounds named", () => {
  // what each shape must report: its recipients (as many as the bounds let through) and the bounds it reaches
  const EXPECTED: Record<string, { recipients: number; limits: Limit[] }> = {
    "dsn-many-recipients": { recipients: 1000, limits: ["status_chars", "recipients"] },
    "dsn-run-together": { recipients: 1000, limits: ["status_chars", "recipients"] },
    "dsn-repeated-status": { recipients: 0, limits: ["status_chars"] },
    "dsn-repeated-final-recipient": { recipients: 1000, limits: ["status_chars", "recipients"] },
    "dsn-recipients-long-text": { recipients: 1000, limits: ["status_chars", "text_chars", "recipients"] },
    "text-host-lines": { recipients: 1000, limits: ["text_chars", "recipients"] },
    "mime-many-status-parts": { recipients: 999, limits: ["mime_parts"] },
    "mime-duplicated-boundaries": { recipients: 1, limits: ["mime_parts"] },
    "mime-missing-boundary": { recipients: 1000, limits: ["text_chars", "text_lines", "recipients"] },
    "mime-same-type-nesting": { recipients: 998, limits: ["mime_parts"] },
    "mime-nested-messages": { recipients: 1, limits: [] },
    "huge-single-line": { recipients: 0, limits: ["header_bytes", "header_value_chars", "text_chars", "line_chars"] },
    "nul-bytes": { recipients: 0, limits: ["text_chars"] },
    "broken-encodings": { recipients: 0, limits: [] },
    "header-flood": { recipients: 0, limits: ["header_bytes", "header_fields", "text_chars"] },
    "quoted-header-lines": { recipients: 1, limits: ["text_chars", "text_lines"] },
    "flowed-text": { recipients: 1, limits: ["text_chars", "line_chars"] },
    "text-failed-recipients": { recipients: 200, limits: ["text_chars", "text_lines"] },
    "sendmail-transcript": { recipients: 1000, limits: ["recipients"] },
    "text-address-blocks": { recipients: 1000, limits: ["text_chars", "text_lines", "recipients"] },
  };

  it("has an expectation for every shape", () => expect(Object.keys(EXPECTED).sort()).toEqual(SHAPES.map((s) => s.name).sort()));

  it.each(SHAPES.map((s) => [s.name, s] as const))("%s", async (name, shape) => {
    // no time budget here: what is checked is what the bounds let through, on any machine
    const report = await analyzeMessage(shape.make(new Random(1), 2_400_000), { budgetMs: Infinity });
    expect(report.error).toBeUndefined();
    expect(report.recipients.length).toBe(EXPECTED[name]!.recipients);
    expect(report.limits ?? []).toEqual(EXPECTED[name]!.limits);
  });
});
