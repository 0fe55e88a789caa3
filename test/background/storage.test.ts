// Storage faults (issue 14 item 5): the quota exceeded, a transaction aborted part-way, a database of an
// older schema version, a page suspended in the middle of a history scan. Nothing may be lost, nothing
// analysed twice once kept, and the overview must say what is going on (Overview.storage).
import { describe, expect, it } from "vitest";
import { analyzeMessage } from "../../src/core/analyze";
import { SentLog } from "../../src/core/sentlog";
import { assessMailbox } from "../../src/core/verdict/assess";
import { DB_VERSION, openDatabase } from "../../src/background/db";
import { isBounceCandidate } from "../../src/background/screen";
import type { BounceRecord, HistoryScanProgress, Overview } from "../../src/shared/protocol";
import type { FakeMessage } from "../fakes/messenger";
import { StorageFaults } from "./faults";
import { account, DAY, latestDate, loadScenario, makeWorld, type Scenario, type World } from "./harness";

const SEED = "seed-story-hijacked-newsletter-account";
const faults = new StorageFaults();

async function expected(s: Scenario) {
  const reports = await Promise.all(s.inbox.map((m) => analyzeMessage(m.message.raw!)));
  const log = new SentLog();
  for (const m of s.sent) log.addRawMessage(m.raw!);
  return {
    alert: assessMailbox(reports, log, { addresses: s.me }).alert,
    bounces: reports.filter((r) => r.isBounce).length,
    candidates: s.inbox.filter((m) => isBounceCandidate(m.message)).length,
  };
}

async function started(s: Scenario, now = latestDate(s.inbox.map((m) => m.message)) + DAY): Promise<World> {
  const world = makeWorld([account(1, s.me[0]!)], now);
  world.fake.store(world.fake.folder("account1", "sent"), s.sent);
  await world.fake.load();
  await world.idle();
  return world;
}

const overview = (w: World) => w.fake.request<Overview>({ type: "getOverview" });
const bounces = (w: World) => w.fake.request<BounceRecord[]>({ type: "listBounces" });
const inbox = (w: World) => w.fake.folder("account1", "inbox");
const messages = (s: Scenario): FakeMessage[] => s.inbox.map((m) => m.message);

/**
 * The page is suspended and woken again `ms` later (by an event, or the next start-up look). With
 * `failing`, its start-up work may end in the storage error (the listener's promise rejects, as in Thunderbird).
 */
async function nextLoad(w: World, ms: number, failing = false): Promise<void> {
  w.fake.suspend();
  w.clock.advance(ms);
  const loaded = w.fake.load().then(() => w.idle());
  await (failing ? loaded.catch(() => undefined) : loaded);
}

describe("quota exceeded", () => {
  it("keeps nothing half-way, says the storage is full, and analyses what was missed once there is room", async () => {
    const s = await loadScenario(SEED);
    const want = await expected(s);
    const w = await started(s);
    faults.set({ error: "QuotaExceededError", afterWrites: 1 });
    try {
      await w.fake.deliver(inbox(w), messages(s));
      await w.idle();
      expect(faults.aborted).toBe(want.candidates);
      const full = await overview(w);
      expect(full.storage.state).toBe("full");
      expect(full.storage.since).not.toBeNull();
      expect(full.storage.waiting).toBe(want.candidates);
      expect((await bounces(w)).length).toBe(0);
      // Still full at the next load: the look is tried again, and fails again without damage.
      await nextLoad(w, 60_000, true);
      expect((await overview(w)).storage.state).toBe("full");
      expect((await bounces(w)).length).toBe(0);
    } finally {
      faults.clear();
    }
    // Space was freed; the next load looks again (sooner than the usual catch-up interval), and keeps it all.
    const raws = w.fake.calls.getRaw;
    await nextLoad(w, 60_000);
    const after = await overview(w);
    expect(after.storage).toEqual({ state: "ok", since: null, waiting: 0 });
    expect((await bounces(w)).length).toBe(want.bounces);
    expect(after.alert).toBe(want.alert);
    expect(w.fake.calls.getRaw - raws).toBe(want.candidates);
    // Kept now: never downloaded again.
    await nextLoad(w, 11 * 60_000);
    expect(w.fake.calls.getRaw - raws).toBe(want.candidates);
    expect((await bounces(w)).length).toBe(want.bounces);
  });

  it("a first history scan on a full disk finishes, and the next look finds every bounce it could not keep", async () => {
    const s = await loadScenario(SEED);
    const want = await expected(s);
    const w = makeWorld([account(1, s.me[0]!)], latestDate(messages(s)) + DAY);
    w.fake.store(w.fake.folder("account1", "sent"), s.sent);
    w.fake.store(inbox(w), messages(s));
    // Full after the first few writes of the start-up (install time, scan progress).
    faults.set({ error: "QuotaExceededError", afterWrites: 1, stores: ["seen", "bounces", "sentChunks", "folders"] });
    try {
      await w.fake.load().then(() => w.idle()).catch(() => undefined);
      const full = await overview(w);
      expect(full.storage.state).toBe("full");
      expect(full.historyScan?.phase).toBe("finished");
      expect((await bounces(w)).length).toBe(0);
    } finally {
      faults.clear();
    }
    await nextLoad(w, 60_000);
    expect((await bounces(w)).length).toBe(want.bounces);
    expect((await overview(w)).alert).toBe(want.alert);
  });
});

