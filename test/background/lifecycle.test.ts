// The background page's life in Thunderbird: duplicate events, suspension, restarts, several accounts,
// special folders, the history scan, notifications, tagging and data deletion.
import { describe, expect, it } from "vitest";
import { analyzeMessage } from "../../src/core/analyze";
import { SentLog } from "../../src/core/sentlog";
import { assessMailbox } from "../../src/core/verdict/assess";
import { TAG_KEY } from "../../src/background/telling";
import { isBounceCandidate } from "../../src/background/screen";
import { TAGGING_PERMISSIONS, type BounceRecord, type HistoryScanProgress, type Overview, type Settings } from "../../src/shared/protocol";
import type { FakeMessage } from "../fakes/messenger";
import { account, DAY, latestDate, loadScenario, makeWorld, type Scenario, type World } from "./harness";

const SEED = "seed-story-hijacked-newsletter-account";

function candidates(s: Scenario): number {
  return s.inbox.filter((m) => isBounceCandidate(m.message)).length;
}

async function coreAlert(s: Scenario) {
  const reports = await Promise.all(s.inbox.map((m) => analyzeMessage(m.message.raw!)));
  const log = new SentLog();
  for (const m of s.sent) log.addRawMessage(m.raw!);
  return { alert: assessMailbox(reports, log, { addresses: s.me }).alert, bounces: reports.filter((r) => r.isBounce).length };
}

async function started(s: Scenario): Promise<World> {
  const world = makeWorld([account(1, s.me[0]!)], latestDate(s.inbox.map((m) => m.message)) + DAY);
  world.fake.store(world.fake.folder("account1", "sent"), s.sent);
  await world.fake.load();
  await world.idle();
  return world;
}

const overview = (w: World) => w.fake.request<Overview>({ type: "getOverview" });
const bounces = (w: World) => w.fake.request<BounceRecord[]>({ type: "listBounces" });
const inbox = (w: World, accountId = "account1") => w.fake.folder(accountId, "inbox");
const messages = (s: Scenario): FakeMessage[] => s.inbox.map((m) => m.message);

describe("events", () => {
  it("analyses each message once, whatever events repeat", async () => {
    const s = await loadScenario(SEED);
    const core = await coreAlert(s);
    const w = await started(s);
    await w.fake.deliver(inbox(w), messages(s));
    await w.idle();
    const first = w.fake.calls.getRaw;
    expect(first).toBe(candidates(s));
    // The same event again (Thunderbird fires per folder and may repeat), and copies of the same mail in Junk.
    const headers = w.fake.messagesIn(inbox(w));
    await w.fake.events.onNewMailReceived.fire([inbox(w), { messages: headers }], () => true);
    await w.fake.deliver(w.fake.folder("account1", "junk"), messages(s));
    await w.idle();
    expect(w.fake.calls.getRaw).toBe(first);
    expect((await bounces(w)).length).toBe(core.bounces);
    expect((await overview(w)).alert).toBe(core.alert);
  });

  it("reads a batch of more than one page (onNewMailReceived lists are paged)", async () => {
    const s = await loadScenario(SEED);
    const w = await started(s);
    const filler: FakeMessage[] = Array.from({ length: 250 }, (_, i) => ({
      author: `Friend ${i} <friend${i}@example.org>`, subject: `Lunch ${i}`, recipients: [s.me[0]!],
      date: new Date(latestDate(messages(s)) - i * 1000), headerMessageId: `filler-${i}@example.org`,
    }));
    await w.fake.deliver(inbox(w), [...filler, ...messages(s)]);
    await w.idle();
    expect(w.fake.calls.continueList).toBeGreaterThanOrEqual(2);
    expect((await bounces(w)).length).toBe((await coreAlert(s)).bounces);
  });

  it("ignores special folders without monitorAllFolders, and sees Junk with it", async () => {
    const s = await loadScenario(SEED);
    const w = await started(s);
    // The add-on registered with monitorAllFolders = true: Junk is delivered to it.
    expect(w.fake.events.onNewMailReceived.primed).toEqual([true]);
    await w.fake.deliver(w.fake.folder("account1", "junk"), messages(s));
    await w.idle();
    expect((await bounces(w)).length).toBe((await coreAlert(s)).bounces);
    expect((await bounces(w)).every((b) => b.folderPath === "/Junk")).toBe(true);
  });
});

