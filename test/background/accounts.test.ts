// Living with the alert, per account: each account's own state, "I have dealt with it", a new alert after it,
// notifications per account and rise, unwatched accounts out of every count, every account type that receives mail.
import { describe, expect, it } from "vitest";
import { TAG_KEY } from "../../src/background/telling";
import type { AccountState, BounceRecord, HistoryScanProgress, Overview, Settings } from "../../src/shared/protocol";
import { TAGGING_PERMISSIONS } from "../../src/shared/protocol";
import { fakeMessageOf, type FakeMessage } from "../fakes/messenger";
import { account, DAY, latestDate, loadScenario, makeWorld, type Scenario, type World } from "./harness";

const COMPROMISED = "alias-sales-compromise-cpanel-exim";
const CLEAN = "jp-newsletter-qmail-own-bounces";
const SPOOFED = "backscatter-freelancer-mixed-mtas";

const overview = (w: World) => w.fake.request<Overview>({ type: "getOverview" });
const bounces = (w: World, accountId?: string) => w.fake.request<BounceRecord[]>({ type: "listBounces", accountId });
const settingsOf = (w: World) => w.fake.request<Settings>({ type: "getSettings" });
const stateOf = async (w: World, accountId: string): Promise<AccountState | undefined> =>
  (await overview(w)).accounts.find((a) => a.accountId === accountId);
const messages = (s: Scenario): FakeMessage[] => s.inbox.map((m) => m.message);

/** The same message written again at `date` under a new Message-ID (a new bounce of the same kind). */
async function rewritten(message: FakeMessage, date: Date, tag: string): Promise<FakeMessage> {
  const text = new TextDecoder("latin1").decode(message.raw!);
  const end = text.search(/\r?\n\r?\n/);
  const head = text.slice(0, end)
    .replace(/^Date:[^\r\n]*(\r?\n[ \t][^\r\n]*)*/im, `Date: ${date.toUTCString().replace("GMT", "+0000")}`)
    .replace(/^Message-ID:\s*<([^>]*)>/im, (_m, id: string) => `Message-ID: <${tag}.${id}>`);
  const raw = Uint8Array.from([...head + text.slice(end)].map((c) => c.charCodeAt(0) & 0xff));
  return fakeMessageOf(raw);
}

/** Two accounts: a compromised one and a clean one, each with its Sent folder; the page is loaded and idle. */
async function twoAccounts(): Promise<{ w: World; bad: Scenario; good: Scenario }> {
  const [bad, good] = await Promise.all([loadScenario(COMPROMISED), loadScenario(CLEAN)]);
  const now = Math.max(latestDate(messages(bad!)), latestDate(messages(good!))) + DAY;
  const w = makeWorld([{ ...account(1, bad!.me[0]!), name: "Moreno Tiles" }, { ...account(2, good!.me[0]!), name: "Yamada Printing" }], now);
  w.fake.store(w.fake.folder("account1", "sent"), bad!.sent);
  w.fake.store(w.fake.folder("account2", "sent"), good!.sent);
  await w.fake.load();
  await w.idle();
  return { w, bad: bad!, good: good! };
}

