// A 100,000-message Sent folder: listed once in pages, then only incrementally; read back from
// IndexedDB (not listed again) when a suspended page wakes.
import { describe, expect, it } from "vitest";
import type { Overview } from "../../src/shared/protocol";
import { generatedSent } from "../fakes/mailboxes";
import { PAGE_SIZE } from "../fakes/messenger";
import { account, DAY, loadScenario, makeWorld } from "./harness";

describe("a 100,000-message Sent folder", () => {
  it("is listed once, kept current incrementally, and survives suspension without a new listing", async () => {
    const s = await loadScenario("seed-story-hijacked-newsletter-account");
    const now = Date.parse("2026-10-20T00:00:00Z");
    const w = makeWorld([account(1, s.me[0]!)], now);
    const sent = w.fake.folder("account1", "sent");
    w.fake.store(sent, generatedSent(100_000, s.me[0]!, now - DAY));
    w.fake.store(sent, s.sent);
    await w.fake.load();
    await w.idle();
    const o = await w.fake.request<Overview>({ type: "getOverview" });
    expect(o.sentLogSize).toBe(100_000 + s.sent.length);
    const pages = Math.ceil((100_000 + s.sent.length) / PAGE_SIZE);
    expect(w.fake.calls.continueList).toBe(pages - 1);

    // A bounce arrives: the Sent log is refreshed by a query since the watermark, not a full listing.
    const before = { ...w.fake.calls };
    await w.fake.deliver(w.fake.folder("account1", "inbox"), [s.inbox[0]!.message]);
    await w.idle();
    expect(w.fake.calls.list).toBe(before.list);
    expect(w.fake.calls.continueList - before.continueList).toBeLessThan(pages / 10);

    // Suspended and woken: the log comes from IndexedDB.
    w.fake.suspend();
    w.clock.advance(3600_000);
    await w.fake.deliver(w.fake.folder("account1", "inbox"), [s.inbox[1]!.message]);
    await w.idle();
    expect(w.fake.calls.list).toBe(before.list);
    expect((await w.fake.request<Overview>({ type: "getOverview" })).sentLogSize).toBe(100_000 + s.sent.length);
  }, 120_000);
});