describe("a transaction aborted part-way", () => {
  it("keeps neither the seen mark nor the bounce of the aborted write, and stores the bounce once later", async () => {
    const s = await loadScenario(SEED);
    const want = await expected(s);
    const w = await started(s);
    // The first analysis is stored in one transaction (seen mark, then the bounce): abort it after the first write.
    faults.set({ error: "AbortError", afterWrites: 1, stores: ["bounces"], times: 1 });
    await w.fake.deliver(inbox(w), messages(s));
    await w.idle();
    faults.clear();
    expect(faults.aborted).toBeGreaterThan(0);
    const partial = await overview(w);
    expect(partial.storage.waiting).toBe(1);
    expect(partial.storage.state).toBe("ok"); // later writes succeeded
    const missing = want.bounces - (await bounces(w)).length;
    // A non-bounce candidate may have been the aborted one; then every bounce is there already.
    expect(missing === 0 || missing === 1).toBe(true);
    const raws = w.fake.calls.getRaw;
    await nextLoad(w, 60_000);
    expect((await bounces(w)).length).toBe(want.bounces);
    expect((await overview(w)).storage.waiting).toBe(0);
    // Only the one whose analysis was not kept was downloaded again.
    expect(w.fake.calls.getRaw - raws).toBe(1);
    expect((await overview(w)).alert).toBe(want.alert);
  });

  it("an aborted write of the judgements leaves the stored state consistent and the next change repairs it", async () => {
    const s = await loadScenario(SEED);
    const want = await expected(s);
    const w = await started(s);
    // Every write of the account states and the alert fails while the bounces arrive.
    faults.set({ error: "UnknownError", afterWrites: 1, stores: ["meta"] });
    await w.fake.deliver(inbox(w), messages(s)).catch(() => undefined);
    await w.idle().catch(() => undefined);
    const failing = await overview(w);
    faults.clear();
    expect(failing.storage.state).toBe("failing");
    expect((await bounces(w)).length).toBe(want.bounces);
    await nextLoad(w, 11 * 60_000);
    const repaired = await overview(w);
    expect(repaired.storage.state).toBe("ok");
    expect(repaired.alert).toBe(want.alert);
  });
});

describe("a page suspended in the middle of a history scan", () => {
  it("goes on where it was: every bounce kept once, none downloaded twice, the counts not lost", async () => {
    const s = await loadScenario(SEED);
    const want = await expected(s);
    const w = makeWorld([{ ...account(1, s.me[0]!), extraFolders: ["Bounces"] }], latestDate(messages(s)) + DAY);
    w.fake.store(w.fake.folder("account1", "sent"), s.sent);
    // Two folders: the scan finishes the first, is suspended in the middle of the second.
    const half = Math.floor(s.inbox.length / 2);
    w.fake.store(inbox(w), messages(s).slice(0, half));
    w.fake.store(w.fake.folder("account1", "Bounces"), messages(s).slice(half));
    const inFirst = s.inbox.slice(0, half).filter((m) => isBounceCandidate(m.message)).length;
    const getRaw = w.fake.host.messages.getRaw;
    // Suspended at a download in the second folder, the first one finished.
    let suspendedAt: HistoryScanProgress | null = null;
    let suspended = () => {};
    const suspension = new Promise<void>((resolve) => { suspended = resolve; });
    w.fake.host.messages.getRaw = (async (...args: Parameters<typeof getRaw>) => {
      if (w.fake.calls.getRaw === inFirst + 2 && !suspendedAt) {
        suspendedAt = (await overview(w)).historyScan;
        w.fake.suspend();
        suspended();
        return new Promise(() => undefined); // this call, as every later one of the unloaded page, never answers
      }
      return getRaw(...args);
    }) as typeof getRaw;
    await w.fake.load();
    await suspension;
    expect(suspendedAt!.state).toBe("running");
    expect(suspendedAt!.phase).toBe("messages");
    // A minute later the person opens the popup: the request wakes the page, whose start-up resumes the scan.
    w.clock.advance(60_000);
    const stored = new Map((await bounces(w)).map((b) => [b.key, b.analyzedAt]));
    expect(stored.size).toBeGreaterThan(0);
    await w.idle();
    const scan = (await overview(w)).historyScan!;
    expect(scan.state).toBe("done");
    expect(scan.bouncesFound).toBe(want.bounces);
    expect(scan.screened).toBe(s.inbox.length);
    expect(scan.examined).toBe(scan.total);
    // Downloaded once each (the download the suspension cut off never reached Thunderbird).
    expect(w.fake.calls.getRaw).toBe(want.candidates);
    const all = await bounces(w);
    expect(all.length).toBe(want.bounces);
    expect(new Set(all.map((b) => b.key)).size).toBe(all.length);
    for (const b of all) if (stored.has(b.key)) expect(b.analyzedAt).toBe(stored.get(b.key));
    expect((await overview(w)).alert).toBe(want.alert);
  });
});