describe("each account has its own state", () => {
  it("a compromise in one account: its state, named notification and badge; the other stays all clear", async () => {
    const { w, bad, good } = await twoAccounts();
    await w.fake.deliver(w.fake.folder("account1", "inbox"), messages(bad));
    await w.fake.deliver(w.fake.folder("account2", "inbox"), messages(good));
    await w.idle();
    const o = await overview(w);
    expect(o.alert).toBe("compromise");
    expect(o.accounts.map((a) => [a.accountId, a.state])).toEqual([["account1", "compromise"], ["account2", "clear"]]);
    const compromised = o.accounts[0]!;
    expect(compromised.name).toBe("Moreno Tiles");
    expect(compromised.addresses).toEqual([bad.me[0]]);
    expect(compromised.reasons).toContain("compromise_bounce");
    const evidence = (await bounces(w, "account1")).filter((b) => b.alerting);
    expect(evidence.length).toBe(compromised.unreviewed);
    expect(evidence.every((b) => b.judgement.verdict === "compromise")).toBe(true);
    const dates = evidence.map((b) => Date.parse(b.report.envelope.date));
    expect(Date.parse(compromised.since!)).toBe(Math.min(...dates));
    expect(Date.parse(compromised.latest!)).toBe(Math.max(...dates));
    expect(o.accounts[1]!.since).toBeNull();
    // One notification, for the compromised account, naming it.
    expect(w.fake.notifications).toHaveLength(1);
    const n = w.fake.notifications[0]!;
    expect(n.id).toBe("bounce-sentinel-alert:account1");
    expect(n.options.title).toContain("Moreno Tiles");
    expect(n.options.title).toContain(bad.me[0]);
    expect(n.options.message).toContain("Moreno Tiles");
    expect(w.fake.badge).toBe(String(compromised.unreviewed));
    // Each account's bounces are judged on their own (their own counts).
    expect(o.accounts[1]!.verdicts["own-mail"]).toBe(good.inbox.filter((m) => m.expected === "own-mail").length);
    expect(o.accounts[0]!.verdicts.compromise).toBe(bad.inbox.filter((m) => m.expected === "compromise").length);
  });

  it("'I have dealt with it': resolved with the date, evidence kept, and a new compromise after it notifies again", async () => {
    const { w, bad } = await twoAccounts();
    await w.fake.deliver(w.fake.folder("account1", "inbox"), messages(bad));
    await w.idle();
    const before = await bounces(w, "account1");
    expect((await stateOf(w, "account1"))!.state).toBe("compromise");
    expect(w.fake.notifications).toHaveLength(1);

    w.clock.advance(3600_000);
    const resolvedAt = w.clock.now();
    const o = await w.fake.request<Overview>({ type: "resolveAccount", accountId: "account1" });
    const resolved = o.accounts.find((a) => a.accountId === "account1")!;
    expect(resolved.state).toBe("resolved");
    expect(Date.parse(resolved.resolvedAt!)).toBe(resolvedAt);
    expect(resolved.unreviewed).toBe(0);
    expect(o.alert).toBe("none");
    expect(w.fake.badge).toBe("");
    // The earlier evidence is kept, with its verdicts, but no longer stands behind the alert.
    const after = await bounces(w, "account1");
    expect(after.map((b) => [b.key, b.judgement.verdict])).toEqual(before.map((b) => [b.key, b.judgement.verdict]));
    expect(after.some((b) => b.alerting)).toBe(false);
    // More of the old (a copy dated before the resolution) raises nothing.
    const compromises = bad.inbox.filter((m) => m.expected === "compromise").map((m) => m.message);
    await w.fake.deliver(w.fake.folder("account1", "junk"), [await rewritten(compromises[0]!, new Date(resolvedAt - DAY), "late")]);
    await w.idle();
    expect((await stateOf(w, "account1"))!.state).toBe("resolved");
    expect(w.fake.notifications).toHaveLength(1);

    // Something new after that date: compromise again, notified again.
    w.clock.advance(2 * DAY);
    await w.fake.deliver(w.fake.folder("account1", "inbox"), [await rewritten(compromises[1]!, new Date(w.clock.now() - 3600_000), "new")]);
    await w.idle();
    const again = (await stateOf(w, "account1"))!;
    expect(again.state).toBe("compromise");
    expect(again.unreviewed).toBe(1);
    expect(Date.parse(again.since!)).toBeGreaterThan(resolvedAt);
    expect(again.resolvedAt).toBe(resolved.resolvedAt);
    expect(w.fake.notifications).toHaveLength(2);
    expect(w.fake.notifications[1]!.id).toBe("bounce-sentinel-alert:account1");
  });

  it("a new alert in a second account notifies while the first account's alert stands; more of the same does not", async () => {
    const [bad, spoofed] = await Promise.all([loadScenario(COMPROMISED), loadScenario(SPOOFED)]);
    const now = Math.max(latestDate(messages(bad)), latestDate(messages(spoofed))) + DAY;
    const w = makeWorld([account(1, bad.me[0]!), account(2, spoofed.me[0]!)], now);
    w.fake.store(w.fake.folder("account1", "sent"), bad.sent);
    w.fake.store(w.fake.folder("account2", "sent"), spoofed.sent);
    await w.fake.load();
    await w.idle();
    await w.fake.deliver(w.fake.folder("account1", "inbox"), messages(bad));
    await w.idle();
    expect(w.fake.notifications.map((n) => n.id)).toEqual(["bounce-sentinel-alert:account1"]);
    await w.fake.deliver(w.fake.folder("account2", "inbox"), messages(spoofed));
    await w.idle();
    expect(w.fake.notifications.map((n) => n.id)).toEqual(["bounce-sentinel-alert:account1", "bounce-sentinel-alert:account2"]);
    expect(w.fake.notifications[1]!.options.title).toContain(spoofed.me[0]);
    expect((await stateOf(w, "account2"))!.state).toBe("spoofing");
    // The same evidence again (copies in Junk): no rise, no notification.
    await w.fake.deliver(w.fake.folder("account1", "junk"), messages(bad));
    await w.fake.deliver(w.fake.folder("account2", "junk"), messages(spoofed));
    await w.idle();
    expect(w.fake.notifications).toHaveLength(2);
  });

  it("an unwatched account drops out of every count, the list and the badge, and comes back when ticked again", async () => {
    const { w, bad, good } = await twoAccounts();
    await w.fake.deliver(w.fake.folder("account1", "inbox"), messages(bad));
    await w.fake.deliver(w.fake.folder("account2", "inbox"), messages(good));
    await w.idle();
    const all = await overview(w);
    const settings = await settingsOf(w);
    await w.fake.request({ type: "saveSettings", settings: { ...settings, accounts: ["account2"] } });
    const o = await overview(w);
    expect(o.alert).toBe("none");
    expect(o.accounts.map((a) => a.accountId)).toEqual(["account2"]);
    expect(o.unreviewed).toBe(0);
    expect(o.verdicts.compromise).toBe(0);
    expect(o.verdicts["own-mail"]).toBe(all.accounts.find((a) => a.accountId === "account2")!.verdicts["own-mail"]);
    expect(o.daily.reduce((n, d) => n + d.counts.compromise, 0)).toBe(0);
    expect((await bounces(w)).every((b) => b.accountId === "account2")).toBe(true);
    expect(w.fake.badge).toBe("");
    // The options page still offers the unticked account.
    const offered = await w.fake.request<{ id: string }[]>({ type: "listAccounts" });
    expect(offered.map((a) => a.id)).toEqual(["account1", "account2"]);
    await w.fake.request({ type: "saveSettings", settings: { ...settings, accounts: [] } });
    expect((await overview(w)).alert).toBe("compromise");
    expect(w.fake.badge).not.toBe("");
  });

  it("while the first check runs the state is checking, never all clear; its result names messages, accounts and period", async () => {
    const { good } = { good: await loadScenario(CLEAN) };
    const now = latestDate(messages(good)) + DAY;
    const w = makeWorld([account(1, good.me[0]!), account(2, "other@example.org")], now);
    w.fake.store(w.fake.folder("account1", "sent"), good.sent);
    w.fake.store(w.fake.folder("account1", "inbox"), messages(good));
    // Hold the downloads, so the check is seen while it runs.
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const getRaw = w.fake.host.messages.getRaw;
    w.fake.host.messages.getRaw = (async (...args: Parameters<typeof getRaw>) => { await held; return getRaw(...args); }) as typeof getRaw;
    await w.fake.load();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const during = await overview(w);
    expect(during.historyScan?.state).toBe("running");
    expect(during.historyScan?.first).toBe(true);
    expect(during.accounts.map((a) => a.state)).toEqual(["checking", "checking"]);
    expect(during.historyScan!.total).toBeGreaterThan(0);
    release();
    await w.idle();
    const after = await overview(w);
    expect(after.accounts.map((a) => a.state)).toEqual(["clear", "clear"]);
    const scan: HistoryScanProgress = after.historyScan!;
    expect(scan).toMatchObject({ state: "done", phase: "finished", accounts: 2, screened: good.inbox.length });
    expect(scan.examined).toBe(scan.total);
    expect(Date.parse(scan.since)).toBe(now - 90 * DAY);
    expect(w.fake.notifications).toHaveLength(0);
  });
});

