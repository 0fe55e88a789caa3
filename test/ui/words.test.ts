// The words a person reads: en and ja complete and parallel, one Japanese word for each thing (エラーメール for a
// bounce, なりすまし for a forged sender, Thunderbird's own 送信済みトレイ), verdicts named by a category label, and
// urgency ("now", 今すぐ) only where there is something to do now.
import { describe, expect, it } from "vitest";
import en from "../../_locales/en/messages.json";
import ja from "../../_locales/ja/messages.json";

type Table = Record<string, { message: string }>;
const EN = en as Table;
const JA = ja as Table;
const placeholders = (text: string): string[] => [...new Set(text.match(/\$\d/g) ?? [])].sort();

/** Other words for the same things, which the Japanese table must not use. */
const JA_VARIANTS: { use: string; not: RegExp }[] = [
  { use: "エラーメール (a bounce)", not: /バウンス|エラー通知|配送エラーの通知|不達メール|返送メール/ },
  { use: "なりすまし (forged sender)", not: /偽装|詐称/ },
  { use: "送信済みトレイ (the Sent folder)", not: /送信済みフォルダ|送信フォルダ|送信済み記録|送信箱/ },
];

/** Keys about an account that is misused or restricted now: only these may say "now". */
const URGENT = /^(alert_compromise_body|state_restricted_body|steps_heading|step_password|notify_message_(compromise|restricted)|reason_(restriction|compromise|provider_notice|complaint|dmarc_volume|reply_burst|burst)\w*)$/;
const EN_URGENT = /\bnow\b|\bimmediately\b|\burgent|\bright away\b|\bat once\b/i;
const JA_URGENT = /今すぐ|すぐに|至急|直ちに|ただちに/;

describe("words", () => {
  it("en and ja have the same keys, each with the same substitutions", () => {
    expect(Object.keys(JA).sort()).toEqual(Object.keys(EN).sort());
    for (const key of Object.keys(EN)) expect(placeholders(JA[key]!.message), key).toEqual(placeholders(EN[key]!.message));
  });

  it.each(JA_VARIANTS)("Japanese says $use and no other word for it", ({ not }) => {
    expect(Object.entries(JA).filter(([, { message }]) => not.test(message)).map(([key]) => key)).toEqual([]);
  });

  it("Japanese names the verdicts with those words", () => {
    expect(JA.verdict_spoofed!.message).toContain("なりすまし");
    expect(JA.verdict_not_bounce!.message).toContain("エラーメール");
    expect(JA.evidence_not_in_sent!.message).toContain("送信済みトレイ");
  });

  it("verdicts are named by a category label, not a sentence", () => {
    for (const key of ["verdict_own_mail", "verdict_compromise", "verdict_spoofed", "verdict_undetermined", "verdict_not_bounce"]) {
      for (const [table, max] of [[EN, 30], [JA, 14]] as const) {
        expect(table[key]!.message, key).not.toMatch(/[。.!?！？]$|ません|できない/);
        expect(table[key]!.message.length, key).toBeLessThanOrEqual(max);
      }
    }
  });

  it("says 'now' only where there is something to do now", () => {
    const en = Object.keys(EN).filter((key) => EN_URGENT.test(EN[key]!.message) && !URGENT.test(key));
    const ja = Object.keys(JA).filter((key) => JA_URGENT.test(JA[key]!.message) && !URGENT.test(key));
    expect({ en, ja }).toEqual({ en: [], ja: [] });
  });
});