describe("suspension and restarts", () => {
  it("a suspended page is woken by new mail and loses or repeats nothing", async () => {
    const s = await loadScenario(SEED);
    const core = await coreAlert(s);
    const w = await started(s);
    const half = Math.floor(s.inbox.length / 2);
    w.fake.suspend();
    await w.fake.deliver(inbox(w), messages(s).slice(0, half));
    await w.idle();
    expect(w.fake.suspended).toBe(false);
    w.fake.suspend();
    await w.fake.deliver(inbox(w), messages(s).slice(half));
    await w.idle();
    expect(w.fake.calls.getRaw).toBe(candidates(s));
    expect((await bounces(w)).length).toBe(core.bounces);
    expect((await overview(w)).alert).toBe(core.alert);
  });

  it("after a restart, catch-up finds what came while Thunderbird was closed, and nothing twice", async () => {
    const s = await loadScenario(SEED);
    const core = await coreAlert(s);
    const half = Math.floor(s.inbox.length / 2);
    // Thunderbird runs until just after the first half arrived.
    const w = makeWorld([account(1, s.me[0]!)], latestDate(messages(s).slice(0, half)) + 60_000);
    w.fake.store(w.fake.folder("account1", "sent"), s.sent);
    await w.fake.load();
    await w.idle();
    await w.fake.deliver(inbox(w), messages(s).slice(0, half));
    await w.idle();
    const before = await bounces(w);
    expect(before.every((b) => b.messageId !== null)).toBe(true);
    // Thunderbird is closed; mail arrives on the server and is synced without an event on the next start.
    w.fake.suspend();
    w.fake.store(inbox(w), messages(s).slice(half));
    w.clock.time = latestDate(messages(s)) + 3 * DAY;
    await w.fake.restart();
    await w.idle();
    expect(w.fake.calls.getRaw).toBe(candidates(s));
    const after = await bounces(w);
    expect(after.length).toBe(core.bounces);
    expect((await overview(w)).alert).toBe(core.alert);
    // Ids are per session: the UI gets this session's id (catch-up met the recent older bounces again) or none.
    const current = new Set(w.fake.messagesIn(inbox(w)).map((h) => h.id));
    expect(after.every((b) => b.messageId === null || current.has(b.messageId))).toBe(true);
    const keysBefore = new Set(before.map((b) => b.key));
    expect(after.filter((b) => !keysBefore.has(b.key)).every((b) => b.messageId !== null)).toBe(true);
    expect(after.filter((b) => keysBefore.has(b.key) && b.messageId !== null).length).toBeGreaterThan(0);
  });

  it("a wake soon after the last catch-up does not list the folders again", async () => {
    const s = await loadScenario(SEED);
    const w = await started(s);
    const queries = w.fake.calls.query + w.fake.calls.list;
    w.fake.suspend();
    w.clock.advance(60 * 1000);
    await w.fake.load();
    await w.idle();
    expect(w.fake.calls.query + w.fake.calls.list).toBe(queries);
  });
});

