// The first check after installing, on an IMAP account whose Sent folder Thunderbird lists late and syncs
// later still (as it does: the folder lists empty until Thunderbird syncs it, seen 12 s after start-up).
// Judged without the Sent log, the bounces of the person's own mail look like mail they never sent.
import { describe, expect, it } from "vitest";
import type { MailFolder } from "../../src/background/host";
import type { Overview } from "../../src/shared/protocol";
import type { FakeMessage } from "../fakes/messenger";
import { account, DAY, latestDate, loadScenario, makeWorld, type Scenario, type World } from "./harness";

/** Own-mail bounces whose originals went through the person's own provider: without Sent they read as a compromise. */
const OWN_BOUNCES = "jp-newsletter-qmail-own-bounces";
const COMPROMISED = "alias-sales-compromise-cpanel-exim";
/** When the fake Thunderbird lists the Sent folder, and when it has synced its messages (ms after start-up). */
const SENT_LISTED_MS = 6_000;
const SENT_SYNCED_MS = 12_000;
const STEP_MS = 1_000;

const overview = (w: World) => w.fake.request<Overview>({ type: "getOverview" });
const messages = (s: Scenario): FakeMessage[] => s.inbox.map((m) => m.message);

/** An IMAP account with history in its Inbox whose Sent folder is not listed yet; returns a way to list it. */
function lateSent(w: World, accountId: string): MailFolder {
  const sent = w.fake.folder(accountId, "sent");
  w.fake.folders.splice(w.fake.folders.indexOf(sent), 1);
  return sent;
}

/**
 * Starts the page; the page's waits pass at once on the test clock, and meanwhile the Sent folder is listed at
 * SENT_LISTED_MS and filled at SENT_SYNCED_MS. `during` sees the overview every STEP_MS while the check runs,
 * with the notifications shown before it was read. Returns how long the first check waited.
 */
async function firstCheck(
  w: World, sent: MailFolder, s: Scenario, during: (o: Overview, shown: number) => Promise<void> | void,
): Promise<number> {
  const start = w.clock.now();
  for (let t = 0; t <= 120_000; t += STEP_MS) {
    w.clock.at(start + t, async () => {
      const shown = w.fake.notifications.length;
      const o = await overview(w);
      if (o.historyScan?.state === "running") await during(o, shown);
    });
  }
  w.clock.at(start + SENT_LISTED_MS, () => w.fake.folders.push(sent));
  w.clock.at(start + SENT_SYNCED_MS, () => w.fake.store(sent, s.sent));
  await w.fake.load();
  await w.idle();
  return w.clock.now() - start;
}

