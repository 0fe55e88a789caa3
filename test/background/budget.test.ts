// A message over the decoding's time budget in the background page: analysed once, kept as analysed, and
// the queue goes on with the next message. The clock of the budget (performance.now) is a fake one that
// advances a millisecond per read, so which messages run out does not depend on the machine.
import { afterEach, describe, expect, it, vi } from "vitest";
import { isBounceCandidate } from "../../src/background/screen";
import { analyzeMessage } from "../../src/core/analyze";
import type { BounceRecord, Overview } from "../../src/shared/protocol";
import { fakeMessageOf, type FakeMessage } from "../fakes/messenger";
import { Random, SHAPES } from "../fuzz/shapes";
import { account, DAY, latestDate, loadScenario, makeWorld } from "./harness";

const SEED = "seed-story-hijacked-newsletter-account";

async function hostile(name: string, size: number, date: Date, id: string): Promise<FakeMessage> {
  const message = await fakeMessageOf(SHAPES.find((s) => s.name === name)!.make(new Random(1), size));
  return { ...message, date, headerMessageId: id };
}

describe("a message over the time budget in the background", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is analysed once and kept as analysed; the bounces after it are judged", async () => {
    let now = 0;
    vi.spyOn(performance, "now").mockImplementation(() => now++);
    const s = await loadScenario(SEED);
    const last = latestDate(s.inbox.map((m) => m.message));
    // runs out while its 1000 MIME parts are read: an error record, kept to be shown and counted in the report
    const parts = await hostile("mime-many-status-parts", 300_000, new Date(last - 60_000), "parts@hostile.example");
    // runs out while its thousands of recipients are classified: a partial bounce, kept with its limits
    const recipients = await hostile("dsn-many-recipients", 600_000, new Date(last - 30_000), "recipients@hostile.example");
    expect([parts, recipients].every((m) => isBounceCandidate(m))).toBe(true);

    const w = makeWorld([account(1, s.me[0]!)], last + DAY);
    w.fake.store(w.fake.folder("account1", "sent"), s.sent);
    await w.fake.load();
    await w.idle();
    const inbox = w.fake.folder("account1", "inbox");
    await w.fake.deliver(inbox, [parts, recipients, ...s.inbox.map((m) => m.message)]);
    await w.idle();
    const downloads = w.fake.calls.getRaw;
    expect(downloads).toBe(2 + s.inbox.filter((m) => isBounceCandidate(m.message)).length);

    const stored = await w.fake.request<BounceRecord[]>({ type: "listBounces" });
    const partial = stored.find((b) => b.report.envelope.messageId === "bounce@mx.example.net" && b.report.error === undefined);
    expect(partial?.report.limits).toContain("time_budget");
    expect(partial?.report.recipients.length).toBeGreaterThan(0);
    // every bounce of the scenario behind them was judged
    const expectedBounces = s.inbox.filter((m) => m.expected !== "not-bounce").length;
    expect(stored.length).toBe(expectedBounces + 2);
    const undecodable = stored.filter((b) => b.report.error !== undefined);
    expect(undecodable.map((b) => b.key)).toEqual(["account1|parts@hostile.example"]);
    expect(undecodable[0]!.report.error).toMatch(/^could not fully decode/);
    const overview = await w.fake.request<Overview>({ type: "getOverview" });
    expect(overview.decoding).toEqual({ undecodable: 1, partial: 1 });

    // Thunderbird fires the event again (it may, per folder): neither is downloaded or decoded again
    await w.fake.events.onNewMailReceived.fire([inbox, { messages: w.fake.messagesIn(inbox) }], () => true);
    await w.idle();
    expect(w.fake.calls.getRaw).toBe(downloads);
    // the first one was an error record, decoded the same way here
    const alone = await analyzeMessage(parts.raw!, { now: () => now++ });
    expect(alone.error).toMatch(/^could not fully decode/);
  });
});