describe("accounts and folders", () => {
  it("three accounts: bounces in Inbox, Junk and a filter's folder, each kept with its account", async () => {
    const [a, b, c] = await Promise.all([SEED, "backscatter-freelancer-mixed-mtas", "jp-newsletter-qmail-own-bounces"].map(loadScenario));
    const now = Math.max(...[a!, b!, c!].map((s) => latestDate(messages(s)))) + DAY;
    const w = makeWorld([
      account(1, a!.me[0]!), { ...account(2, b!.me[0]!), extraFolders: ["Bounces"] }, { ...account(3, c!.me[0]!), type: "pop3" },
    ], now);
    w.fake.store(w.fake.folder("account1", "sent"), a!.sent);
    w.fake.store(w.fake.folder("account2", "sent"), b!.sent);
    w.fake.store(w.fake.folder("account3", "sent"), c!.sent);
    await w.fake.load();
    await w.idle();
    await w.fake.deliver(inbox(w, "account1"), messages(a!));
    await w.fake.deliver(w.fake.folder("account2", "Bounces"), messages(b!));
    await w.fake.deliver(w.fake.folder("account3", "junk"), messages(c!));
    await w.idle();
    const records = await bounces(w);
    const per = (id: string) => records.filter((r) => r.accountId === id).length;
    expect(per("account1")).toBe((await coreAlert(a!)).bounces);
    expect(per("account2")).toBe((await coreAlert(b!)).bounces);
    expect(per("account3")).toBe((await coreAlert(c!)).bounces);
    const o = await overview(w);
    expect(o.sentLogSize).toBe(a!.sent.length + b!.sent.length + c!.sent.length);
    const accounts = await w.fake.request<{ id: string; addresses: string[] }[]>({ type: "listAccounts" });
    expect(accounts.map((x) => x.id)).toEqual(["account1", "account2", "account3"]);
  });

  it("only the chosen accounts are watched", async () => {
    const s = await loadScenario(SEED);
    const w = await started(s);
    const settings = await w.fake.request<Settings>({ type: "getSettings" });
    await w.fake.request({ type: "saveSettings", settings: { ...settings, accounts: ["account9"] } });
    await w.fake.deliver(inbox(w), messages(s));
    await w.idle();
    expect(w.fake.calls.getRaw).toBe(0);
  });
});

describe("telling the person", () => {
  it("one notification when the alert rises, the badge counts unreviewed suspicious bounces, a click opens the report", async () => {
    const s = await loadScenario(SEED);
    const core = await coreAlert(s);
    expect(core.alert).not.toBe("none");
    const w = await started(s);
    for (const m of messages(s)) await w.fake.deliver(inbox(w), [m]);
    await w.idle();
    const o = await overview(w);
    expect(w.fake.notifications.length).toBeGreaterThanOrEqual(1);
    expect(w.fake.notifications.length).toBeLessThanOrEqual(2); // none → spoofing → compromise at most
    const last = w.fake.notifications.at(-1)!;
    expect(last.options.title).not.toBe("");
    expect(last.options.message).not.toBe("");
    expect(w.fake.badge).toBe(o.unreviewed > 0 ? String(o.unreviewed) : "");
    expect(o.unreviewed).toBeGreaterThan(0);

    await w.fake.clickNotification(last.id);
    expect(w.fake.openedTabs).toEqual(["moz-extension://bounce-sentinel/report/report.html"]);

    const keys = (await bounces(w)).map((b) => b.key);
    const reviewed = await w.fake.request<Overview>({ type: "markReviewed", keys, reviewed: true });
    expect(reviewed.unreviewed).toBe(0);
    expect(w.fake.badge).toBe("");
    // More of the same alert level: no second notification.
    const count = w.fake.notifications.length;
    await w.fake.deliver(w.fake.folder("account1", "junk"), messages(s));
    await w.idle();
    expect(w.fake.notifications.length).toBe(count);
  });

  it("open UI pages are told about changes", async () => {
    const s = await loadScenario(SEED);
    const w = await started(s);
    const page = w.fake.uiPage();
    const heard: unknown[] = [];
    page.runtime.onMessage.addListener((m) => { heard.push(m); });
    await w.fake.deliver(inbox(w), messages(s).slice(0, 3));
    await w.idle();
    expect(heard).toContainEqual({ type: "changed" });
    const o = await page.runtime.sendMessage({ type: "getOverview" }) as Overview;
    expect(o.verdicts).toBeDefined();
  });

  it("tags nothing by default; with the setting and the optional permissions, tags suspicious bounces", async () => {
    const s = await loadScenario(SEED);
    const w = await started(s);
    await w.fake.deliver(inbox(w), messages(s));
    await w.idle();
    expect(w.fake.calls.update).toBe(0);
    const settings = await w.fake.request<Settings>({ type: "getSettings" });
    expect(settings.tagSuspicious).toBe(false);
    await w.fake.request({ type: "saveSettings", settings: { ...settings, tagSuspicious: true } });
    expect(w.fake.calls.update).toBe(0); // not granted yet
    // The options page asks for the optional permissions when the person turns tagging on.
    await w.fake.uiPage().permissions.request(TAGGING_PERMISSIONS);
    await w.fake.request({ type: "saveSettings", settings: { ...settings, tagSuspicious: true } });
    const o = await overview(w);
    const suspicious = (await bounces(w)).filter((b) => b.judgement.verdict === "compromise" || (o.alert !== "none" && b.judgement.verdict === "spoofed"));
    expect(w.fake.calls.update).toBeGreaterThanOrEqual(suspicious.length);
    const headers = w.fake.messagesIn(inbox(w));
    expect(headers.filter((h) => h.tags.includes(TAG_KEY)).length).toBe(w.fake.calls.update);
    // Tagged once: judging again does not tag again.
    const updates = w.fake.calls.update;
    await w.fake.request({ type: "saveSettings", settings: { ...settings, tagSuspicious: true } });
    expect(w.fake.calls.update).toBe(updates);
    // Reviewed bounces lose the tag.
    await w.fake.request({ type: "markReviewed", keys: (await bounces(w)).map((b) => b.key), reviewed: true });
    expect(w.fake.messagesIn(inbox(w)).filter((h) => h.tags.includes(TAG_KEY))).toEqual([]);
  });
});

