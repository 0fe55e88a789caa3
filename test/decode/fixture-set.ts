// One suite for every set of bounce fixtures beyond the corpus (test/fixtures/bounces*): each set holds .eml
// files and an expected.json { files: { name: { isBounce, kind, recipients: [{ address, action?, status,
// replyCode, reason, hardBounce }], originalMessageId? } } }. Figures are printed per field; every field must
// stay at 100% (a set is added once its misses are fixed or its expectations argued).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeMessage } from "../../src/core/analyze.js";
import type { BounceReport, RecipientResult } from "../../src/core/types.js";

interface ExpectedRecipient {
  address: string;
  /** Compared only where the set states it. */
  action?: string;
  /** "" when the report states no status: then it is not compared. */
  status: string;
  replyCode: string;
  reason: string;
  hardBounce: boolean;
}
interface ExpectedFile {
  isBounce: boolean;
  kind: string;
  recipients: ExpectedRecipient[];
  /** Compared for reports (kind other than "none") where the set states it; null: no copy of the original. */
  originalMessageId?: string | null;
}
interface Ratio {
  hit: number;
  total: number;
}

const FIELDS = ["kind", "recall", "precision", "action", "reason", "status", "replyCode", "hardBounce", "originalMessageId"] as const;
type Field = (typeof FIELDS)[number];

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
    // an expected address may be the report's final recipient or the Original-Recipient it names
    const names = (r: RecipientResult): string[] => [r.address, r.originalRecipient ?? ""].map((a) => a.toLowerCase());
    for (const r of got.recipients) count("precision", names(r).some((a) => wanted.has(a)), name, () => `unexpected ${r.address}`);
    for (const row of want.recipients) {
      const found = got.recipients.find((r) => names(r).includes(row.address.toLowerCase()));
      count("recall", found !== undefined, name, () => `missing ${row.address}`);
      const compare = (field: "action" | "reason" | "status" | "replyCode" | "hardBounce"): void =>
        count(field, found !== undefined && found[field] === row[field], name,
          () => `${row.address} want ${row[field]} got ${found ? found[field] : "-"}`);
      if (row.action !== undefined) compare("action");
      compare("reason");
      if (row.status !== "") compare("status");
      compare("replyCode");
      compare("hardBounce");
    }
    if (want.kind !== "none" && want.originalMessageId !== undefined) {
      const id = got.original?.messageId ?? "";
      count("originalMessageId", id === (want.originalMessageId ?? ""), name, () => `want ${want.originalMessageId ?? "none"} got ${id || "-"}`);
    }
  }
  return { figures, misses };
}

export function fixtureSetSuite(title: string, set: string, minimum: number): void {
  const dir = join(import.meta.dirname, "..", "fixtures", set);
  describe(`${title} (test/fixtures/${set})`, () => {
    const expected: Record<string, ExpectedFile> = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")).files;
    const reports = new Map<string, BounceReport>();

    beforeAll(async () => {
      for (const name of Object.keys(expected)) reports.set(name, await analyzeMessage(new Uint8Array(readFileSync(join(dir, name)))));
    });

    it("has expectations for exactly the fixture files", () => {
      const files = readdirSync(dir).filter((name) => name.endsWith(".eml")).sort();
      expect(files).toEqual(Object.keys(expected).sort());
      expect(files.length).toBeGreaterThanOrEqual(minimum);
    });

    it("decodes every fixture without error, every field right (figures printed)", () => {
      expect([...reports.values()].filter((report) => report.error)).toEqual([]);
      const { figures, misses } = score(expected, reports);
      const lines = FIELDS.map((field) => `${field.padEnd(20)} ${percent(figures[field]).toFixed(1).padStart(6)}%  (${figures[field].hit}/${figures[field].total})`);
      console.log([`${title} (test/fixtures/${set})`, ...lines, ...misses.map((miss) => `  miss: ${miss}`)].join("\n"));
      expect(misses).toEqual([]);
    });
  });
}
