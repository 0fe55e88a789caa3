// The background in a fake Thunderbird over the shared scenario mailboxes: what it stores and shows must
// be what the core says about the same mail, found with few downloads, whatever order events come in.
import { describe, expect, it } from "vitest";
import { analyzeMessage } from "../../src/core/analyze";
import { SentLog } from "../../src/core/sentlog";
import { assessMailbox } from "../../src/core/verdict/assess";
import type { BounceRecord, Overview, Settings } from "../../src/shared/protocol";
import { account, DAY, latestDate, loadScenario, makeWorld, scenarioNames, type Scenario } from "./harness";

async function coreVerdicts(s: Scenario) {
  const reports = await Promise.all(s.inbox.map((m) => analyzeMessage(m.message.raw!)));
  const log = new SentLog();
  for (const m of s.sent) log.addRawMessage(m.raw!);
  const assessment = assessMailbox(reports, log, { addresses: s.me });
  const byKey = new Map(s.inbox.map((m, i) => [`account1|${m.message.headerMessageId}`, assessment.judgements[i]!]));
  return { assessment, byKey, bounces: reports.filter((r) => r.isBounce).length };
}

/** One account holding the scenario's Sent folder; the inbox arrives as new mail after start-up. */
async function runScenario(s: Scenario) {
  const world = makeWorld([account(1, s.me[0]!)], latestDate(s.inbox.map((m) => m.message)) + DAY);
  const { fake } = world;
  fake.store(fake.folder("account1", "sent"), s.sent);
  await fake.load();
  await world.idle();
  const settings = await fake.request<Settings>({ type: "getSettings" });
  await fake.request({ type: "saveSettings", settings: { ...settings, extraAddresses: s.me.slice(1) } });
  for (const m of s.inbox) await fake.deliver(fake.folder("account1", "inbox"), [m.message]);
  await world.idle();
  return world;
}

describe("scenarios through the background", () => {
  const figures: string[] = [];
  for (const name of scenarioNames()) {
    it(`${name}: same verdicts and alert as the core, few downloads`, async () => {
      const s = await loadScenario(name);
      const core = await coreVerdicts(s);
      const { fake } = await runScenario(s);
      const records = await fake.request<BounceRecord[]>({ type: "listBounces" });
      const overview = await fake.request<Overview>({ type: "getOverview" });

      expect(overview.alert).toBe(core.assessment.alert);
      // bounces, and the non-bounces the trace engine may need (notices, complaints, replies) as records too
      expect(records.filter((r) => r.report.isBounce).length).toBe(core.bounces);
      for (const record of records.filter((r) => !r.report.isBounce)) expect(record.judgement.trace, record.key).toBe(core.byKey.get(record.key)?.trace);
      for (const record of records) {
        expect(record.judgement.verdict, record.key).toBe(core.byKey.get(record.key)?.verdict);
      }
      expect(overview.sentLogSize).toBe(s.sent.length);
      // Screening downloads at most twice as many messages as there are bounces.
      expect(fake.calls.getRaw).toBeLessThanOrEqual(Math.max(2 * core.bounces, 1));
      const agree = s.inbox.filter((m) => {
        const r = records.find((x) => x.key === `account1|${m.message.headerMessageId}`);
        return (r?.judgement.verdict ?? "not-bounce") === m.expected;
      }).length;
      figures.push(`${name}: alert ${overview.alert} (expected ${s.alert}), verdicts ${agree}/${s.inbox.length}, getRaw ${fake.calls.getRaw} for ${core.bounces} bounces, badge "${fake.badge}"`);
    });
  }
  it("prints the figures", () => {
    console.log(figures.join("\n"));
    expect(figures.length).toBe(scenarioNames().length);
  });
});