describe("history scan", () => {
  it("scans the last N days of all folders on first start, with a total and a count of bounces", async () => {
    const s = await loadScenario(SEED);
    const now = latestDate(messages(s)) + DAY;
    const w = makeWorld([account(1, s.me[0]!)], now);
    w.fake.store(w.fake.folder("account1", "sent"), s.sent);
    w.fake.store(inbox(w), messages(s));
    const old: FakeMessage[] = messages(s).map((m) => ({ ...m, headerMessageId: `old-${m.headerMessageId}`, date: new Date(now - 200 * DAY) }));
    w.fake.store(inbox(w), old);
    await w.fake.load();
    await w.idle();
    const scan = (await overview(w)).historyScan!;
    expect(scan.state).toBe("done");
    expect(scan.first).toBe(true);
    expect(scan.phase).toBe("finished");
    // The total is every message of every watched folder (Sent included), known from the folder counts.
    expect(scan.total).toBe(2 * s.inbox.length + s.sent.length);
    expect(scan.examined).toBe(scan.total);
    expect(scan.screened).toBe(s.inbox.length);
    expect(scan.bouncesFound).toBe((await coreAlert(s)).bounces);
    expect(w.fake.calls.getRaw).toBe(candidates(s));
  });

  it("interrupted by a suspension, starts again on the next load with the same number of days", async () => {
    const s = await loadScenario(SEED);
    const w = await started(s);
    const now = w.clock.now();
    w.fake.store(inbox(w), messages(s).map((m, i) => ({ ...m, date: new Date(now - (i % 2 === 0 ? 10 : 50) * DAY) })));
    await w.fake.request({ type: "startHistoryScan", days: 30 });
    w.fake.suspend(); // the page goes while the scan runs; its progress stays "running" in the database
    await w.fake.load();
    await w.idle();
    const scan = (await overview(w)).historyScan!;
    expect(scan.state).toBe("done");
    expect(scan.screened).toBe(Math.ceil(s.inbox.length / 2));
  });

  it("reaches no further back than the retention period", async () => {
    const s = await loadScenario(SEED);
    const w = await started(s);
    const now = w.clock.now();
    const settings = await w.fake.request<Settings>({ type: "getSettings" });
    await w.fake.request({ type: "saveSettings", settings: { ...settings, retentionDays: 30 } });
    w.fake.store(inbox(w), messages(s).map((m, i) => ({ ...m, date: new Date(now - (i % 2 === 0 ? 10 : 50) * DAY) })));
    await w.fake.request({ type: "startHistoryScan", days: 90 });
    await w.idle();
    expect((await overview(w)).historyScan!.screened).toBe(Math.ceil(s.inbox.length / 2));
  });

  it("can be cancelled, and started again on demand without downloading twice", async () => {
    const s = await loadScenario(SEED);
    const w = await started(s);
    w.fake.store(inbox(w), messages(s));
    const running = await w.fake.request<HistoryScanProgress>({ type: "startHistoryScan", days: 30 });
    expect(running.state).toBe("running");
    const cancelled = await w.fake.request<HistoryScanProgress>({ type: "cancelHistoryScan" });
    expect(cancelled.state).toBe("cancelled");
    const raws = w.fake.calls.getRaw;
    expect(raws).toBeLessThan(candidates(s));
    await w.fake.request({ type: "startHistoryScan", days: 30 });
    await w.idle();
    expect((await overview(w)).historyScan!.state).toBe("done");
    expect(w.fake.calls.getRaw).toBe(candidates(s));
  });
});

