// Hostile and malformed input: the engine returns a record within its bounds, in time linear in the input, and never throws.
import { describe, expect, it } from "vitest";
import { analyzeMessage } from "../../src/core/analyze.js";
import type { Limit } from "../../src/core/types.js";
import { Random, SHAPES } from "../fuzz/shapes.js";
import { GROWING, QMAIL_HEAD } from "./growing-inputs.js";

const encoder = new TextEncoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);

/** Decodes without a time budget (budget.test.ts tests it): these tests check what the bounds let through. */
const decode = (raw: Uint8Array) => analyzeMessage(raw, { budgetMs: Infinity });

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Best CPU time of three decodes: the first may still be compiling, a shared machine may add to any one. */
async function bestCpuMs(raw: Uint8Array): Promise<number> {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = cpuMs();
    await decode(raw);
    best = Math.min(best, cpuMs() - started);
  }
  return best;
}

/**
 * How decoding time grows when the input grows eightfold (CPU time at `make(8)` over `make(1)`, the smaller
 * taken as at least 1 ms: below that a measure is mostly noise). Linear work gives about 8, less where a bound
 * stops the reading; work growing with the square gives 64. A ratio holds on any machine, where a time bound
 * would not (how long each input takes is in bench/hostile-shapes.mjs).
 */
async function growth(make: (scale: number) => Uint8Array): Promise<number> {
  const small = await bestCpuMs(make(1));
  return (await bestCpuMs(make(8))) / Math.max(small, 1);
}

/** Twice linear, room for a shared machine; the regressions of 2332b31 and 76d9e99 measure 40 and 28 here. */
const LINEAR = 16;

describe("hostile inputs that once grew faster than their size: a record at full size, linear time below the bounds", () => {
  // what each must report at its full size beyond having no error
  const EXPECTED: Record<string, { recipients?: string[]; decoder?: string; recipientCount?: number }> = {
    "long-line": { recipients: ["u@example.com"] },
    "generic-many-addresses": { decoder: "generic", recipientCount: 20 },
    "near-boundaries": { recipients: ["u@example.com"] },
  };

  it.each(GROWING.map((input) => [input.name, input] as const))("%s", async (name, input) => {
    const report = await decode(input.make(input.fullScale));
    expect(report.error).toBeUndefined();
    const expected = EXPECTED[name] ?? {};
    if (expected.recipients) expect(report.recipients.map((r) => r.address)).toEqual(expected.recipients);
    if (expected.decoder) expect(report.decoder).toBe(expected.decoder);
    if (expected.recipientCount) expect(report.recipients.length).toBe(expected.recipientCount);
    expect(await growth(input.make)).toBeLessThan(LINEAR);
  });
});

describe("hostile input", () => {
  it("returns a record for deep multipart nesting", async () => {
    let body = "Content-Type: text/plain\n\nleaf\n";
    for (let depth = 0; depth < 300; depth++) {
      body = `Content-Type: multipart/mixed; boundary="b${depth}"\n\n--b${depth}\n${body}\n--b${depth}--\n`;
    }
    const report = await decode(bytes("From: MAILER-DAEMON@example.net\nSubject: Returned mail\n" + body));
    expect(report.kind).toBe("none");
    expect(report.isBounce).toBe(false);
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
      const report = await decode(raw);
      expect(typeof report.isBounce).toBe("boolean");
      expect(report.isBounce && report.recipients.length === 0).toBe(false);
    }
  });

  it("decodes only the first 10 MiB of a huge message", async () => {
    const raw = bytes(QMAIL_HEAD + "<u@example.com>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n--- Below this line is a copy of the message.\n\n" +
      "Message-ID: <big@example.org>\nSubject: big\n\n" + "x".repeat(12 * 1024 * 1024));
    const report = await decode(raw);
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
    const report = await decode(shape.make(new Random(1), 2_400_000));
    expect(report.error).toBeUndefined();
    expect(report.recipients.length).toBe(EXPECTED[name]!.recipients);
    expect(report.limits ?? []).toEqual(EXPECTED[name]!.limits);
  });
});
