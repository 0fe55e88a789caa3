// DMARC aggregate reports in the add-on: screened by header, stored once per reporter + Report-ID, judged with
// the account (the hijack raises its compromise alert with the DMARC reason), pruned by retention, deleted
// with all data.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isAggregateReportCandidate, storedAggregateReports } from "../../src/background/dmarc";
import { reportDay } from "../../src/core/dmarc/judge";
import { iterateMbox } from "../../src/core/mbox";
import type { DmarcView, Overview, Settings } from "../../src/shared/protocol";
import { fakeMessageOf, type FakeMessage } from "../fakes/messenger";
import { reportMail } from "../fixtures/dmarc/mail.mjs";
import { account, DAY, latestDate, makeWorld, type World } from "./harness";

const ROOT = join(import.meta.dirname, "..", "fixtures", "mailboxes-dmarc");
const ME = "sato@hinode-print.example.jp";

async function mailbox(name: string): Promise<{ inbox: FakeMessage[]; sent: FakeMessage[] }> {
  const dir = join(ROOT, name);
  const inbox = [];
  for (const file of readdirSync(join(dir, "inbox")).sort()) inbox.push(await fakeMessageOf(new Uint8Array(readFileSync(join(dir, "inbox", file)))));
  const sent = [];
  for (const raw of iterateMbox(new Uint8Array(readFileSync(join(dir, "sent.mbox"))))) sent.push(await fakeMessageOf(raw.slice()));
  return { inbox, sent };
}

/**
 * The add-on downloads only bounces and reports, so it learns the provider's servers from own-mail bounces or
 * from the options ("outgoing servers"); these mailboxes have no bounces, so the server is configured.
 */
async function world(name: string): Promise<{ w: World; inbox: FakeMessage[] }> {
  const { inbox, sent } = await mailbox(name);
  const w = makeWorld([account(1, ME)], latestDate(inbox) + DAY);
  w.fake.store(w.fake.folder("account1", "sent"), sent);
  await w.fake.load();
  await w.idle();
  const settings = await w.fake.request<Settings>({ type: "getSettings" });
  await w.fake.request({ type: "saveSettings", settings: { ...settings, knownRelays: ["203.0.113.21"] } });
  await w.idle();
  return { w, inbox };
}

