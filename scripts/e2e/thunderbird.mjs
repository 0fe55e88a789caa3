// Starts Thunderbird on a prepared profile, takes it online with the IMAP password stored over Marionette,
// and offers the chrome-context probes the harness asserts with.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { Marionette } from "./marionette.mjs";

export const THUNDERBIRD = "thunderbird";

/** "Mozilla Thunderbird 153.8.0esr" or null when it is not installed. */
export function thunderbirdVersion() {
  const r = spawnSync(THUNDERBIRD, ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * @param {{profile: string, logFile: string, env: NodeJS.ProcessEnv, marionettePort: number,
 *          imap: {user: string, password: string}}} o
 */
export async function startThunderbird(o) {
  const log = createWriteStream(o.logFile, { flags: "a" });
  const startedAt = Date.now();
  const child = spawn(THUNDERBIRD, ["--profile", o.profile, "--no-remote", "--marionette", "--remote-allow-system-access"], {
    env: { ...o.env, MOZ_CRASHREPORTER_DISABLE: "1", MOZ_CRASHREPORTER: "", MOZ_DISABLE_AUTO_SAFE_MODE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let exited = /** @type {number | null | undefined} */ (undefined);
  child.once("exit", (code, signal) => {
    exited = code ?? -1;
    log.write(`\n[harness] Thunderbird exited: code ${code} signal ${signal}\n`);
  });
  const failure = (message) =>
    new Error(`${message}\n--- Thunderbird log (${o.logFile}) ---\n${readFileSync(o.logFile, "utf8").slice(-20_000)}`);

  // Matters only while starting: an exit then ends the wait for Marionette at once.
  const exitedEarly = new Promise((_, reject) => child.once("exit", (code) => reject(new Error(`Thunderbird exited during start-up (code ${code})`))));
  exitedEarly.catch(() => {});
  let marionette;
  try {
    marionette = await Promise.race([Marionette.connect({ port: o.marionettePort, timeoutMs: 60_000 }), exitedEarly]);
    await marionette.startChromeSession();
    await marionette.execute(GO_ONLINE, ["imap://127.0.0.1", o.imap.user, o.imap.password]);
  } catch (error) {
    child.kill("SIGKILL");
    throw failure(`Thunderbird did not come up: ${error.message}`);
  }
  const tb = {
    marionette, child, failure,
    readyMs: Date.now() - startedAt,
    /** Quits over Marionette (a clean shutdown that writes the profile), killing it if that hangs. */
    async quit() {
      const gone = new Promise((resolve) => (exited !== undefined ? resolve(undefined) : child.once("exit", resolve)));
      await marionette.quit();
      const done = await Promise.race([gone.then(() => true), sleep(20_000).then(() => false)]);
      if (!done) child.kill("SIGKILL");
      log.end();
    },
    get exited() {
      return exited !== undefined;
    },
  };
  return tb;
}

// Chrome-context scripts (run in Thunderbird's main window with system privileges).

/** Stores the IMAP password (once), goes online and fetches new mail. */
const GO_ONLINE = `
  const [origin, user, password] = arguments;
  const logins = await Services.logins.searchLoginsAsync({ origin });
  if (!logins.some((l) => l.username === user)) {
    const login = Cc["@mozilla.org/login-manager/loginInfo;1"].createInstance(Ci.nsILoginInfo);
    login.init(origin, null, origin, user, password, "", "");
    await Services.logins.addLoginAsync(login);
  }
  // The main window fills the screen, for screenshots (there is no window manager to maximise it).
  const win = Services.wm.getMostRecentWindow("mail:3pane");
  win.moveTo(0, 0);
  win.resizeTo(win.screen.availWidth, win.screen.availHeight);
  Services.io.offline = false;
  const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
  for (const server of MailServices.accounts.allServers) {
    if (server.type !== "imap") continue;
    server.getNewMessages(server.rootFolder, null, null);
  }
`;

/** The add-on as the AddonManager and the extension framework see it. */
export const ADDON_STATE = `
  const [id] = arguments;
  const { AddonManager } = ChromeUtils.importESModule("resource://gre/modules/AddonManager.sys.mjs");
  const addon = await AddonManager.getAddonByID(id);
  const policy = WebExtensionPolicy.getByID(id);
  return addon && {
    version: addon.version, isActive: addon.isActive, userDisabled: addon.userDisabled,
    running: Boolean(policy && policy.active),
    backgroundState: policy?.extension?.backgroundState ?? null,
  };
`;

/** Names of the IMAP account's folders and how many messages Thunderbird's own database holds for each. */
export const IMAP_FOLDERS = `
  const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
  const server = MailServices.accounts.allServers.find((s) => s.type === "imap");
  const out = {};
  for (const folder of server.rootFolder.descendants) out[folder.name] = folder.getTotalMessages(false);
  return out;
`;

/** Asks Thunderbird to sync one folder of the IMAP account now (what opening it would do). */
export const UPDATE_FOLDER = `
  const [name] = arguments;
  const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
  const server = MailServices.accounts.allServers.find((s) => s.type === "imap");
  const folder = server.rootFolder.descendants.find((f) => f.name === name);
  if (!folder) return false;
  folder.updateFolder(null);
  return true;
`;

// The add-on keeps its state in its own IndexedDB database (opened with the extension's principal,
// as its background page does). Opening never creates it: an upgrade request is aborted.
const OPEN_ADDON_DB = `
  const openAddonDb = (id, name) => new Promise((resolve, reject) => {
    const win = Services.wm.getMostRecentWindow("mail:3pane");
    const principal = WebExtensionPolicy.getByID(id).extension.principal;
    const request = win.indexedDB.openForPrincipal(principal, name);
    let created = false;
    request.onupgradeneeded = () => { created = true; request.transaction.abort(); };
    request.onsuccess = () => resolve(request.result);
    request.onerror = (event) => { event.preventDefault(); created ? resolve(null) : reject(request.error); };
  });
  const done = (request) => new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
`;

/** Every record of the given stores of the add-on's database, or null while it does not exist yet. */
export const ADDON_DB_READ = `${OPEN_ADDON_DB}
  const [id, name, stores] = arguments;
  const db = await openAddonDb(id, name);
  if (!db) return null;
  try {
    const out = {};
    const tx = db.transaction(stores, "readonly");
    for (const store of stores) {
      const [keys, values] = await Promise.all([done(tx.objectStore(store).getAllKeys()), done(tx.objectStore(store).getAll())]);
      out[store] = keys.map((key, i) => ({ key, value: values[i] }));
    }
    return JSON.parse(JSON.stringify(out));
  } finally {
    db.close();
  }
`;

/** Merges `changes` into the object stored under `key` in a store of the add-on's database. */
export const ADDON_DB_MERGE = `${OPEN_ADDON_DB}
  const [id, name, store, key, changes] = arguments;
  const db = await openAddonDb(id, name);
  if (!db) return false;
  try {
    const tx = db.transaction([store], "readwrite");
    const objects = tx.objectStore(store);
    const current = (await done(objects.get(key))) ?? {};
    await done(objects.put({ ...current, ...changes }, key));
    return true;
  } finally {
    db.close();
  }
`;

/** Grants optional permissions as the person's "Allow" would, telling the running add-on. */
export const GRANT_PERMISSIONS = `
  const [id, permissions] = arguments;
  const { ExtensionPermissions } = ChromeUtils.importESModule("resource://gre/modules/ExtensionPermissions.sys.mjs");
  const extension = WebExtensionPolicy.getByID(id).extension;
  await ExtensionPermissions.add(id, { permissions, origins: [] }, extension);
  return (await ExtensionPermissions.get(id)).permissions;
`;

// The add-on's button is in the mail space's toolbar: a probe of it first goes back to the mail tab, as the
// person would after a page of the add-on (its welcome page, its report) opened in a tab of its own.
const TO_MAIL_TAB = `
  const tabmail = win.document.getElementById("tabmail");
  const mailTab = tabmail.tabInfo.find((t) => t.mode?.name === "mail3PaneTab");
  if (mailTab && tabmail.currentTabInfo !== mailTab) {
    tabmail.switchToTab(mailTab);
    await new Promise((r) => win.setTimeout(r, 300));
  }
`;

/** The add-on's toolbar button in the main window: its badge text, or null when there is no button. */
export const ACTION_BADGE = `
  const [id] = arguments;
  const win = Services.wm.getMostRecentWindow("mail:3pane");${TO_MAIL_TAB}
  const button = win.document.querySelector('#unifiedToolbarContent [extension="' + id + '"]');
  return button ? (button.getAttribute("badge") ?? "") : null;
`;

/**
 * Clicks the add-on's toolbar button and resolves once its popup panel is open, loaded, and has kept
 * its size for half a second (the page renders what it asked the background for, and the panel follows).
 */
export const OPEN_POPUP = `
  const [id] = arguments;
  const win = Services.wm.getMostRecentWindow("mail:3pane");${TO_MAIL_TAB}
  win.focus();
  const button = win.document.querySelector('#unifiedToolbarContent [extension="' + id + '"]');
  if (!button) throw new Error("the add-on has no toolbar button");
  button.click();
  let size = "";
  let stableSince = 0;
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => win.setTimeout(r, 100));
    const panel = [...win.document.querySelectorAll("panel")].find((p) => p.state === "open" && p.querySelector("browser"));
    const browser = panel?.querySelector("browser");
    if (!browser || !browser.currentURI?.spec.startsWith("moz-extension:") || browser.webProgress?.isLoadingDocument) continue;
    const { width, height } = panel.getBoundingClientRect();
    const now = width + "x" + height;
    if (now !== size) [size, stableSince] = [now, i];
    else if (i - stableSince >= 5) return { url: browser.currentURI.spec, width, height };
  }
  throw new Error("the popup did not open and settle within 10 s (size " + (size || "none") + ")");
`;

export const CLOSE_POPUP = `
  const win = Services.wm.getMostRecentWindow("mail:3pane");
  for (const panel of win.document.querySelectorAll("panel")) if (panel.state === "open") panel.hidePopup();
`;

/** The addresses of the tabs open in the main window (content tabs), and closes those matching `close`. */
export const TABS = `
  const [close] = arguments;
  const tabmail = Services.wm.getMostRecentWindow("mail:3pane").document.getElementById("tabmail");
  const urls = [];
  for (const tab of [...tabmail.tabInfo]) {
    const url = tab.browser?.currentURI?.spec ?? "";
    urls.push(url);
    if (close && url.includes(close)) tabmail.closeTab(tab);
  }
  return urls;
`;

/** Keys of the tags Thunderbird knows, with their names (the add-on's own tag among them once created). */
export const TAGS = `
  const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
  return MailServices.tags.getAllTags().map((t) => ({ key: t.key, tag: t.tag }));
`;

/** Stores a password for the SMTP server (as the person's "remember password" would). */
export const SMTP_LOGIN = `
  const [origin, user, password] = arguments;
  const logins = await Services.logins.searchLoginsAsync({ origin, httpRealm: origin });
  if (logins.some((l) => l.username === user)) return true;
  const login = Cc["@mozilla.org/login-manager/loginInfo;1"].createInstance(Ci.nsILoginInfo);
  login.init(origin, null, origin, user, password, "", "");
  await Services.logins.addLoginAsync(login);
  return true;
`;

/**
 * Writes and sends a plain-text message from the account's identity as the person does: a compose window,
 * then Send, with the given Message-ID. Resolves once the window has closed (sent, and the copy filed in Sent).
 */
export const SEND_MAIL = `
  const [to, subject, body, messageId] = arguments;
  const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
  const identity = MailServices.accounts.defaultAccount.defaultIdentity;
  const fields = Cc["@mozilla.org/messengercompose/composefields;1"].createInstance(Ci.nsIMsgCompFields);
  fields.to = to;
  fields.subject = subject;
  fields.body = body;
  fields.messageId = messageId;
  const params = Cc["@mozilla.org/messengercompose/composeparams;1"].createInstance(Ci.nsIMsgComposeParams);
  params.type = Ci.nsIMsgCompType.New;
  params.format = Ci.nsIMsgCompFormat.PlainText;
  params.identity = identity;
  params.composeFields = fields;
  MailServices.compose.OpenComposeWindowWithParams(null, params);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  let win = null;
  for (let i = 0; i < 200 && !(win && win.gLoadingComplete); i++) {
    await sleep(100);
    win = Services.wm.getMostRecentWindow("msgcompose");
  }
  if (!win?.gLoadingComplete) throw new Error("the compose window did not load");
  win.SendMessage();
  for (let i = 0; i < 300 && !win.closed; i++) await sleep(100);
  if (!win.closed) throw new Error("the compose window did not close after Send (still sending, or an error prompt)");
  return true;
`;

/** Suspends the add-on's background page as Thunderbird does when it is idle (listeners stay primed). */
export const SUSPEND_BACKGROUND = `
  const [id] = arguments;
  const extension = WebExtensionPolicy.getByID(id).extension;
  await extension.terminateBackground({ ignoreDevToolsAttached: true, disableResetIdleForTest: true });
  return extension.backgroundState;
`;

/** Installs the add-on into the running Thunderbird from its .xpi, as "Install Add-on From File…" does. */
export const INSTALL_ADDON = `
  const [path] = arguments;
  const { AddonManager } = ChromeUtils.importESModule("resource://gre/modules/AddonManager.sys.mjs");
  const file = Cc["@mozilla.org/file/local;1"].createInstance(Ci.nsIFile);
  file.initWithPath(path);
  const install = await AddonManager.getInstallForFile(file);
  const addon = await install.install();
  return addon.id;
`;

// Reading the add-on's own pages, which run in the extension process: through the accessibility tree, which
// Gecko mirrors into the parent process (names, roles, screen boxes; doAction presses a button).
const ACCESSIBLE_PAGE = `
  const a11y = Cc["@mozilla.org/accessibilityService;1"].getService(Ci.nsIAccessibilityService);
  const boxOf = (a) => { const x = {}, y = {}, w = {}, h = {}; a.getBounds(x, y, w, h); return { x: x.value, y: y.value, width: w.value, height: h.value }; };
  const busy = (a) => { const state = {}, extra = {}; a.getState(state, extra); return (state.value & Ci.nsIAccessibleStates.STATE_BUSY) !== 0; };
  /**
   * The page shown in a browser element, once it has its content: every node with role, name, DOM id and box.
   * The add-on's pages say aria-busy on their #app until they have rendered what the background answered; read
   * before that, a page has its header only.
   */
  const readPage = async (browser) => {
    for (let i = 0; i < 50; i++) {
      const doc = a11y.getAccessibleFor(browser)?.firstChild;
      const nodes = [];
      const walk = (a) => { nodes.push(a); for (let c = a.firstChild; c; c = c.nextSibling) walk(c); };
      if (doc) walk(doc);
      const app = nodes.find((n) => n.id === "app");
      if (app && !busy(app) && nodes.some((n) => n.role === Ci.nsIAccessibleRole.ROLE_PUSHBUTTON)) {
        return {
          doc, nodes, box: boxOf(doc),
          text: nodes.filter((n) => n.role === Ci.nsIAccessibleRole.ROLE_TEXT_LEAF || n.role === Ci.nsIAccessibleRole.ROLE_STATICTEXT).map((n) => n.name).join(" "),
          buttons: nodes.filter((n) => n.role === Ci.nsIAccessibleRole.ROLE_PUSHBUTTON),
        };
      }
      await new Promise((r) => Services.wm.getMostRecentWindow("mail:3pane").setTimeout(r, 100));
    }
    return null;
  };
`;

/** The open popup's page: its text, and its buttons with their boxes relative to the page's top left. */
export const POPUP_VIEW = `${ACCESSIBLE_PAGE}
  const win = Services.wm.getMostRecentWindow("mail:3pane");
  const panel = [...win.document.querySelectorAll("panel")].find((p) => p.state === "open" && p.querySelector("browser"));
  const browser = panel?.querySelector("browser");
  const page = browser && await readPage(browser);
  if (!page) return { open: Boolean(panel), text: "", buttons: [], viewport: null };
  return {
    open: true, text: page.text, viewport: { width: page.box.width, height: page.box.height },
    buttons: page.buttons.map((b) => { const r = boxOf(b); return { id: b.id, name: b.name, top: r.y - page.box.y, bottom: r.y + r.height - page.box.y, right: r.x + r.width - page.box.x }; }),
  };
`;

/** Presses the open popup's button with this DOM id or name; false when there is none. */
export const POPUP_PRESS = `${ACCESSIBLE_PAGE}
  const [which] = arguments;
  const win = Services.wm.getMostRecentWindow("mail:3pane");
  const panel = [...win.document.querySelectorAll("panel")].find((p) => p.state === "open" && p.querySelector("browser"));
  const page = panel && await readPage(panel.querySelector("browser"));
  const button = page?.buttons.find((b) => b.id === which || b.name === which);
  if (!button) return false;
  button.doAction(0);
  return true;
`;

/** The add-on's tabs whose address contains \`part\`, each brought to the front to be read: the window its page lives in (a reload makes a new one), its text. */
export const ADDON_TABS = `${ACCESSIBLE_PAGE}
  const [part] = arguments;
  const tabmail = Services.wm.getMostRecentWindow("mail:3pane").document.getElementById("tabmail");
  const out = [];
  for (const t of [...tabmail.tabInfo].filter((t) => (t.browser?.currentURI?.spec ?? "").includes(part))) {
    const selected = tabmail.currentTabInfo === t;
    tabmail.switchToTab(t);
    const page = await readPage(t.browser);
    out.push({ selected, window: t.browser.browsingContext?.currentWindowGlobal?.innerWindowId ?? null, text: page?.text ?? null });
  }
  return out;
`;
