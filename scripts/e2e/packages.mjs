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
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  if (update.status !== 0) throw new Error("apt-get update failed");
  // The packaged Dovecot service is not wanted (the harness runs its own); policy-rc.d may forbid starting it anyway.
  const install = spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], { stdio: "inherit", env });
  if (install.status !== 0) throw new Error(`apt-get install ${missing.join(" ")} failed`);
  const still = NEEDS.filter((n) => !n.present()).map((n) => n.pkg);
  if (still.length > 0) throw new Error(`still missing after apt-get install: ${still.join(" ")}`);
}
