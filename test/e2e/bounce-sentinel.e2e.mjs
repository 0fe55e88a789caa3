// End-to-end test of the built add-on in a real Thunderbird against a real IMAP server (Dovecot) on
// loopback, under Xvfb with a D-Bus notification daemon. Run by scripts/e2e/run.mjs inside a network
// namespace that has only loopback. Every assertion looks from outside the add-on: the IMAP server's
// keywords, the add-on's database read over Marionette, the D-Bus Notify calls, the toolbar badge.
import { spawnSync } from "node:child_process";
import { cpSync, lstatSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { loadMail, loadMailDir, shiftToNow } from "../../scripts/e2e/mail.mjs";
import { startMailbox } from "../../scripts/e2e/mailbox.mjs";
import { setPref, writeProfile } from "../../scripts/e2e/profile.mjs";
import { check, step, tally } from "../../scripts/e2e/tally.mjs";
import {
  ACTION_BADGE, ADDON_DB_MERGE, ADDON_DB_READ, ADDON_STATE, CLOSE_POPUP, GRANT_PERMISSIONS, IMAP_FOLDERS, OPEN_POPUP, TABS, TAGS,
  UPDATE_FOLDER, startThunderbird, thunderbirdVersion,
} from "../../scripts/e2e/thunderbird.mjs";
import { waitFor } from "../../scripts/e2e/wait.mjs";
import { ADDON_ID, BUILT_XPI, IMAP_PORT, MARIONETTE_PORT, prepareWork, ROOT as root } from "../../scripts/e2e/workspace.mjs";

const mailDir = join(root, "test/e2e/mail");
const results = join(root, "test-results/e2e");
const ADDON_DB = "bounce-sentinel";
const ACCOUNT = { login: "uketsuke", email: "uketsuke@hoshino-dental.example.jp", fullName: "星野歯科クリニック 受付" };
/** Optional permissions the person grants when turning tagging on (manifest optional_permissions). */
const TAGGING_PERMISSIONS = ["messagesUpdate", "messagesTags"];
const locale = (lang) => JSON.parse(readFileSync(join(root, "_locales", lang, "messages.json"), "utf8"));
const text = { en: locale("en"), ja: locale("ja") };

// ---- the world ------------------------------------------------------------------------------------
const { work, xpi: XPI } = prepareWork("e2e", results);
const shift = shiftToNow();
const sentMail = loadMailDir(join(mailDir, "sent"), shift);
const mail = (name) => loadMail(join(mailDir, "inbox", name), shift);
const OWN = mail("1-own-mail-qmail.eml");
const BACKSCATTER = mail("2-backscatter-exim.eml");
const COMPROMISE = mail("3-compromise-qmail.eml");
const JUNK = mail("4-junk-backscatter-postfix.eml");
const ORDINARY = mail("5-ordinary-reply.eml");
const WHILE_CLOSED = mail("6-while-closed-compromise-postfix.eml");

/** @type {{stop: () => void}[]} */
const running = [];
const latencies = /** @type {number[]} */ ([]);
const listings = /** @type {number[]} */ ([]);
const watchdog = setTimeout(() => {
  console.log("end-to-end run took longer than 10 minutes: stopping");
  for (const r of running.reverse()) r.stop();
  process.exit(1);
}, 10 * 60_000);
watchdog.unref();

const version = thunderbirdVersion();
console.log(`thunderbird: ${version ?? "not installed"}`);
console.log(`dovecot: ${spawnSync("dovecot", ["--version"], { encoding: "utf8" }).stdout.trim()}`);
console.log(`add-on: ${relative(root, BUILT_XPI)}; work folder: ${work}`);
spawnSync("ip", ["link", "set", "lo", "up"]);

const { dovecot, imap, desktop } = await startMailbox({ work, port: IMAP_PORT, login: ACCOUNT.login, sentMail, running });

/** @type {Awaited<ReturnType<typeof startThunderbird>> | null} */
let tb = null;
const profileEn = join(work, "profile-en");
writeProfile({ dir: profileEn, imapPort: IMAP_PORT, ...ACCOUNT, xpi: XPI, addonId: ADDON_ID, marionettePort: MARIONETTE_PORT });

async function start(profile, label) {
  tb = await startThunderbird({
    profile, logFile: join(work, `thunderbird-${label}.log`), env: desktop.env, marionettePort: MARIONETTE_PORT,
    imap: { user: ACCOUNT.login, password: dovecot.password },
  });
  running.push({ stop: () => tb?.child.kill("SIGKILL") });
  console.log(`  Thunderbird (${label}) answered Marionette and went online ${tb.readyMs} ms after start`);
  return tb;
}
const exec = (script, args = []) => /** @type {NonNullable<typeof tb>} */ (tb).marionette.execute(script, args);

/** The add-on's database: bounce records and meta values, or null before the add-on created it. */
async function addonState() {
  const db = await exec(ADDON_DB_READ, [ADDON_ID, ADDON_DB, ["bounces", "meta"]]);
  if (!db) return null;
  return {
    bounces: db.bounces.map((r) => r.value),
    meta: Object.fromEntries(db.meta.map((r) => [r.key, r.value])),
  };
}
const recordOf = (state, m) => state?.bounces.filter((b) => b.headerMessageId === m.headerMessageId) ?? [];

/**
 * Delivers into INBOX and waits for the add-on's record to carry the expected verdict. Returns the time
 * from delivery to that result, and to Thunderbird listing the message (its IDLE share of the time).
 */
async function deliverAndJudge(m, expected) {
  const before = (await exec(IMAP_FOLDERS)).INBOX;
  await imap.append("INBOX", m.bytes);
  const delivered = Date.now();
  let listedMs = NaN;
  const record = await waitForVerdict(m, expected, 30_000, async () => {
    if (Number.isNaN(listedMs) && (await exec(IMAP_FOLDERS)).INBOX > before) listedMs = Date.now() - delivered;
  });
  const ms = Date.now() - delivered;
  latencies.push(ms);
  listings.push(listedMs);
  return { ms, listedMs, record };
}
async function waitForVerdict(m, expected, timeoutMs, alsoEachTime = async () => {}) {
  let last = null;
  try {
    return await waitFor(`the add-on's verdict on ${m.messageId}`, async () => {
      await alsoEachTime();
      last = recordOf(await addonState(), m)[0] ?? null;
      return last?.judgement.verdict === expected && last;
    }, { timeoutMs });
  } catch (error) {
    throw new Error(`${error.message}; record: ${last ? JSON.stringify({ verdict: last.judgement.verdict, evidence: last.judgement.evidence }) : "none"}`);
  }
}
/** Thunderbird's own new-mail pop-ups are off in the profile: every Notify call is the add-on's. */
const addonNotifications = () => desktop.notifications;
/** The add-on names the account in its notification: the IMAP account's name is its address here. */
const compromiseTitle = (lang) => text[lang].notify_title_compromise.message.replace("$1", ACCOUNT.email);
async function keywordsOf(m, folder = "INBOX") {
  return (await imap.flagsOf(folder, m.messageId)) ?? [];
}
/**
 * The number on the add-on's toolbar badge (0 when it shows none). With `until`, waits up to 5 s for a
 * number that satisfies it (the badge is set just after the records are stored) and returns the last seen.
 */
async function badgeCount(until = (_n) => true) {
  let n = 0;
  await waitFor("the badge", async () => {
    n = Number((await exec(ACTION_BADGE, [ADDON_ID])) || 0);
    return until(n);
  }, { timeoutMs: 5_000 }).catch(() => {});
  return n;
}
async function screenshot(name) {
  const file = join(results, `${name}.png`);
  desktop.screenshot(file);
  console.log(`  screenshot: ${relative(root, file)}`);
}
async function popupScreenshot(name) {
  const popup = await exec(OPEN_POPUP, [ADDON_ID]);
  check(`the toolbar button opens the popup (${popup.url.replace(/^moz-extension:\/\/[^/]+/, "")}, ${Math.round(popup.width)}×${Math.round(popup.height)})`,
    popup.width > 200 && popup.height > 200, popup);
  await sleep(300); // painted
  await screenshot(name);
  await exec(CLOSE_POPUP);
}

try {
  // ---- first start: a fresh profile, the account, the add-on ------------------------------------
  await step("Thunderbird starts with a fresh profile, the IMAP account and the add-on", async () => {
    await start(profileEn, "en");
    const addon = await exec(ADDON_STATE, [ADDON_ID]);
    check(`the AddonManager lists ${ADDON_ID} ${addon?.version} as active`, Boolean(addon?.isActive), addon);
    check("its background page runs", addon?.running === true && addon?.backgroundState !== "stopped", addon);
    const folders = await waitFor("the IMAP folders", async () => {
      const f = await exec(IMAP_FOLDERS);
      return ["INBOX", "Sent", "Junk"].every((n) => n in f) && f;
    });
    check(`the account connected (folders: ${Object.keys(folders).join(", ")})`, true);
    // As if the person had opened Sent once: Thunderbird syncs a folder's list when it is opened.
    await exec(UPDATE_FOLDER, ["Sent"]);
    const sent = await waitFor("Sent to be synced", async () => {
      const n = (await exec(IMAP_FOLDERS)).Sent;
      return n >= sentMail.length && n;
    });
    check(`Thunderbird lists the ${sent} sent messages that were on the server`, sent === sentMail.length, sent);
    const state = await waitFor("the add-on's database", addonState, { timeoutMs: 20_000 });
    check("the add-on created its database on its first run", Boolean(state.meta.installedAt), Object.keys(state.meta));
  });

  await step("tagging turned on (the option's permissions granted, the setting saved)", async () => {
    const granted = await exec(GRANT_PERMISSIONS, [ADDON_ID, TAGGING_PERMISSIONS]);
    check(`permissions granted: ${granted.join(", ")}`, TAGGING_PERMISSIONS.every((p) => granted.includes(p)), granted);
    const saved = await exec(ADDON_DB_MERGE, [ADDON_ID, ADDON_DB, "meta", "settings", { tagSuspicious: true }]);
    check("settings.tagSuspicious = true stored in the add-on's database", saved === true);
  });

  // Junk has no IDLE: Thunderbird looks at it on its periodic check (every minute), so it is delivered
  // first and its result collected at the end.
  await imap.append("Junk", JUNK.bytes);
  const junkDelivered = Date.now();
  console.log("\n# a backscatter bounce delivered into Junk (looked at on Thunderbird's next periodic check)");

  await step("a failure notice of a message that is in Sent → own-mail, no alert", async () => {
    const before = addonNotifications().length;
    const { ms, listedMs, record } = await deliverAndJudge(OWN, "own-mail");
    check(`recorded as own-mail ${ms} ms after delivery (listed by Thunderbird after ${listedMs} ms; decoder ${record.report.decoder})`, true);
    check("no notification", addonNotifications().length === before, addonNotifications().slice(before));
  });

  await step("a backscatter bounce → spoofed, no compromise alert", async () => {
    const { ms, listedMs, record } = await deliverAndJudge(BACKSCATTER, "spoofed");
    check(`recorded as spoofed ${ms} ms after delivery (listed after ${listedMs} ms; decoder ${record.report.decoder})`, true);
    await sleep(500);
    const state = await addonState();
    check(`account alert is not compromise (${state?.meta.alert})`, state?.meta.alert !== "compromise", state?.meta.alert);
    const wrong = addonNotifications().filter((n) => n.summary === compromiseTitle("en"));
    check("no compromise notification", wrong.length === 0, wrong);
  });

  await step("a bounce of spam sent through the person's own account → compromise alert, badge, tag", async () => {
    const badgeBefore = await badgeCount();
    const { ms, listedMs, record } = await deliverAndJudge(COMPROMISE, "compromise");
    check(`recorded as compromise ${ms} ms after delivery (listed after ${listedMs} ms; decoder ${record.report.decoder})`, true);
    const shown = await waitFor("the compromise notification on D-Bus", async () =>
      addonNotifications().find((n) => n.summary === compromiseTitle("en")), { timeoutMs: 10_000 });
    check(`notification shown: "${shown.summary}" — "${shown.body}"`, true);
    await sleep(700); // dunst draws it
    await screenshot("en-notification");
    desktop.clickNotification();
    const report = await waitFor("a tab with the report", async () =>
      (await exec(TABS)).find((url) => url.startsWith("moz-extension:") && url.includes("report")), { timeoutMs: 10_000 });
    check(`clicking the notification opens the report (${report.replace(/^moz-extension:\/\/[^/]+/, "")})`, true);
    await sleep(1000);
    await screenshot("en-report");
    await exec(TABS, ["report"]);
    const state = await addonState();
    check(`account alert is compromise`, state?.meta.alert === "compromise", state?.meta.alert);
    const badge = await badgeCount((n) => n > badgeBefore);
    const suspicious = state.bounces.filter((b) => b.judgement.verdict !== "own-mail").length;
    check(`the toolbar badge counts it (${badgeBefore} → ${badge}; ${suspicious} bounces not own-mail)`,
      badge > badgeBefore && badge <= suspicious, { badgeBefore, badge, suspicious });
    const tagKey = (await exec(TAGS)).find((t) => t.tag === text.en.tag_suspicious.message)?.key;
    check(`the add-on's tag exists in Thunderbird ("${text.en.tag_suspicious.message}" = keyword ${tagKey})`, Boolean(tagKey));
    const keywords = await waitFor("the keyword on the IMAP server", async () => {
      const k = await keywordsOf(COMPROMISE);
      return k.includes(tagKey) && k;
    }, { timeoutMs: 10_000 });
    check(`the IMAP server has keyword ${tagKey} on the compromise bounce (${keywords.join(" ")})`, true);
    const ownKeywords = await keywordsOf(OWN);
    check("the own-mail bounce carries no such keyword", !ownKeywords.includes(tagKey), ownKeywords);
  });

  await step("ordinary mail → nothing", async () => {
    const before = { notifications: addonNotifications().length, badge: await badgeCount() };
    const inbox = (await exec(IMAP_FOLDERS)).INBOX;
    await imap.append("INBOX", ORDINARY.bytes);
    await waitFor("Thunderbird to list the ordinary mail", async () => (await exec(IMAP_FOLDERS)).INBOX > inbox);
    await sleep(3000); // room for the add-on to (wrongly) react
    const state = await addonState();
    check("no bounce record for it", recordOf(state, ORDINARY).length === 0, recordOf(state, ORDINARY));
    check("no notification", addonNotifications().length === before.notifications, addonNotifications().slice(before.notifications));
    const badge = await badgeCount();
    check(`badge unchanged (${badge})`, badge === before.badge, before.badge);
  });

  await step("the bounce delivered into Junk is seen too", async () => {
    const record = await waitForVerdict(JUNK, "spoofed", Math.max(5_000, 100_000 - (Date.now() - junkDelivered)));
    const ms = Date.now() - junkDelivered;
    console.log(`  junk-delivery-to-result: ${ms} ms (periodic check, not IDLE)`);
    check(`recorded from folder ${record.folderPath} as spoofed`, /junk/i.test(record.folderPath), record.folderPath);
  });

  await step("the popup (en)", () => popupScreenshot("en-popup"));

  // ---- restart: mail that arrives while Thunderbird is closed ------------------------------------
  await step("restart: a bounce delivered while Thunderbird is closed is analysed once, nothing twice", async () => {
    const before = await addonState();
    const badgeBefore = await badgeCount();
    const notificationsBefore = addonNotifications().length;
    await tb.quit();
    await imap.append("INBOX", WHILE_CLOSED.bytes);
    const started = Date.now();
    await start(profileEn, "en-restart");
    await waitForVerdict(WHILE_CLOSED, "compromise", 30_000);
    console.log(`  start-to-result for mail that arrived while closed: ${Date.now() - started} ms`);
    check("the bounce that arrived meanwhile is recorded as compromise", true);
    await sleep(2000); // let any duplicate work show
    const after = await addonState();
    check("it is recorded once", recordOf(after, WHILE_CLOSED).length === 1, recordOf(after, WHILE_CLOSED).length);
    check(`exactly one record more than before the restart (${before.bounces.length} → ${after.bounces.length})`,
      after.bounces.length === before.bounces.length + 1);
    const unchanged = before.bounces.every((b) => {
      const now = after.bounces.filter((a) => a.key === b.key);
      return now.length === 1 && now[0].analyzedAt === b.analyzedAt;
    });
    check("every earlier record is still there once and was not analysed again", unchanged);
    check("no second alert for an alert already shown", addonNotifications().length === notificationsBefore,
      addonNotifications().slice(notificationsBefore));
    const badge = await badgeCount((n) => n === badgeBefore + 1);
    check(`the badge counts one more (${badgeBefore} → ${badge})`, badge === badgeBefore + 1, badge);
    await tb.quit();
    tb = null;
  });

  // ---- Japanese: the add-on installed into a Thunderbird in Japanese, on the same mailbox ---------
  await step("Japanese UI: a fresh profile on the same mailbox, notification and popup in Japanese", async () => {
    const profileJa = join(work, "profile-ja");
    writeProfile({ dir: profileJa, imapPort: IMAP_PORT, ...ACCOUNT, xpi: XPI, addonId: ADDON_ID, marionettePort: MARIONETTE_PORT });
    setPref(profileJa, "intl.locale.requested", "ja");
    const since = desktop.notifications.length;
    await start(profileJa, "ja");
    const uiLocale = await exec("return Services.locale.appLocaleAsBCP47;");
    check(`Thunderbird's UI language is ${uiLocale}`, uiLocale === "ja", uiLocale);
    const shown = await waitFor("the compromise notification in Japanese", async () =>
      desktop.notifications.slice(since).find((n) => n.summary === compromiseTitle("ja")), { timeoutMs: 45_000 });
    check(`notification in Japanese: "${shown.summary}"`, true);
    await sleep(700);
    await screenshot("ja-notification");
    await popupScreenshot("ja-popup");
    await tb.quit();
    tb = null;
  });
} finally {
  if (tb) await tb.quit().catch(() => {});
  await imap.logout();
  for (const r of running.reverse()) r.stop();
}

/** @param {number[]} values */
const median = (values) => {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
};
console.log(`\nthunderbird: ${version}`);
console.log(`delivery-to-result samples (INBOX with IDLE, ms): ${latencies.join(", ")}`);
console.log(`delivery-to-listed-by-thunderbird: ${median(listings)} ms (median)`);
console.log(`delivery-to-result: ${median(latencies)} ms`);
const { passed, failed } = tally();
if (failed > 0) {
  // The logs of Thunderbird, Dovecot and the desktop, beside the screenshots (the work folder is temporary).
  cpSync(work, join(results, "logs"), { recursive: true, filter: (src) => lstatSync(src).isDirectory() || /\.log$|\.stderr$/.test(src) });
  console.log(`logs: ${relative(root, join(results, "logs"))}`);
}
rmSync(work, { recursive: true, force: true });
const setupStarted = Number(process.env.E2E_STARTED_AT) || Date.now();
console.log(`e2e time (with installs and build): ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