describe("the first check and a Sent folder Thunderbird syncs late", () => {
  it("reads Sent before it judges the history: own-mail bounces stay own mail, no alert, no notification", async () => {
    const s = await loadScenario(OWN_BOUNCES);
    const w = makeWorld([account(1, s.me[0]!)], latestDate(messages(s)) + DAY);
    w.fake.store(w.fake.folder("account1", "inbox"), messages(s));
    const sent = lateSent(w, "account1");
    const states = new Set<string>();
    const elapsed = await firstCheck(w, sent, s, (o, shown) => {
      for (const a of o.accounts) states.add(a.state);
      expect(shown).toBe(0);
    });
    // It waited for Sent, then ended.
    expect(elapsed).toBeGreaterThan(SENT_SYNCED_MS);
    expect([...states]).toEqual(["checking"]);
    const o = await overview(w);
    expect(o.historyScan).toMatchObject({ state: "done", first: true });
    expect(o.historyScan!.examined).toBe(o.historyScan!.total);
    expect(o.historyScan!.total).toBe(s.inbox.length + s.sent.length);
    expect(o.sentLogSize).toBe(s.sent.length);
    expect(o.accounts.map((a) => a.state)).toEqual(["clear"]);
    expect(o.verdicts.compromise).toBe(0);
    expect(o.verdicts["own-mail"]).toBe(s.inbox.filter((m) => m.expected === "own-mail").length);
    expect(w.fake.notifications).toHaveLength(0);
    expect(w.fake.badge).toBe("");
  });

  it("a compromise arriving during the check says 'checking' until the check ends, then notifies once, naming the account", async () => {
    const [own, bad] = await Promise.all([loadScenario(OWN_BOUNCES), loadScenario(COMPROMISED)]);
    const w = makeWorld([{ ...account(1, own!.me[0]!), name: "Yamada Printing" }, { ...account(2, bad!.me[0]!), name: "Moreno Tiles" }],
      Math.max(latestDate(messages(own!)), latestDate(messages(bad!))) + DAY);
    w.fake.store(w.fake.folder("account1", "inbox"), messages(own!));
    w.fake.store(w.fake.folder("account2", "sent"), bad!.sent);
    const sent = lateSent(w, "account1");
    let delivered = false;
    const elapsed = await firstCheck(w, sent, own!, async (o, shown) => {
      expect(o.accounts.map((a) => a.state)).toEqual(["checking", "checking"]);
      expect(o.alert).toBe("none");
      expect(shown).toBe(0);
      if (!delivered) {
        delivered = true;
        await w.fake.deliver(w.fake.folder("account2", "inbox"), messages(bad!));
      }
    });
    expect(elapsed).toBeGreaterThan(SENT_SYNCED_MS);
    const o = await overview(w);
    expect(o.accounts.map((a) => [a.name, a.state])).toEqual([["Moreno Tiles", "compromise"], ["Yamada Printing", "clear"]]);
    expect(w.fake.notifications).toHaveLength(1);
    expect(w.fake.notifications[0]!.options.title).toContain("Moreno Tiles");
    expect(w.fake.notifications[0]!.options.title).not.toContain("Yamada Printing");
  });

  it("a Sent folder that was empty when first read is read whole once Thunderbird has synced it", async () => {
    const s = await loadScenario(OWN_BOUNCES);
    // No mail at all when the first check runs: it waits for Thunderbird's sync as long as it may, then ends.
    const w = makeWorld([account(1, s.me[0]!)], latestDate(messages(s)) + 30 * DAY);
    await w.fake.load();
    await w.idle();
    expect((await overview(w)).sentLogSize).toBe(0);
    // Thunderbird syncs Sent later: messages sent weeks before the last look (older than its overlap).
    w.fake.store(w.fake.folder("account1", "sent"), s.sent);
    w.clock.advance(DAY);
    await w.fake.deliver(w.fake.folder("account1", "inbox"), messages(s));
    await w.idle();
    const o = await overview(w);
    expect(o.sentLogSize).toBe(s.sent.length);
    expect(o.accounts.map((a) => a.state)).toEqual(["clear"]);
    expect(w.fake.notifications).toHaveLength(0);
  });
});

describe("a first check resumed after a suspension", () => {
  it("counts a finished Sent folder as it was when looked through, though mail came into it meanwhile", async () => {
    const s = await loadScenario(OWN_BOUNCES);
    const w = makeWorld([account(1, s.me[0]!)], latestDate(messages(s)) + DAY);
    const sent = w.fake.folder("account1", "sent");
    w.fake.store(sent, s.sent);
    w.fake.store(w.fake.folder("account1", "inbox"), messages(s));
    // Downloads never answer: the check stops in its messages phase, after Sent.
    const getRaw = w.fake.host.messages.getRaw;
    w.fake.host.messages.getRaw = (() => new Promise(() => undefined)) as typeof getRaw;
    await w.fake.load();
    let scan = (await overview(w)).historyScan;
    for (let i = 0; i < 100 && scan?.phase !== "messages"; i++) scan = (await overview(w)).historyScan;
    expect(scan?.phase).toBe("messages");
    w.fake.suspend();
    w.fake.host.messages.getRaw = getRaw;
    // The person sends a message while the page is suspended: Sent holds one more.
    w.fake.store(sent, [{ ...s.sent[0]!, headerMessageId: "sent-meanwhile@example.jp" }]);
    await w.fake.load();
    await w.idle();
    const ended = (await overview(w)).historyScan!;
    expect(ended.state).toBe("done");
    expect(ended.examined).toBe(ended.total);
    expect(ended.total).toBe(s.inbox.length + s.sent.length);
  });
});
