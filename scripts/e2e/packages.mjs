// The Debian packages the end-to-end harness uses.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
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
  // The mail world (scripts/e2e/world): the provider's and the recipient's Postfix, Dovecot's LMTP and SASL,
  // the milters, the SPF policy server and the DNS. (apt would start them as services; the world runs its own.)
  { pkg: "postfix", present: () => has("postfix") && installed("postfix") },
  { pkg: "dovecot-lmtpd", present: () => installed("dovecot-lmtpd") },
  { pkg: "opendkim", present: () => has("opendkim") },
  { pkg: "opendmarc", present: () => has("opendmarc") },
  { pkg: "postfix-policyd-spf-python", present: () => has("policyd-spf") },
  { pkg: "nsd", present: () => has("nsd") },
  { pkg: "openssl", present: () => has("openssl") },
  // The libraries of Exim 4 (exim4-daemon-heavy), which is unpacked rather than installed (it conflicts with Postfix).
  ...["libdb5.3", "libgnutls-dane0", "libgnutls30", "libidn12", "libidn2-0", "libldap-2.5-0", "libmariadb3", "libnsl2",
    "libpam0g", "libpcre2-8-0", "libperl5.36", "libpq5", "libsasl2-2", "libspf2-2", "libsqlite3-0"]
    .map((pkg) => ({ pkg, present: () => installed(pkg) })),
];

/** Where Debian's Exim package is unpacked (kept across runs on a machine; a fresh one unpacks it again). */
const EXIM_ROOT = "/var/cache/bounce-sentinel-e2e/exim4-daemon-heavy";
export const EXIM_BINARY = join(EXIM_ROOT, "usr/sbin/exim4");

/** `apt-get download` + `dpkg -x`: Debian's exim4-daemon-heavy without installing it. */
function ensureExim() {
  if (existsSync(EXIM_BINARY)) return;
  const download = join(EXIM_ROOT, "..", "download");
  rmSync(download, { recursive: true, force: true });
  mkdirSync(download, { recursive: true });
  const run = (command, args, cwd) => {
    const r = spawnSync(command, args, { cwd, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${r.stdout ?? ""}${r.stderr ?? r.error}`);
  };
  run("apt-get", ["download", "-qq", "exim4-daemon-heavy"], download);
  const deb = readdirSync(download).find((f) => f.startsWith("exim4-daemon-heavy_") && f.endsWith(".deb"));
  if (!deb) throw new Error("apt-get download exim4-daemon-heavy left no .deb");
  run("dpkg", ["-x", join(download, deb), EXIM_ROOT]);
  rmSync(download, { recursive: true, force: true });
  console.log(`unpacked ${deb} into ${EXIM_ROOT}`);
}

export function ensurePackages() {
  ensureDebianPackages(NEEDS);
  ensureExim();
}
