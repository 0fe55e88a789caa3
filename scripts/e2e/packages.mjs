// The Debian packages the end-to-end harness uses, installed only when something is missing
// (a developer's machine usually has them after the first run; a fresh CI machine does not).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const has = (command) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
const installed = (pkg) => spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" }).stdout.includes("install ok installed");

/** What each package gives the harness, and how to tell it is there. */
const NEEDS = [
  { pkg: "thunderbird", present: () => has("thunderbird") },
  { pkg: "thunderbird-l10n-ja", present: () => existsSync("/usr/lib/thunderbird/extensions/langpack-ja@thunderbird.mozilla.org.xpi") },
  { pkg: "xvfb", present: () => has("Xvfb") },
  { pkg: "dovecot-imapd", present: () => has("dovecot") && installed("dovecot-imapd") },
  { pkg: "dbus-daemon", present: () => has("dbus-daemon") },
  { pkg: "dbus-bin", present: () => has("dbus-monitor") && has("dbus-send") },
  // Thunderbird shows notifications through libnotify; dunst is the daemon that displays them.
  { pkg: "libnotify4", present: () => installed("libnotify4") },
  { pkg: "dunst", present: () => has("dunst") },
  { pkg: "imagemagick", present: () => has("import") },
  { pkg: "iproute2", present: () => has("ip") },
  { pkg: "fonts-noto-cjk", present: () => installed("fonts-noto-cjk") },
];

export function ensurePackages() {
  const missing = NEEDS.filter((n) => !n.present()).map((n) => n.pkg);
  if (missing.length === 0) return;
  console.log(`installing from Debian: ${missing.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  // apt's progress is shown only when it fails. (The packaged Dovecot service is not used: the harness runs its own.)
  const apt = (args) => {
    const r = spawnSync("apt-get", args, { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed:\n${r.stdout}${r.stderr}`);
  };
  const started = Date.now();
  apt(["update", "-qq"]);
  apt(["install", "-y", "-qq", "--no-install-recommends", ...missing]);
  console.log(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const still = NEEDS.filter((n) => !n.present()).map((n) => n.pkg);
  if (still.length > 0) throw new Error(`still missing after apt-get install: ${still.join(" ")}`);
}
