// The Debian packages the end-to-end harness uses.
import { existsSync } from "node:fs";
import { ensureDebianPackages, hasCommand as has, isInstalled as installed } from "../debian-packages.mjs";

/** What each package gives the harness, and how to tell it is there. */
const NEEDS = [
  { pkg: "thunderbird", present: () => has("thunderbird") },
  { pkg: "thunderbird-l10n-ja", present: () => existsSync("/usr/lib/thunderbird/extensions/langpack-ja@thunderbird.mozilla.org.xpi") },
  { pkg: "xvfb", present: () => has("Xvfb") },
  // (The packaged Dovecot service is not used: the harness runs its own.)
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
  ensureDebianPackages(NEEDS);
}
