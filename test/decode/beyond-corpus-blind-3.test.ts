// A third independent measure of the decoder on bounces written blind (test/fixtures/bounces-blind-3):
// what Japanese small-business users receive — rental servers' Postfix/qmail/Exim/Sendmail notices with
// Japanese prefaces (ISO-2022-JP, Shift_JIS, UTF-8), mail to carrier addresses, ISP notices, Microsoft 365,
// Exchange and Gmail in Japanese, Yahoo! JAPAN, delays, and Japanese mail that is not a bounce. Written before
// their author read the decoder or the other fixture sets. Figures are printed per field; floors fail the test
// when a figure drops.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeMessage } from "../../src/core/analyze.js";
import type { BounceReport, RecipientResult } from "../../src/core/types.js";

const DIR = join(process.cwd(), "test", "fixtures", "bounces-blind-3");

interface ExpectedRecipient {
  address: string;
  /** "" when the report gives no status: then it is not compared. */
  status: string;
  replyCode: string;
  reason: string;
  hardBounce: boolean;
}
interface ExpectedFile {
  isBounce: boolean;
  kind: string;
  recipients: ExpectedRecipient[];
  originalMessageId: string | null;
}
interface Ratio {
  hit: number;
  total: number;
}

const FIELDS = ["kind", "recall", "precision", "reason", "status", "replyCode", "hardBounce", "originalMessageId"] as const;
type Field = (typeof FIELDS)[number];

/** Percentages each figure must reach. */
const FLOORS: Record<Field, number> = {
  kind: 100,
  recall: 100,
  precision: 100,
  reason: 100,
  status: 100,
  replyCode: 100,
  hardBounce: 100,
  originalMessageId: 100,
};

const percent = (r: Ratio): number => (r.total === 0 ? 100 : (100 * r.hit) / r.total);

function score(expected: Record<string, ExpectedFile>, reports: Map<string, BounceReport>): { figures: Record<Field, Ratio>; misses: string[] } {
  const figures = Object.fromEntries(FIELDS.map((field) => [field, { hit: 0, total: 0 }])) as Record<Field, Ratio>;
  const misses: string[] = [];
  const count = (field: Field, ok: boolean, name: string, detail: () => string): void => {
    figures[field].total++;
    if (ok) figures[field].hit++;
    else misses.push(`${name}\t${field}\t${detail()}`);
  };
  for (const [name, want] of Object.entries(expected)) {
    const got = reports.get(name)!;
    count("kind", got.isBounce === want.isBounce && got.kind === want.kind, name,
      () => `want ${want.kind} got ${got.kind}/${got.isBounce} (${got.decoder || "no decoder"})`);
    const wanted = new Set(want.recipients.map((r) => r.address.toLowerCase()));
    // the expected address is the one the sender wrote to: the report's address, or its Original-Recipient
    const names = (r: RecipientResult): string[] => [r.address, r.originalRecipient ?? ""].map((a) => a.toLowerCase());
    for (const r of got.recipients) count("precision", names(r).some((a) => wanted.has(a)), name, () => `unexpected ${r.address}`);
    for (const row of want.recipients) {
      const found = got.recipients.find((r) => names(r).includes(row.address.toLowerCase()));
      count("recall", found !== undefined, name, () => `missing ${row.address}`);
      const compare = (field: "reason" | "status" | "replyCode" | "hardBounce"): void =>
        count(field, found !== undefined && found[field] === row[field], name,
          () => `${row.address} want ${row[field]} got ${found ? found[field] : "-"}`);
      compare("reason");
      if (row.status !== "") compare("status");
      compare("replyCode");
      compare("hardBounce");
    }
    if (want.kind !== "none") {
      const id = got.original?.messageId ?? "";
      count("originalMessageId", id === (want.originalMessageId ?? ""), name, () => `want ${want.originalMessageId ?? "none"} got ${id || "-"}`);
    }
  }
  return { figures, misses };
}

describe("blind Japanese bounces beyond the corpus (test/fixtures/bounces-blind-3)", () => {
  const expected: Record<string, ExpectedFile> = JSON.parse(readFileSync(join(DIR, "expected.json"), "utf8")).files;
  const reports = new Map<string, BounceReport>();

  beforeAll(async () => {
    for (const name of Object.keys(expected)) reports.set(name, await analyzeMessage(new Uint8Array(readFileSync(join(DIR, name)))));
  });

  it("has expectations for exactly the fixture files", () => {
    const files = readdirSync(DIR).filter((name) => name.endsWith(".eml")).sort();
    expect(files).toEqual(Object.keys(expected).sort());
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  it("decodes every fixture without error and stays above the floors (figures printed)", () => {
    expect([...reports.values()].filter((report) => report.error)).toEqual([]);
    const { figures, misses } = score(expected, reports);
    const lines = FIELDS.map((field) => `${field.padEnd(20)} ${percent(figures[field]).toFixed(1).padStart(6)}%  (${figures[field].hit}/${figures[field].total})`);
    console.log(["Blind bounces beyond the corpus (test/fixtures/bounces-blind-3)", ...lines, ...misses.map((miss) => `  miss: ${miss}`)].join("\n"));
    for (const field of FIELDS) expect(percent(figures[field]), field).toBeGreaterThanOrEqual(FLOORS[field]);
  });
});