describe("every account that receives mail", () => {
  it("watches Exchange (ews) and local accounts, not feeds or news", async () => {
    const s = await loadScenario(COMPROMISED);
    const now = latestDate(messages(s)) + DAY;
    const w = makeWorld([
      { ...account(1, s.me[0]!), type: "ews", name: "Microsoft 365" },
      { ...account(2, "feeds@example.org"), type: "rss" },
      { ...account(3, "news@example.org"), type: "nntp" },
      { ...account(4, "local@example.org"), type: "local" },
    ], now);
    w.fake.store(w.fake.folder("account1", "sent"), s.sent);
    await w.fake.load();
    await w.idle();
    const offered = await w.fake.request<{ id: string }[]>({ type: "listAccounts" });
    expect(offered.map((a) => a.id)).toEqual(["account1", "account4"]);
    await w.fake.deliver(w.fake.folder("account1", "inbox"), messages(s));
    await w.fake.deliver(w.fake.folder("account2", "inbox"), messages(s));
    await w.idle();
    const o = await overview(w);
    expect(o.accounts.map((a) => [a.accountId, a.state])).toEqual([["account1", "compromise"], ["account4", "clear"]]);
    expect((await bounces(w)).every((b) => b.accountId === "account1")).toBe(true);
    expect(w.fake.notifications[0]!.options.title).toContain("Microsoft 365");
  });
  it("Local Folders, with no folder that can hold bounces, ends its first check at once as all clear", async () => {
    const s = await loadScenario(CLEAN);
    const w = makeWorld([account(1, s.me[0]!), { ...account(2, ""), name: "Local Folders", type: "local", localFolders: true }],
      latestDate(messages(s)) + DAY);
    w.fake.store(w.fake.folder("account1", "sent"), s.sent);
    w.fake.store(w.fake.folder("account1", "inbox"), messages(s));
    // The first check waits for a server account's folders (the IMAP one here: one look more to see its counts
    // stay the same), never for Local Folders: a wait for it would pass FOLDER_WAIT_MS (60 s) on the clock.
    const start = w.clock.now();
    await w.fake.load();
    await w.idle();
    expect(w.clock.now() - start).toBeLessThan(60_000);
    const o = await overview(w);
    expect(o.historyScan!.state).toBe("done");
    expect(o.historyScan!.accounts).toBe(2);
    expect(o.historyScan!.examined).toBe(s.inbox.length + s.sent.length);
    expect(o.accounts.find((a) => a.accountId === "account2")).toMatchObject({ state: "clear", verdicts: { "own-mail": 0, compromise: 0, spoofed: 0, undetermined: 0 } });
  });
});