describe("DMARC reports in the background", () => {
  it("screens report mails by subject or sender, not ordinary mail", () => {
    expect(isAggregateReportCandidate({ author: "noreply-dmarc-support@google.com", subject: "Report domain: a.example Submitter: google.com Report-ID: 1" })).toBe(true);
    expect(isAggregateReportCandidate({ author: "Reports <reports@mail.example.net>", subject: "Report Domain: a.example Submitter: x Report-ID: <1>" })).toBe(true);
    expect(isAggregateReportCandidate({ author: "Tanaka <tanaka@example.jp>", subject: "お見積りの件" })).toBe(false);
  });

  it("stores each report once, raises the compromise alert with dmarc_volume and shows the jump", async () => {
    const { w, inbox } = await world("hijack-on-day-25-provider-volume-jump");
    const reportMails = inbox.filter(isAggregateReportCandidate);
    await w.fake.deliver(w.fake.folder("account1", "inbox"), inbox);
    await w.idle();
    const downloads = w.fake.calls.getRaw;
    expect(downloads).toBeGreaterThanOrEqual(reportMails.length);
    // the same mails again (a re-sync): nothing downloaded or stored twice
    await w.fake.deliver(w.fake.folder("account1", "inbox"), reportMails.slice(0, 5));
    await w.idle();
    const stored = await storedAggregateReports((await w.page()).db);
    expect(stored).toHaveLength(new Set(stored.map((r) => r.key)).size);
    expect(stored).toHaveLength(reportMails.length);
    const overview = await w.fake.request<Overview>({ type: "getOverview" });
    expect(overview.alert).toBe("compromise");
    expect(overview.accounts[0]!.reasons).toContain("dmarc_volume");
    const [view] = await w.fake.request<DmarcView[]>({ type: "getDmarc" });
    const alarmDays = view!.days.filter((d) => d.alarm).map((d) => d.day);
    expect(alarmDays).toEqual(["2025-10-09", "2025-10-10"]);
    expect(view!.sources[0]!.class).toBe("provider");
    // No bounce stands behind this alert: since and latest are the periods of the reports of its alarm days.
    const alarmReports = stored.filter((r) => alarmDays.includes(reportDay(r)));
    expect(alarmReports.length).toBeGreaterThan(0);
    expect(overview.accounts[0]!.since).toBe(new Date(Math.min(...alarmReports.map((r) => r.begin)) * 1000).toISOString());
    expect(overview.accounts[0]!.latest).toBe(new Date(Math.max(...alarmReports.map((r) => r.end)) * 1000).toISOString());
  });

  it("after \"I have dealt with it\" the reported days no longer raise the alert; a new rise raises it again", async () => {
    const { w, inbox } = await world("hijack-on-day-25-provider-volume-jump");
    await w.fake.deliver(w.fake.folder("account1", "inbox"), inbox);
    await w.idle();
    expect((await w.fake.request<Overview>({ type: "getOverview" })).alert).toBe("compromise");
    const resolved = await w.fake.request<Overview>({ type: "resolveAccount", accountId: "account1" });
    expect(resolved.accounts[0]!).toMatchObject({ state: "resolved", alert: "none", reasons: [] });
    // the next day's report: the provider's servers again send far more than the Sent log
    const begin = Math.floor(w.clock.now() / 1000 / 86400) * 86400;
    const xml = `<?xml version="1.0"?><feedback><report_metadata><org_name>google.com</org_name><email>noreply-dmarc-support@google.com</email>`
      + `<report_id>after-resolve-1</report_id><date_range><begin>${begin}</begin><end>${begin + 86399}</end></date_range></report_metadata>`
      + `<policy_published><domain>hinode-print.example.jp</domain><p>none</p></policy_published><record><row><source_ip>203.0.113.21</source_ip>`
      + `<count>1200</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row>`
      + `<identifiers><header_from>hinode-print.example.jp</header_from></identifiers><auth_results><spf><domain>hinode-print.example.jp</domain>`
      + `<result>pass</result></spf></auth_results></record></feedback>`;
    const mail = reportMail("google", { domain: "hinode-print.example.jp", reportId: "after-resolve-1", begin, end: begin + 86399, to: "dmarc-rua@hinode-print.example.jp" }, xml);
    w.clock.advance(DAY + 4 * 3600_000);
    await w.fake.deliver(w.fake.folder("account1", "inbox"), [await fakeMessageOf(new TextEncoder().encode(mail))]);
    await w.idle();
    const again = (await w.fake.request<Overview>({ type: "getOverview" })).accounts[0]!;
    expect(again).toMatchObject({ state: "compromise", alert: "compromise", reasons: ["dmarc_volume"] });
    expect(again.causes).toEqual([{ reason: "dmarc_volume", provider: "", count: 1 }]);
    // only the report after it is evidence now
    expect(again.since).toBe(new Date(begin * 1000).toISOString());
    expect(again.latest).toBe(new Date((begin + 86399) * 1000).toISOString());
  });

  it("keeps nothing beyond retention, and nothing after deleting all data", async () => {
    const { w, inbox } = await world("quiet-domain-month-of-reports");
    await w.fake.deliver(w.fake.folder("account1", "inbox"), inbox);
    await w.idle();
    const db = (await w.page()).db;
    const before = (await storedAggregateReports(db)).length;
    expect(before).toBeGreaterThan(50);
    const settings = await w.fake.request<Settings>({ type: "getSettings" });
    // the newest report ended about a day before "now": a 14-day retention keeps about two weeks of them
    await w.fake.request({ type: "saveSettings", settings: { ...settings, retentionDays: 14 } });
    await w.idle();
    const kept = await storedAggregateReports(db);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(before / 2 + 5);
    expect(kept.every((r) => r.end * 1000 >= w.clock.now() - 14 * DAY)).toBe(true);
    await w.fake.request({ type: "deleteAllData" });
    await w.idle();
    expect(await storedAggregateReports(db)).toEqual([]);
    expect(await w.fake.request<DmarcView[]>({ type: "getDmarc" })).toEqual([]);
  });
});
