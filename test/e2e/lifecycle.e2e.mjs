// End-to-end test of an alert's life in a real Thunderbird (issue 13): installed on a mailbox with history,
// the popup says "checking" and then each account's result; a compromise in one of two accounts (the IMAP
// account and Local Folders) is named in the banner and the notification; "I have dealt with it" resolves
// it; a new compromise notifies again; an open report tab updates in place; every state's popup fits a
// 600 px panel with its actions visible, in English and in Japanese. Run by scripts/e2e/run.mjs in namespaces
// of its own (only loopback).
import { cpSync, lstatSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { spawnSync } from "node:child_process";
import { loadMail, loadMailDir, shiftToNow } from "../../scripts/e2e/mail.mjs";
import { startMailbox } from "../../scripts/e2e/mailbox.mjs";
import { writeProfile } from "../../scripts/e2e/profile.mjs";
import { check, step, tally } from "../../scripts/e2e/tally.mjs";
import {
  ADDON_DB_READ, ADDON_TABS, CLOSE_POPUP, IMAP_FOLDERS, OPEN_POPUP, POPUP_PRESS, POPUP_VIEW,
  startThunderbird, thunderbirdVersion,
} from "../../scripts/e2e/thunderbird.mjs";
import { waitFor } from "../../scripts/e2e/wait.mjs";
import { ADDON_ID, IMAP_PORT, MARIONETTE_PORT, prepareWork, ROOT as root } from "../../scripts/e2e/workspace.mjs";

const mailDir = join(root, "test/e2e/mail");
const results = join(root, "test-results/e2e-lifecycle");
const ACCOUNT = { login: "eigyo", email: "eigyo@hoshino-dental.example.jp", fullName: "星野歯科クリニック 営業" };
/** The panel height Thunderbird gives an action popup at most. */
const PANEL_PX = 600;
/** Mail already in the Inbox when the add-on is installed: the history its first check looks through. */
const HISTORY = 200;
/**
 * Of it, bounces of the person's own mail: judged before Thunderbird has synced Sent (it does so some seconds
 * after start-up, on its own), they would look like mail never sent, a burst, and a false "misused" alert.
 */
const HISTORY_BOUNCES = 15;
/** The report tab lists each bounce with its original's recipient: this one is only in the late compromise. */
const LATE_RECIPIENT = "h.fujita@aurora-cable.example.net";
/**
 * Whether a page's text, read as the accessibility tree's text leaves joined by spaces, has this phrase: the
 * pages break Japanese text into phrases (word-break: auto-phrase), each a leaf of its own.
 */
const shows = (text, phrase) => (text ?? "").replace(/\s+/g, "").includes(phrase.replace(/\s+/g, ""));
const text = Object.fromEntries(["en", "ja"].map((l) => [l, JSON.parse(readFileSync(join(root, "_locales", l, "messages.json"), "utf8"))]));

const started = Date.now();
const { work, xpi: XPI } = prepareWork("lifecycle", results);

const shift = shiftToNow();
const sentMail = loadMailDir(join(mailDir, "sent"), shift);
const mail = (name, at = shift) => loadMail(join(mailDir, "inbox", name), at);
const OWN = mail("1-own-mail-qmail.eml");
const BACKSCATTER = mail("2-backscatter-exim.eml");
const COMPROMISE = mail("3-compromise-qmail.eml");
const ORDINARY = mail("5-ordinary-reply.eml");
/** The ordinary reply again and again under new Message-IDs: the mailbox's history. */
const history = Array.from({ length: HISTORY }, (_, i) =>
  Buffer.from((i < HISTORY_BOUNCES ? OWN : ORDINARY).bytes.toString("latin1").replace(/^(Message-I[dD]:\s*<)/m, `$1h${i}.`), "latin1"));

/** @type {{stop: () => void}[]} */
const running = [];
const stopAll = () => { for (const r of running.splice(0).reverse()) r.stop(); };
const watchdog = setTimeout(() => {
  console.log("lifecycle e2e took longer than 8 minutes: stopping");
  stopAll();
  process.exit(1);
}, 8 * 60_000);
watchdog.unref();

console.log(`thunderbird: ${thunderbirdVersion() ?? "not installed"}`);
spawnSync("ip", ["link", "set", "lo", "up"]);
const { dovecot, imap, desktop } = await startMailbox({ work, port: IMAP_PORT, login: ACCOUNT.login, sentMail, running });

/** @type {Awaited<ReturnType<typeof startThunderbird>> | null} */
let tb = null;
const exec = (script, args = []) => /** @type {NonNullable<typeof tb>} */ (tb).marionette.execute(script, args);
async function addonState() {
  const db = await exec(ADDON_DB_READ, [ADDON_ID, "bounce-sentinel", ["meta"]]);
  return db && Object.fromEntries(db.meta.map((r) => [r.key, r.value]));
}
const imapState = async () => (await addonState())?.accountStates?.find((s) => s.name === ACCOUNT.email);
const screenshots = [];

/** Opens the popup, reads it, optionally clicks in it, saves a screenshot of it open, closes it. */
async function popup(lang, name, { click } = {}) {
  await exec(OPEN_POPUP, [ADDON_ID]);
  await sleep(300); // painted
  const view = await exec(POPUP_VIEW);
  if (name) {
    const file = join(results, `${lang}-popup-${name}.png`);
    desktop.screenshot(file);
    if (!screenshots.includes(relative(root, file))) screenshots.push(relative(root, file));
  }
  const clicked = click ? await exec(POPUP_PRESS, [click]) : null;
  if (!clicked) await exec(CLOSE_POPUP);
  return { view, clicked };
}
/** The state's actions lie inside the 600 px panel and the viewport, with the page not scrolled. */
function checkFits(lang, name, view, wanted) {
  const actions = view.buttons.filter((b) => b.id !== "open-options");
  const inside = actions.every((a) => a.top >= 0 && a.bottom <= Math.min(PANEL_PX, view.viewport?.height ?? 0) && a.right <= (view.viewport?.width ?? 0));
  check(`${lang} ${name}: ${actions.map((a) => `"${a.name}"`).join(" + ")} within ${PANEL_PX} px without scrolling (panel page ` +
    `${view.viewport?.width}×${view.viewport?.height}, lowest action bottom ${Math.round(Math.max(0, ...actions.map((a) => a.bottom)))} px)`,
    actions.length >= wanted && inside, view);
}

/** One person's story in one language, on the same mailbox filled afresh. */
async function story(lang) {
  const t = text[lang];
  const compromiseTitle = t.notify_title_compromise.message.replace("$1", ACCOUNT.email);
  const shownBefore = desktop.notifications.length;
  await step(`${lang}: a mailbox with history (${HISTORY} messages, an own-mail bounce), the add-on in a fresh profile`, async () => {
    await imap.run("SELECT INBOX");
    await imap.run("STORE 1:* +FLAGS.SILENT (\\Deleted)").catch(() => {});
    await imap.run("EXPUNGE");
    for (const m of history) await imap.append("INBOX", m, ["\\Seen"]);
    await imap.append("INBOX", OWN.bytes, ["\\Seen"]);
    const profile = join(work, `profile-${lang}`);
    writeProfile({ dir: profile, imapPort: IMAP_PORT, ...ACCOUNT, xpi: XPI, addonId: ADDON_ID, marionettePort: MARIONETTE_PORT, locale: lang === "ja" ? "ja" : "en-US" });
    tb = await startThunderbird({ profile, logFile: join(work, `thunderbird-${lang}.log`), env: desktop.env, marionettePort: MARIONETTE_PORT,
      imap: { user: ACCOUNT.login, password: dovecot.password } });
    running.push({ stop: () => tb?.child.kill("SIGKILL") });
    // While the first check runs the popup says "checking" (never "all clear").
    const checkingTitle = t.state_checking_title.message;
    const startedAt = Date.now();
    /** When the check entered each phase, and when Thunderbird had synced Sent (seconds after Thunderbird was up). */
    const timeline = [];
    const note = async (scan) => {
      const at = ((Date.now() - startedAt) / 1000).toFixed(1);
      if (scan && timeline.at(-1)?.startsWith(`${scan.phase} `) !== true) timeline.push(`${scan.phase} ${at} s`);
      if (!timeline.some((e) => e.startsWith("Sent synced")) && (await exec(IMAP_FOLDERS)).Sent > 0) timeline.push(`Sent synced ${at} s`);
    };
    let ended = false;
    const checking = await waitFor("the popup during the first check", async () => {
      const scan = (await addonState())?.historyScan;
      await note(scan);
      ended ||= Boolean(scan && scan.state !== "running");
      const { view } = await popup(lang, ended ? null : "checking");
      if (ended && !shows(view.text, checkingTitle)) throw new Error(`the first check ended (${scan.state}) before the popup was seen during it`);
      return shows(view.text, checkingTitle) && view;
    }, { timeoutMs: 30_000, intervalMs: 100 });
    check(`${lang}: the popup says "${checkingTitle}" while the first check runs`, !shows(checking.text, t.alert_none_title.message), checking.text);
    checkFits(lang, "checking", checking, 1);
    // Thunderbird syncs Sent by itself; the add-on has to wait for it before it judges.
    const scan = await waitFor("the first check to end", async () => {
      const s = (await addonState())?.historyScan;
      await note(s);
      return s?.state === "done" && s;
    }, { timeoutMs: 120_000, intervalMs: 500 });
    check(`${lang}: the first check ended: ${scan.examined}/${scan.total} looked at in ${scan.accounts} accounts, ${scan.bouncesFound} bounces, ` +
      `${((Date.parse(scan.finishedAt) - Date.parse(scan.startedAt)) / 1000).toFixed(1)} s (${timeline.join(", ")})`,
    scan.examined === scan.total && scan.examined >= HISTORY + sentMail.length && scan.bouncesFound === HISTORY_BOUNCES + 1 && scan.accounts === 2, scan);
    const shown = desktop.notifications.slice(shownBefore);
    check(`${lang}: no notification during or at the end of the first check (own-mail bounces only; ${shown.length} shown)`, shown.length === 0, shown);
  });

  await step(`${lang}: each account's result after the first check`, async () => {
    const states = await waitFor("both accounts' results", async () => {
      const s = (await addonState())?.accountStates;
      return s?.length === 2 && s.every((a) => a.state !== "checking") && s;
    }, { timeoutMs: 30_000 });
    check(`${lang}: per-account results: ${states.map((a) => `${a.name} ${a.state}`).join(", ")}`,
      states.every((a) => a.state === "clear") && states.some((a) => a.name === "Local Folders"), states);
    const { view } = await popup(lang, "clear");
    check(`${lang}: the popup names the account and gives the result ("${view.text.slice(0, 160)}…")`,
      shows(view.text, ACCOUNT.email) && !shows(view.text, t.state_checking_title.message) && /\d/.test(view.text), view.text);
    checkFits(lang, "clear", view, 1);
  });

  await step(`${lang}: backscatter → spoofing, named`, async () => {
    await imap.append("INBOX", BACKSCATTER.bytes);
    await waitFor("the spoofing state", async () => (await imapState())?.state === "spoofing", { timeoutMs: 30_000 });
    const { view } = await popup(lang, "spoofing");
    check(`${lang}: the popup names the account`, shows(view.text, ACCOUNT.email), view.text);
    checkFits(lang, "spoofing", view, 1);
  });

  let reportMark = null;
  await step(`${lang}: a compromise in the IMAP account, not in Local Folders → banner and notification name it`, async () => {
    const since = desktop.notifications.length;
    await imap.append("INBOX", COMPROMISE.bytes);
    const shown = await waitFor("the compromise notification", async () =>
      desktop.notifications.slice(since).find((n) => n.summary === compromiseTitle), { timeoutMs: 30_000 });
    check(`${lang}: notification "${shown.summary}" names the account, not Local Folders`, !`${shown.summary} ${shown.body}`.includes("Local Folders"), shown);
    const states = (await addonState()).accountStates;
    check(`${lang}: states ${states.map((a) => `${a.name} ${a.state}`).join(", ")}`,
      states.find((a) => a.name === ACCOUNT.email)?.state === "compromise" && states.find((a) => a.name === "Local Folders")?.state === "clear", states);
    const { view } = await popup(lang, "compromise", { click: "open-report" });
    check(`${lang}: the banner names the account`, shows(view.text, ACCOUNT.email), view.text);
    checkFits(lang, "compromise", view, 2);
    // Read again until the page has its content: a tab still loading reads empty, then without the bounces.
    const tabs = await waitFor("the report tab with its content", async () => {
      const r = await exec(ADDON_TABS, ["report/report.html"]);
      return r.length > 0 && shows(r[0].text, ACCOUNT.email) && r;
    }, { timeoutMs: 20_000 }).catch(async () => exec(ADDON_TABS, ["report/report.html"]));
    check(`${lang}: "Open the full report" opened one report tab naming the account`, tabs.length === 1 && shows(tabs[0].text, ACCOUNT.email), tabs);
    reportMark = tabs[0].window;
    await popup(lang, null, { click: "open-report" });
    await sleep(500);
    const again = await exec(ADDON_TABS, ["report/report.html"]);
    check(`${lang}: pressing it again reuses and selects the same tab (${again.length} tab, same page)`,
      again.length === 1 && again[0].window === reportMark && again[0].selected, again.map(({ text: _, ...r }) => r));
    desktop.screenshot(join(results, `${lang}-report-compromise.png`));
    screenshots.push(relative(root, join(results, `${lang}-report-compromise.png`)));
  });

  await step(`${lang}: "I have dealt with it" → resolved`, async () => {
    const { clicked } = await popup(lang, null, { click: t.state_resolve_urgent.message });
    check(`${lang}: pressed "I have dealt with it" in the popup`, clicked === true);
    const state = await waitFor("the resolved state", async () => {
      const s = await imapState();
      return s?.state === "resolved" && s;
    }, { timeoutMs: 15_000 });
    check(`${lang}: the account is resolved at ${state.resolvedAt}, its evidence kept (${state.verdicts.compromise} compromise)`,
      Boolean(state.resolvedAt) && state.verdicts.compromise >= 1, state);
    await exec(CLOSE_POPUP);
    const { view } = await popup(lang, "resolved");
    check(`${lang}: the popup shows "${t.state_resolved_title.message}"`, shows(view.text, t.state_resolved_title.message), view.text);
    checkFits(lang, "resolved", view, 1);
  });

  await step(`${lang}: a new compromise after it → notification again; the open report tab updates in place`, async () => {
    const since = desktop.notifications.length;
    // Dated after the resolution (the bounce's own date decides what is new).
    const late = mail("6-while-closed-compromise-postfix.eml", shiftToNow(Date.now() + 30 * 60_000));
    const before = await exec(ADDON_TABS, ["report/report.html"]);
    check(`${lang}: the open report tab does not list the late bounce yet`,
      before.length === 1 && shows(before[0].text, ACCOUNT.email) && !shows(before[0].text, LATE_RECIPIENT), before);
    await imap.append("INBOX", late.bytes);
    const shown = await waitFor("the second compromise notification", async () =>
      desktop.notifications.slice(since).find((n) => n.summary === compromiseTitle), { timeoutMs: 30_000 });
    check(`${lang}: notified again: "${shown.summary}"`, true);
    const tabs = await waitFor("the report tab to list the late bounce", async () => {
      const r = await exec(ADDON_TABS, ["report/report.html"]);
      return r.length === 1 && shows(r[0].text, LATE_RECIPIENT) && r;
    }, { timeoutMs: 20_000 }).catch(async () => exec(ADDON_TABS, ["report/report.html"]));
    check(`${lang}: the open report tab lists the late bounce (${LATE_RECIPIENT}) without reloading (same page: ${tabs[0]?.window === reportMark})`,
      tabs.length === 1 && shows(tabs[0].text, LATE_RECIPIENT) && tabs[0].window === reportMark, tabs);
    const again = await imapState();
    check(`${lang}: the account is compromise again`, again?.state === "compromise", again);
    const { view } = await popup(lang, "compromise-again");
    checkFits(lang, "compromise again", view, 2);
  });

  await tb.quit();
  tb = null;
}

try {
  await story("en");
  await story("ja");
} finally {
  if (tb) await tb.quit().catch(() => {});
  await imap.logout().catch(() => {});
  if (tally().failed > 0) {
    cpSync(work, join(results, "logs"), { recursive: true, filter: (src) => lstatSync(src).isDirectory() || /\.log$|\.stderr$/.test(src) });
    console.log(`logs: ${relative(root, join(results, "logs"))}`);
  }
  stopAll();
}

rmSync(work, { recursive: true, force: true });
console.log(`\nscreenshots:\n  ${screenshots.join("\n  ")}`);
const { passed, failed } = tally();
console.log(`lifecycle e2e time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