describe("Sent log", () => {
  it("takes mail sent without a kept copy from compose.onAfterSend, and copies from Sent folders", async () => {
    const s = await loadScenario(SEED);
    const w = await started(s);
    const before = (await overview(w)).sentLogSize;
    const mail = (id: string): FakeMessage => ({ author: s.me[0]!, subject: "Hello", recipients: ["x@example.org"], date: new Date(w.clock.now()), headerMessageId: id });
    await w.fake.send("account1", mail("sent-1@example.jp"), false);
    await w.fake.send("account1", mail("sent-2@example.jp"), true);
    await w.idle();
    expect((await overview(w)).sentLogSize).toBe(before + 2);
    // Mail sent from a phone shows up in Sent as new mail there.
    await w.fake.deliver(w.fake.folder("account1", "sent"), [mail("phone-1@example.jp")]);
    await w.idle();
    expect((await overview(w)).sentLogSize).toBe(before + 3);
  });
});

describe("data", () => {
  it("dismiss removes bounces for good; deleteAllData empties everything and nothing comes back", async () => {
    const s = await loadScenario(SEED);
    const w = await started(s);
    await w.fake.deliver(inbox(w), messages(s));
    await w.idle();
    const all = await bounces(w);
    await w.fake.request({ type: "dismiss", keys: [all[0]!.key] });
    expect((await bounces(w)).length).toBe(all.length - 1);
    const emptied = await w.fake.request<Overview>({ type: "deleteAllData" });
    expect(emptied.verdicts.compromise + emptied.verdicts.spoofed + emptied.verdicts.undetermined + emptied.verdicts["own-mail"]).toBe(0);
    w.clock.advance(DAY);
    w.fake.suspend();
    await w.fake.load();
    await w.idle();
    expect((await bounces(w)).length).toBe(0);
    expect(w.fake.badge).toBe("");
  });

  it("retention drops bounces older than retentionDays", async () => {
    const s = await loadScenario(SEED);
    const w = await started(s);
    await w.fake.deliver(inbox(w), messages(s));
    await w.idle();
    expect((await bounces(w)).length).toBeGreaterThan(0);
    const settings = await w.fake.request<Settings>({ type: "getSettings" });
    await w.fake.request({ type: "saveSettings", settings: { ...settings, retentionDays: 30 } });
    w.clock.advance(31 * DAY);
    w.fake.suspend();
    await w.fake.load();
    await w.idle();
    expect((await bounces(w)).length).toBe(0);
  });
});
