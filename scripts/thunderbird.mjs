// npm run thunderbird — try the add-on for real: Thunderbird (if installed) opens with a throwaway profile,
// the freshly built add-on, and the bundled demo mailbox (demo/) served by a private Dovecot on 127.0.0.1.
// The demo's sent mail is in Sent before the bounces arrive, so the alert and the popup show within seconds.
// Closing Thunderbird ends the demo and removes the profile and the mailbox.
// `--dry-run` prepares the demo mailbox (with the project's own readers, as a real run does) and says what it
// would do, without Thunderbird, Dovecot or a display: the tests run it so that a launcher calling a
// function the project no longer has fails there, not in a person's hands.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { startDovecot } from "./e2e/dovecot.mjs";
import { Imap } from "./e2e/imap.mjs";
import { addonIdOf, writeProfile } from "./e2e/profile.mjs";
import { IMAP_FOLDERS, UPDATE_FOLDER, startThunderbird, thunderbirdVersion } from "./e2e/thunderbird.mjs";
import { waitFor } from "./e2e/wait.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const demo = join(root, "demo");
const dryRun = process.argv.includes("--dry-run");

const me = JSON.parse(readFileSync(join(demo, "scenario.json"), "utf8")).me[0];
const sent = await splitMbox(readFileSync(join(demo, "sent.mbox")));
const inbox = readdirSync(join(demo, "inbox")).filter((f) => f.endsWith(".eml")).sort();
if (dryRun) {
  console.log(`dry run: the demo mailbox of ${me} is ready (${sent.length} sent, ${inbox.length} received); nothing was started.`);
  process.exit(0);
}

const version = thunderbirdVersion();
const missing = [!version && "thunderbird", spawnSync("sh", ["-c", "command -v dovecot"]).status !== 0 && "dovecot-imapd"].filter(Boolean);
if (missing.length > 0) {
  console.error(`This needs ${missing.join(" and ")} (on Debian/Ubuntu: sudo apt-get install ${missing.join(" ")}).
Without them, install the built add-on into your own Thunderbird instead: npm run build, then
Tools → Add-ons and Themes → gear icon → Install Add-on From File… → dist/bounce-sentinel-<version>.xpi`);
  process.exit(1);
}
if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error("No display: npm run thunderbird opens a Thunderbird window, so it needs a desktop session.");
  process.exit(1);
}

const built = spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { cwd: root, stdio: "inherit" });
if (built.status !== 0) process.exit(built.status ?? 1);
const { version: addonVersion } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

const login = me.split("@")[0];
const work = mkdtempSync(join(tmpdir(), "bounce-sentinel-demo-"));
chmodSync(work, 0o755);
const xpi = join(work, "bounce-sentinel.xpi");
copyFileSync(join(root, "dist", `bounce-sentinel-${addonVersion}.xpi`), xpi);

/** @type {(() => void)[]} */
const cleanup = [() => rmSync(work, { recursive: true, force: true })];
const end = (code) => {
  for (const step of cleanup.reverse()) step();
  process.exit(code);
};
process.on("SIGINT", () => end(130));
process.on("SIGTERM", () => end(143));

try {
  const dovecot = await startDovecot({ dir: join(work, "dovecot"), port: await freePort(), user: login, password: `demo-${process.pid}` });
  cleanup.push(dovecot.stop);
  const imap = await Imap.login(dovecot);
  for (const message of sent) await imap.append("Sent", Buffer.from(message), ["\\Seen"]);

  const profile = join(work, "profile");
  const marionettePort = await freePort();
  writeProfile({ dir: profile, imapPort: dovecot.port, login, email: me, fullName: me, xpi, addonId: addonIdOf(root), marionettePort });
  const tb = await startThunderbird({
    profile, logFile: join(work, "thunderbird.log"), env: process.env, marionettePort, imap: dovecot,
  });
  cleanup.push(() => tb.child.kill("SIGTERM"));
  console.log(`${version} is open with a throwaway profile and Bounce Sentinel ${addonVersion}.`);

  // Sent first (as if the person had used this account for a while), then the inbox arrives as new mail.
  await tb.marionette.execute(UPDATE_FOLDER, ["Sent"]);
  await waitFor("Thunderbird to list the demo's sent mail", async () => (await tb.marionette.execute(IMAP_FOLDERS)).Sent >= sent.length);
  for (const file of inbox) await imap.append("INBOX", readFileSync(join(demo, "inbox", file)));
  await imap.logout();
  tb.marionette.close();
  console.log(`The demo mailbox of ${me} (${sent.length} sent, ${inbox.length} received) is arriving now:
watch for the alert and open the Bounce Sentinel button in the toolbar. Close Thunderbird to end the demo.`);
  await new Promise((resolve) => (tb.exited ? resolve(undefined) : tb.child.once("exit", resolve)));
  end(0);
} catch (error) {
  console.error(error.message);
  end(1);
}

/** A TCP port on 127.0.0.1 that is free right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** The demo's Sent mbox split by the project's own mbox reader (src/core/mbox.ts, bundled on the fly). */
async function splitMbox(bytes) {
  const bundle = await build({
    entryPoints: [join(root, "src/core/mbox.ts")], bundle: true, format: "esm", platform: "neutral", write: false, logLevel: "warning",
  });
  const mbox = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString("base64")}`);
  return [...mbox.iterateMbox(new Uint8Array(bytes))];
}
