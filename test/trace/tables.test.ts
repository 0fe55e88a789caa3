// One fixture for every row of the restriction, shared-IP and provider tables (test/fixtures/traces, each
// with its source in expected.json): the trace, provider and alert cause each gets, and that every row has one.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeMessage } from "../../src/core/analyze";
import { SentLog } from "../../src/core/sentlog";
import { PROVIDERS } from "../../src/core/trace/providers";
import { RESTRICTIONS, SHARED_IP, restrictionOf, sharedIpOf } from "../../src/core/trace/restrictions";
import { assessMailbox } from "../../src/core/verdict/assess";
import type { Trace } from "../../src/core/types";

const DIR = join(import.meta.dirname, "..", "fixtures", "traces");
const ME = "kenji@sato-shoten.example.jp";

interface Expected { trace: Trace; provider: string; row?: string; cause: string | null; source: string }
const expected = JSON.parse(readFileSync(join(DIR, "expected.json"), "utf8")) as Record<string, Expected>;
const files = Object.keys(expected).sort();

async function judged(file: string, sent = new SentLog()) {
  const report = await analyzeMessage(new Uint8Array(readFileSync(join(DIR, file))));
  const assessment = assessMailbox([report], sent, { addresses: [ME] });
  return { report, assessment, judgement: assessment.judgements[0]! };
}

describe("trace tables", () => {
  it.each(files)("%s", async (file) => {
    const want = expected[file]!;
    expect(want.source, "every fixture names its source").toBeTruthy();
    const { report, assessment, judgement } = await judged(file);
    expect(judgement.trace).toBe(want.trace);
    expect(judgement.provider ?? "").toBe(want.provider);
    expect(assessment.alertCauses.map((c) => c.reason)).toEqual(want.cause ? [want.cause] : []);
    expect(assessment.alert).toBe(want.cause ? "compromise" : "none");
    if (want.row) {
      const row = restrictionOf(report.recipients)?.row.id ?? sharedIpOf(report.recipients)?.id;
      expect(row).toBe(want.row);
    }
    if (want.trace !== "none" && want.trace !== "bounce") expect(judgement.evidence[0]?.weight).toBe(0);
  });

  it("has a fixture for every row of every table", () => {
    const rows = new Set(files.map((f) => expected[f]!.row).filter(Boolean));
    for (const row of [...RESTRICTIONS.map((r) => r.id), ...SHARED_IP.map((r) => r.id)]) expect(rows, row).toContain(row);
    const notices = new Set(files.filter((f) => expected[f]!.trace === "notice").map((f) => expected[f]!.provider));
    for (const provider of PROVIDERS) expect(notices, provider.id).toContain(provider.id);
  });

  it("keeps the decoder's Sisimai reason beside the restriction", async () => {
    const { report } = await judged("m365-5.1.8-bad-outbound-sender.eml");
    expect(report.recipients[0]!.reason).not.toBe("");
    expect(report.recipients[0]!.status).toBe("5.1.8");
  });

  it("does not count a sending limit the person's own volume explains, and counts it otherwise", async () => {
    const limits = files.filter((f) => expected[f]!.cause === "restriction_limit");
    expect(limits.length).toBeGreaterThanOrEqual(8);
    for (const file of limits) {
      const { report } = await judged(file);
      const row = restrictionOf(report.recipients)!.row;
      const time = Date.parse(report.envelope.date);
      const largest = Math.max(...(row.limits ?? []).map((l) => l.recipients));
      const busy = new SentLog();
      const few = new SentLog();
      const recipients = Array.from({ length: largest }, (_, i) => `r${i}@list.example.org`);
      for (let i = 0; i < recipients.length; i += 1000) {
        busy.add({ messageId: `busy-${i}-${file}@sato-shoten.example.jp`, date: time - 30 * 1000, recipients: recipients.slice(i, i + 1000) });
      }
      few.add({ messageId: `few-${file}@sato-shoten.example.jp`, date: time - 30 * 1000, recipients: recipients.slice(0, 3) });
      expect((await judged(file, busy)).assessment.alertCauses, `${file} with volume`).toEqual([]);
      expect((await judged(file, busy)).judgement.evidence[0]!.signal).toBe("restriction_limit_explained");
      expect((await judged(file, few)).assessment.alert, `${file} without`).toBe("compromise");
    }
  });
});