describe("what the person can take back or clear", () => {
  it("a dismissed bounce leaves the list and the alert, and undo brings it back", async () => {
    const { w, bad } = await twoAccounts();
    await w.fake.deliver(w.fake.folder("account1", "inbox"), messages(bad));
    await w.idle();
    const evidence = (await bounces(w, "account1")).filter((b) => b.alerting).map((b) => b.key);
    const dismissed = await w.fake.request<Overview>({ type: "dismiss", keys: evidence });
    expect(dismissed.accounts.find((a) => a.accountId === "account1")!.state).toBe("clear");
    expect((await bounces(w)).some((b) => evidence.includes(b.key))).toBe(false);
    const undone = await w.fake.request<Overview>({ type: "undoDismiss", keys: evidence });
    expect(undone.accounts.find((a) => a.accountId === "account1")!.state).toBe("compromise");
    expect((await bounces(w)).filter((b) => evidence.includes(b.key))).toHaveLength(evidence.length);
  });

  it("tagging off takes the tags off; 'Delete all data' removes them too", async () => {
    const { w, bad } = await twoAccounts();
    await w.fake.uiPage().permissions.request(TAGGING_PERMISSIONS);
    const settings = await settingsOf(w);
    await w.fake.request({ type: "saveSettings", settings: { ...settings, tagSuspicious: true } });
    await w.fake.deliver(w.fake.folder("account1", "inbox"), messages(bad));
    await w.idle();
    const tagged = () => w.fake.messagesIn(w.fake.folder("account1", "inbox")).filter((h) => h.tags.includes(TAG_KEY)).length;
    expect(tagged()).toBeGreaterThan(0);
    await w.fake.request({ type: "saveSettings", settings: { ...settings, tagSuspicious: false } });
    expect(tagged()).toBe(0);
    await w.fake.request({ type: "saveSettings", settings: { ...settings, tagSuspicious: true } });
    expect(tagged()).toBeGreaterThan(0);
    await w.fake.request({ type: "deleteAllData" });
    expect(tagged()).toBe(0);
  });

  it("a shorter retention applies at once", async () => {
    const { w, bad } = await twoAccounts();
    await w.fake.deliver(w.fake.folder("account1", "inbox"), messages(bad));
    await w.idle();
    expect((await bounces(w)).length).toBeGreaterThan(0);
    w.clock.advance(40 * DAY);
    const settings = await settingsOf(w);
    await w.fake.request({ type: "saveSettings", settings: { ...settings, historyDays: 30, retentionDays: 30 } });
    expect(await bounces(w)).toEqual([]);
    expect((await overview(w)).alert).toBe("none");
  });
});

describe("the report tab", () => {
  it("is opened once, then brought to the front; a closed one is opened anew", async () => {
    const { w } = await twoAccounts();
    await w.fake.request({ type: "openReport" });
    await w.fake.request({ type: "openReport" });
    expect(w.fake.openedTabs).toHaveLength(1);
    const [id] = [...w.fake.tabs.keys()];
    w.fake.activeTab = null;
    await w.fake.clickNotification("bounce-sentinel-alert:account1");
    expect(w.fake.openedTabs).toHaveLength(1);
    expect(w.fake.activeTab).toBe(id);
    expect(w.fake.focusedWindow).toBe(1);
    w.fake.closeTab(id!);
    await w.fake.request({ type: "openReport" });
    expect(w.fake.openedTabs).toHaveLength(2);
  });
});

describe("first run", () => {
  it("opens the welcome page once, on install only", async () => {
    const s = await loadScenario(CLEAN);
    const w = makeWorld([account(1, s.me[0]!)], latestDate(messages(s)) + DAY);
    await w.fake.install();
    await w.idle();
    expect(w.fake.openedTabs).toEqual(["moz-extension://bounce-sentinel/welcome/welcome.html"]);
    await w.fake.restart();
    await w.fake.install("update");
    await w.idle();
    expect(w.fake.openedTabs).toHaveLength(1);
  });
});