/**
 * Each released schema as it was released, written out here rather than taken from the migrations, so that a
 * migration edited after its release (instead of a new one appended) fails these tests.
 */
function schema1(db: IDBDatabase): void {
  db.createObjectStore("bounces", { keyPath: "key" });
  db.createObjectStore("seen", { keyPath: "key" }).createIndex("at", "at");
  db.createObjectStore("sentChunks", { autoIncrement: true });
  db.createObjectStore("folders", { keyPath: "folderKey" });
  db.createObjectStore("meta");
}

const RELEASED_SCHEMAS: Record<number, (db: IDBDatabase) => void> = {
  1: schema1,
  2: (db) => {
    schema1(db);
    db.createObjectStore("dmarcReports", { keyPath: "key" }).createIndex("end", "end");
  },
};

function describeSchema(db: IDBDatabase): unknown {
  const names = [...db.objectStoreNames].sort();
  const tx = db.transaction(names, "readonly");
  return names.map((name) => {
    const store = tx.objectStore(name);
    return { name, keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes: [...store.indexNames].sort() };
  });
}

function openAt(idb: IDBFactory, version: number, upgrade: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = idb.open("bounce-sentinel", version);
    request.onupgradeneeded = () => upgrade(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

describe("a database of an earlier version", () => {
  it("the current migrations build the released schema of the current version", async () => {
    const { IDBFactory } = await import("fake-indexeddb");
    // Every version from the first to the current one has its schema written out above.
    expect(Object.keys(RELEASED_SCHEMAS).map(Number)).toEqual(Array.from({ length: DB_VERSION }, (_, i) => i + 1));
    const released = await openAt(new IDBFactory(), DB_VERSION, RELEASED_SCHEMAS[DB_VERSION]!);
    const migrated = await openDatabase(new IDBFactory());
    expect(describeSchema(migrated)).toEqual(describeSchema(released));
    released.close();
    migrated.close();
  });

  for (const version of Object.keys(RELEASED_SCHEMAS).map(Number)) {
    it(`version ${version}, with records in the shapes its release wrote, opens without loss and is judged`, async () => {
      const s = await loadScenario(SEED);
      const want = await expected(s);
      const now = latestDate(messages(s)) + DAY;
      const w = makeWorld([account(1, s.me[0]!)], now);
      w.fake.store(w.fake.folder("account1", "sent"), s.sent);
      const headers = w.fake.store(inbox(w), messages(s));
      // The records an earlier release wrote: its analyses (judgements without a trace, no dismissed flag),
      // seen marks for every candidate, the Sent log, the settings and its watermarks.
      const old = await openAt(w.idb, version, RELEASED_SCHEMAS[version]!);
      const tx = old.transaction(["bounces", "seen", "sentChunks", "folders", "meta"], "readwrite");
      let kept = 0;
      for (const [i, m] of s.inbox.entries()) {
        if (!isBounceCandidate(m.message)) continue;
        const key = `account1|${m.message.headerMessageId}`;
        tx.objectStore("seen").put({ key, at: now - DAY });
        const report = await analyzeMessage(m.message.raw!);
        if (!report.isBounce) continue;
        kept++;
        tx.objectStore("bounces").put({
          key, messageId: headers[i]!.id, accountId: "account1", folderPath: "/INBOX", analyzedAt: new Date(now - DAY).toISOString(),
          report, judgement: { verdict: "undetermined", risk: 0, evidence: [] }, reviewed: i % 2 === 0, alerting: false,
          headerMessageId: m.message.headerMessageId, session: "an-earlier-session", tagged: false,
        });
      }
      tx.objectStore("sentChunks").add({
        source: "account1:/Sent", entries: s.sent.map((m) => ({ messageId: m.headerMessageId, date: m.date.getTime(), recipients: m.recipients })),
      });
      tx.objectStore("folders").put({ folderKey: "watch:account1:/INBOX", watermark: now - DAY });
      tx.objectStore("meta").put({ historyDays: 30, notify: false }, "settings");
      tx.objectStore("meta").put(now - 2 * DAY, "installedAt");
      await new Promise((resolve) => { tx.oncomplete = resolve; });
      old.close();
      expect(kept).toBe(want.bounces);

      await w.fake.load();
      await w.idle();
      const o = await overview(w);
      expect(o.storage.state).toBe("ok");
      expect((await bounces(w)).length).toBe(want.bounces);
      expect(o.sentLogSize).toBe(s.sent.length);
      expect(o.alert).toBe(want.alert);
      expect((await w.fake.request<{ historyDays: number; notify: boolean }>({ type: "getSettings" })).notify).toBe(false);
      // What the earlier release had analysed is not downloaded again.
      expect(w.fake.calls.getRaw).toBe(0);
    });
  }
});
