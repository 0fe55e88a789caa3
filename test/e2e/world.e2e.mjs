// End-to-end test against a world of real mail servers (scripts/e2e/world): the built add-on in a real
// Thunderbird reads the bounces that Debian's Postfix and Exim write in three stories, and survives being
// suspended in the middle of its history scan. Run by scripts/e2e/run.mjs in namespaces of its own (PID,
// mount, network: only loopback, with the world's documentation addresses on it).
//   1. own mail: the person sends from Thunderbird to a dead address; the provider's Postfix bounces it
//   2. a thief with the person's password submits spam at the provider (SMTP AUTH); the recipients' MX
//      bounces one (mailbox full, after accepting it), the provider bounces the other (user unknown)
//   3. a forger sends with the person's From through a spammer's Exim straight to the recipients' MX, which
//      rejects it for the domain's DMARC p=reject; Exim bounces it to the person
import { randomBytes } from "node:crypto";
import { unlinkSync } from "node:fs";
import { chmodSync, copyFileSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startDesktop } from "../../scripts/e2e/desktop.mjs";
import { startDovecot } from "../../scripts/e2e/dovecot.mjs";
import { Imap } from "../../scripts/e2e/imap.mjs";
import { setPref, writeProfile } from "../../scripts/e2e/profile.mjs";
import { check, step, tally } from "../../scripts/e2e/tally.mjs";
import {
  ADDON_DB_READ, IMAP_FOLDERS, INSTALL_ADDON, SEND_MAIL, SMTP_LOGIN, SUSPEND_BACKGROUND, ADDON_STATE, UPDATE_FOLDER,
  startThunderbird, thunderbirdVersion,
} from "../../scripts/e2e/thunderbird.mjs";
import { waitFor } from "../../scripts/e2e/wait.mjs";
import { ADDON_ID, IMAP_PORT, MARIONETTE_PORT, prepareWork, ROOT as root } from "../../scripts/e2e/workspace.mjs";
import { sendMail } from "../../scripts/e2e/world/smtp.mjs";
import { FULL_MAILBOX, HOSTS, PERSON_DOMAIN, startWorld } from "../../scripts/e2e/world/world.mjs";

const results = join(root, "test-results/e2e-world");
const PERSON = { login: "kana", email: `kana@${PERSON_DOMAIN}`, fullName: "さくら工房 かな" };
const PASSWORD = `pw-${randomBytes(6).toString("hex")}`;
/** Own-mail bounces already in the mailbox when a fresh profile's first check runs (the one suspended). */
const HISTORY_BOUNCES = 120;
const text = JSON.parse(readFileSync(join(root, "_locales/en/messages.json"), "utf8"));

const started = Date.now();
const { work, xpi: XPI } = prepareWork("world", results);

/** @type {{stop: () => void}[]} */
const running = [];
const stopAll = () => { for (const r of running.splice(0).reverse()) r.stop(); };
const watchdog = setTimeout(() => {
  console.log("world e2e took longer than 8 minutes: stopping");
  stopAll();
  process.exit(1);
}, 8 * 60_000);
watchdog.unref();

