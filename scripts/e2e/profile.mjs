// Writes a fresh Thunderbird profile: one IMAP account on the local Dovecot, Local Folders, no wizard,
// no network chatter, and the add-on installed from the .xpi.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * @param {{
 *   dir: string, imapPort: number, login: string, email: string, fullName: string,
 *   xpi: string, addonId: string, marionettePort: number, locale?: string,
 * }} o
 */
export function writeProfile(o) {
  mkdirSync(join(o.dir, "extensions"), { recursive: true });
  copyFileSync(o.xpi, join(o.dir, "extensions", `${o.addonId}.xpi`));
  const prefs = {
    // The account: IMAP on loopback, plain password (set over Marionette), IDLE for instant new mail.
    "mail.accountmanager.accounts": "account1,account2",
    "mail.accountmanager.defaultaccount": "account1",
    "mail.accountmanager.localfoldersserver": "server2",
    "mail.account.account1.server": "server1",
    "mail.account.account1.identities": "id1",
    "mail.account.account2.server": "server2",
    "mail.identity.id1.useremail": o.email,
    "mail.identity.id1.fullName": o.fullName,
    "mail.identity.id1.valid": true,
    "mail.identity.id1.fcc": true,
    "mail.identity.id1.fcc_folder": `imap://${o.login}@127.0.0.1/Sent`,
    "mail.identity.id1.draft_folder": `imap://${o.login}@127.0.0.1/Drafts`,
    "mail.server.server1.type": "imap",
    "mail.server.server1.hostname": "127.0.0.1",
    "mail.server.server1.port": o.imapPort,
    "mail.server.server1.userName": o.login,
    "mail.server.server1.name": o.email,
    "mail.server.server1.socketType": 0,
    "mail.server.server1.authMethod": 3,
    "mail.server.server1.login_at_startup": true,
    "mail.server.server1.use_idle": true,
    "mail.server.server1.check_new_mail": true,
    "mail.server.server1.check_time": 1,
    "mail.server.server1.check_all_folders_for_new": true,
    // Thunderbird's own new-mail pop-ups off, so every captured notification is the add-on's.
    "mail.biff.show_alert": false,
    "mail.biff.use_system_alert": false,
    "mail.server.server2.type": "none",
    "mail.server.server2.hostname": "Local Folders",
    "mail.server.server2.userName": "nobody",
    "mail.server.server2.name": "Local Folders",
    // A quiet start: no start page, default-client check, rights notice, wizard or provider lookups.
    "mailnews.start_page.enabled": false,
    "mail.shell.checkDefaultClient": false,
    "mail.rights.version": 1,
    "mail.inappnotifications.enabled": false,
    "mail.provider.enabled": false,
    "mail.spotlight.firstRunDone": true,
    "mail.winsearch.firstRunDone": true,
    "mailnews.auto_config.fetchFromISP.enabled": false,
    "mailnews.auto_config.guess.enabled": false,
    "mailnews.auto_config_url": "",
    "app.update.auto": false,
    "app.update.enabled": false,
    "app.update.checkInstallTime": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "datareporting.healthreport.uploadEnabled": false,
    "toolkit.telemetry.enabled": false,
    "toolkit.telemetry.reportingpolicy.firstRun": false,
    "browser.shell.checkDefaultBrowser": false,
    "extensions.update.enabled": false,
    "extensions.getAddons.cache.enabled": false,
    "network.captive-portal-service.enabled": false,
    "network.connectivity-service.enabled": false,
    "browser.safebrowsing.update.enabled": false,
    "mail.cloud_files.enabled": false,
    "calendar.timezone.useSystemTimezone": true,
    // The add-on: profile-scope add-ons are enabled only with this.
    "extensions.autoDisableScopes": 0,
    "extensions.enabledScopes": 15,
    // Start offline so no password prompt blocks Marionette; the harness stores the password, then goes online.
    "offline.startup_state": 3,
    // Only loopback exists in the test's network namespace: no automatic offline detection.
    "offline.autoDetect": false,
    "network.manage-offline-status": false,
    "marionette.port": o.marionettePort,
    // The add-on's console output on stdout, in the harness log.
    "devtools.console.stdout.content": true,
    "devtools.console.stdout.chrome": false,
    "browser.dom.window.dump.enabled": true,
    "intl.locale.requested": o.locale ?? "en-US",
  };
  writeFileSync(join(o.dir, "user.js"), Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`).join(""));
}

/** The gecko id the manifest declares. @param {string} root */
export function addonIdOf(root) {
  return JSON.parse(readFileSync(join(root, "manifest.json"), "utf8")).browser_specific_settings.gecko.id;
}

/** Changes one pref for the next start (user.js wins over prefs.js). @param {string} dir @param {string} name @param {unknown} value */
export function setPref(dir, name, value) {
  const file = join(dir, "user.js");
  const kept = readFileSync(file, "utf8").split("\n").filter((l) => l && !l.startsWith(`user_pref(${JSON.stringify(name)},`));
  writeFileSync(file, [...kept, `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`, ""].join("\n"));
}