console.log(`thunderbird: ${thunderbirdVersion() ?? "not installed"}`);
const dovecotDir = join(work, "dovecot");
const sockets = { lmtp: join(dovecotDir, "lmtp"), auth: join(dovecotDir, "auth-postfix") };
const setUp = async () => {
  const world = await startWorld({ dir: join(work, "world"), person: { login: PERSON.login, address: PERSON.email }, dovecot: sockets });
  running.push(world);
  console.log(`the mail world is up after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const dovecot = await startDovecot({ dir: dovecotDir, port: IMAP_PORT, user: PERSON.login, password: PASSWORD, world: sockets });
  running.push(dovecot);
  const imap = await Imap.login(dovecot);
  const desktop = await startDesktop({ dir: join(work, "desktop") });
  running.push(desktop);
  return { world, dovecot, imap, desktop };
};
const { world, dovecot, imap, desktop } = await setUp().catch((error) => {
  console.log(`\nsetup failed: ${error.message}`);
  stopAll();
  console.log("e2e: 0 passed, 1 failed");
  process.exit(1);
});

/** A profile of the person's account: IMAP at Dovecot, sending by submission at the provider. */
function profile(name) {
  const dir = join(work, name);
  writeProfile({ dir, imapPort: IMAP_PORT, ...PERSON, xpi: XPI, addonId: ADDON_ID, marionettePort: MARIONETTE_PORT });
  const smtp = {
    "mail.smtpservers": "smtp1", "mail.smtp.defaultserver": "smtp1", "mail.identity.id1.smtpServer": "smtp1",
    "mail.smtpserver.smtp1.type": "smtp", "mail.smtpserver.smtp1.hostname": world.submission.host,
    "mail.smtpserver.smtp1.port": world.submission.port, "mail.smtpserver.smtp1.username": PERSON.login,
    "mail.smtpserver.smtp1.authMethod": 3, "mail.smtpserver.smtp1.try_ssl": 0,
  };
  for (const [key, value] of Object.entries(smtp)) setPref(dir, key, value);
  return dir;
}

/** @type {Awaited<ReturnType<typeof startThunderbird>> | null} */
let tb = null;
async function start(dir, label) {
  tb = await startThunderbird({
    profile: dir, logFile: join(work, `thunderbird-${label}.log`), env: desktop.env, marionettePort: MARIONETTE_PORT,
    imap: { user: PERSON.login, password: PASSWORD },
  });
  running.push({ stop: () => tb?.child.kill("SIGKILL") });
  await exec(SMTP_LOGIN, [`smtp://${world.submission.host}`, PERSON.login, PASSWORD]);
  await waitFor("the IMAP folders", async () => {
    const folders = await exec(IMAP_FOLDERS);
    return ["INBOX", "Sent"].every((n) => n in folders);
  });
  return tb;
}
const exec = (script, args = []) => /** @type {NonNullable<typeof tb>} */ (tb).marionette.execute(script, args);

async function addonState() {
  const db = await exec(ADDON_DB_READ, [ADDON_ID, "bounce-sentinel", ["bounces", "meta"]]);
  if (!db) return null;
  return { bounces: db.bounces.map((r) => r.value), meta: Object.fromEntries(db.meta.map((r) => [r.key, r.value])) };
}
/** The add-on's records of bounces of the message with this Message-ID (as the bounce quotes it). */
const bareId = (id) => String(id ?? "").replace(/^<|>$/g, "").toLowerCase();
const bouncesOf = (state, messageId) => state?.bounces.filter((b) => bareId(b.report.original?.messageId) === bareId(messageId)) ?? [];
/** Waits until every bounce of `messageId` the add-on recorded carries a settled verdict; returns them. */
async function judged(messageId, count, timeoutMs = 60_000) {
  let last = [];
  try {
    return await waitFor(`${count} bounce(s) of ${messageId} judged`, async () => {
      last = bouncesOf(await addonState(), messageId);
      return last.length >= count && last.every((b) => b.judgement.verdict !== "undetermined" || b.judgement.evidence.length > 0) && last;
    }, { timeoutMs, intervalMs: 250 });
  } catch (error) {
    throw new Error(`${error.message}; records: ${JSON.stringify(last.map((b) => ({ verdict: b.judgement.verdict, decoder: b.report.decoder })))}`);
  }
}
const describe = (b) => `${b.judgement.verdict} (decoder ${b.report.decoder}, from ${b.report.reportingMta || "?"})`;
const message = ({ from, to, subject, id, body }) =>
  `From: ${from}\r\nTo: ${to.join(", ")}\r\nSubject: ${subject}\r\nDate: ${new Date().toUTCString().replace("GMT", "+0000")}\r\n` +
  `Message-ID: ${id}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;

try {
  await step("Thunderbird starts with the person's account (IMAP at Dovecot, submission at mail.example.jp)", async () => {
    await start(profile("profile-stories"), "stories");
    const state = await waitFor("the add-on's database", addonState, { timeoutMs: 20_000 });
    check("the add-on created its database", Boolean(state.meta.installedAt), Object.keys(state.meta));
  });

  let own = "";
  await step("story 1: the person sends to a dead address from Thunderbird → provider's bounce → own-mail, no alert", async () => {
    const notificationsBefore = desktop.notifications.length;
    const sentAt = Date.now();
    const token = `Q-${randomBytes(4).toString("hex")}`;
    await exec(SEND_MAIL, ["yamada@example.org", `お見積りの件 ${token}`, `山田様\n\nお見積り ${token} をお送りします。\n\nさくら工房 かな`]);
    check(`sent through ${HOSTS.provider.name}:${world.submission.port} in ${Date.now() - sentAt} ms`, true);
    own = await waitFor("the copy in Sent on the server", () => imap.messageIdOf("Sent", token), { timeoutMs: 20_000 });
    check(`Thunderbird filed it in Sent on the server as ${own}`, true);
    const [bounce] = await judged(own, 1);
    check(`the provider's bounce is judged ${describe(bounce)} ${Date.now() - sentAt} ms after sending`, bounce.judgement.verdict === "own-mail",
      bounce.judgement);
    const state = await addonState();
    check(`account alert none (${state.meta.alert})`, state.meta.alert === "none", state.meta.alert);
    check("no notification", desktop.notifications.length === notificationsBefore, desktop.notifications.slice(notificationsBefore));
  });

  const forged = `<forged-${randomBytes(4).toString("hex")}@vps66.example.com>`;
  await step("story 3: a forger sends with the person's From through Exim straight to the recipients' MX → DMARC reject → Exim's bounce → spoofed", async () => {
    const reply = await sendMail({
      host: HOSTS.relay.address, port: 25, localAddress: HOSTS.forger.address, helo: HOSTS.forger.name,
      from: PERSON.email, to: [FULL_MAILBOX],
      data: message({ from: `Sakura Kobo <${PERSON.email}>`, to: [FULL_MAILBOX], subject: "Your parcel is waiting", id: forged, body: "Pay the customs fee here." }),
    });
    check(`Exim accepted it for relaying (${reply.data})`, reply.data?.startsWith("250") === true, reply);
    const [bounce] = await judged(forged, 1);
    check(`Exim's bounce is judged ${describe(bounce)}`, bounce.judgement.verdict === "spoofed", bounce.judgement);
    check("the bounce came from the spammer's Exim", /relay\.example\.net/i.test(bounce.report.reportingMta) || bounce.report.decoder.includes("exim"),
      bounce.report.reportingMta);
    const state = await addonState();
    check(`account alert spoofing (${state.meta.alert})`, state.meta.alert === "spoofing", state.meta.alert);
  });

  const stolen = `<spam-${randomBytes(4).toString("hex")}@p99.dsl.example.com>`;
  await step("story 2: a thief submits spam with the person's password → two real bounces → compromise, alert, notification", async () => {
    const notificationsBefore = desktop.notifications.length;
    const to = [FULL_MAILBOX, "suzuki@example.org"];
    const reply = await sendMail({
      host: world.submission.host, port: world.submission.port, localAddress: HOSTS.thief.address, helo: HOSTS.thief.name,
      starttls: true, auth: { user: PERSON.login, password: PASSWORD }, from: PERSON.email, to,
      data: message({ from: `Sakura Kobo <${PERSON.email}>`, to, subject: "Invoice 2026-1187 overdue", id: stolen, body: "See the attached invoice." }),
    });
    check(`the provider took it after SMTP AUTH as ${PERSON.login} (${reply.data})`, reply.data?.startsWith("250") === true, reply);
    check("it is not in Sent", (await imap.flagsOf("Sent", stolen)) === null);
    const bounces = await judged(stolen, 2);
    for (const b of bounces) check(`bounce from ${b.report.reportingMta}: ${describe(b)}`, b.judgement.verdict === "compromise", b.judgement);
    const title = text.notify_title_compromise.message.replace("$1", PERSON.email);
    const shown = await waitFor("the compromise notification", async () =>
      desktop.notifications.slice(notificationsBefore).find((n) => n.summary === title), { timeoutMs: 15_000 });
    check(`notification: "${shown.summary}" — "${shown.body}"`, true);
    const state = await addonState();
    check(`account alert compromise (${state.meta.alert})`, state.meta.alert === "compromise", state.meta.alert);
    await sleep(700);
    desktop.screenshot(join(results, "world-notification.png"));
  });

  await step(`installed into a Thunderbird that has ${HISTORY_BOUNCES} more bounces: its first check, suspended in the middle and woken by new mail, loses and repeats nothing`, async () => {
    await tb.quit();
    tb = null;
    // The person's phone sent these while Thunderbird was closed (copies in Sent); each bounced at the recipients' MX.
    const sent = Array.from({ length: HISTORY_BOUNCES }, (_, i) => {
      const id = `<phone-${i}-${randomBytes(3).toString("hex")}@${PERSON_DOMAIN}>`;
      const to = [`old-customer-${i}@example.org`];
      return { id, to, data: message({ from: `Kana <${PERSON.email}>`, to, subject: `Order ${i}`, id, body: "Thank you for your order." }) };
    });
    for (let i = 0; i < sent.length; i += 10) {
      await Promise.all(sent.slice(i, i + 10).map(({ to, data }) => sendMail({
        host: world.submission.host, port: world.submission.port, localAddress: HOSTS.provider.address, helo: "phone",
        auth: { user: PERSON.login, password: PASSWORD }, from: PERSON.email, to, data,
      })));
    }
    for (const { data } of sent) await imap.append("Sent", Buffer.from(data), ["\\Seen"]);
    const ids = sent.map((m) => m.id);
    const inbox = join(dovecotDir, "home", PERSON.login, "Maildir");
    let total = 4 + HISTORY_BOUNCES;
    await waitFor(`${total} bounces in the person's Maildir`, async () =>
      ["new", "cur"].reduce((n, d) => n + readdirSync(join(inbox, d)).length, 0) >= total, { timeoutMs: 60_000 });
    // Read on the phone: no new-mail event for them, only the first check finds them.
    await imap.run("SELECT INBOX");
    await imap.run("STORE 1:* +FLAGS (\\Seen)");
    // The person's Thunderbird, without the add-on yet, has all of it: then they install the add-on.
    const dir = profile("profile-history");
    unlinkSync(join(dir, "extensions", `${ADDON_ID}.xpi`));
    await start(dir, "history");
    await exec(UPDATE_FOLDER, ["Sent"]);
    await waitFor("Thunderbird to list the mailbox", async () => {
      const folders = await exec(IMAP_FOLDERS);
      return folders.INBOX === total && folders.Sent === HISTORY_BOUNCES + 1;
    }, { timeoutMs: 60_000 });
    check(`installed: ${await exec(INSTALL_ADDON, [XPI])}`, true);
    const at = await waitFor("the first check in the middle of the messages", async () => {
      const scan = (await addonState())?.meta.historyScan;
      return scan?.state === "running" && scan.phase === "messages" && scan.bouncesFound >= 3 && scan.examined < scan.total - 20 && scan;
    }, { timeoutMs: 90_000, intervalMs: 50 });
    const backgroundState = await exec(SUSPEND_BACKGROUND, [ADDON_ID]);
    const before = await addonState();
    check(`suspended at ${at.examined}/${at.total} looked at, ${at.bouncesFound} bounces found (background ${backgroundState})`,
      String(backgroundState).toLowerCase().includes("stop"), await exec(ADDON_STATE, [ADDON_ID]));
    check(`the interrupted check is kept as running (${before.meta.historyScan.state})`, before.meta.historyScan.state === "running");
    await sleep(1000);
    const idle = await addonState();
    check("nothing happens while it is suspended", idle.bounces.length === before.bounces.length, [before.bounces.length, idle.bounces.length]);
    // New mail wakes the page (a bounce of one more message from the phone), and its start-up goes on with the check.
    const late = `<phone-late-${randomBytes(3).toString("hex")}@${PERSON_DOMAIN}>`;
    const lateMail = message({ from: `Kana <${PERSON.email}>`, to: ["late@example.org"], subject: "Order late", id: late, body: "Thanks." });
    await sendMail({ host: world.submission.host, port: world.submission.port, localAddress: HOSTS.provider.address, helo: "phone",
      auth: { user: PERSON.login, password: PASSWORD }, from: PERSON.email, to: ["late@example.org"], data: lateMail });
    await imap.append("Sent", Buffer.from(lateMail), ["\\Seen"]);
    ids.push(late);
    total++;
    await waitFor("the page to wake", async () => !String((await exec(ADDON_STATE, [ADDON_ID]))?.backgroundState).includes("stop"), { timeoutMs: 30_000 });
    check("new mail woke the page", true);
    const done = await waitFor("the check to end", async () => {
      const s = await addonState();
      return s?.meta.historyScan?.state === "done" && s;
    }, { timeoutMs: 120_000 });
    const scan = done.meta.historyScan;
    check(`the check ended: ${scan.bouncesFound} bounces found, ${scan.examined}/${scan.total} looked at`,
      scan.bouncesFound >= total - 1 && scan.examined === scan.total, scan);
    const keys = done.bounces.map((b) => b.headerMessageId);
    check(`every bounce recorded once (${done.bounces.length} records, ${new Set(keys).size} distinct, ${total} delivered)`,
      done.bounces.length === total && new Set(keys).size === total);
    const again = before.bounces.filter((b) => done.bounces.find((d) => d.key === b.key)?.analyzedAt !== b.analyzedAt);
    check(`the ${before.bounces.length} analysed before the suspension were not analysed again`, again.length === 0, again.map((b) => b.key));
    const verdicts = await waitFor("the phone's bounces judged own-mail (Sent synced)", async () => {
      const s = await addonState();
      const phone = ids.flatMap((id) => bouncesOf(s, id));
      return phone.length === ids.length && phone.every((b) => b.judgement.verdict === "own-mail") && s;
    }, { timeoutMs: 60_000 }).catch(() => null);
    check(`the ${ids.length} bounces of the phone's mail are own-mail`, verdicts !== null);
    const stories = await addonState();
    const story = (id) => bouncesOf(stories, id).map((b) => b.judgement.verdict).join(",");
    check(`the stories judged again by the first check: own ${story(own)}, forged ${story(forged)}, stolen ${story(stolen)}`,
      story(own) === "own-mail" && story(forged) === "spoofed" && story(stolen) === "compromise,compromise");
    await tb.quit();
    tb = null;
  });
} finally {
  if (tb) await tb.quit().catch(() => {});
  await imap.logout().catch(() => {});
  const { failed } = tally();
  if (failed > 0) {
    console.log(world.logs());
    cpSync(work, join(results, "logs"), { recursive: true, filter: (src) => {
      const stat = lstatSync(src);
      return stat.isDirectory() || (stat.isFile() && /\.log$|\.stderr$|log$/.test(src));
    } });
  }
  stopAll();
}

rmSync(work, { recursive: true, force: true });
const { passed, failed } = tally();
console.log(`\nworld e2e time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
