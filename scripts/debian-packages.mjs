// Installs the Debian packages a test needs, only when something is missing: a developer's machine usually
// has them after the first run; a fresh machine (CI, or `npm test` right after `npm ci`) does not.
import { spawnSync } from "node:child_process";

export const hasCommand = (command) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
export const isInstalled = (pkg) =>
  spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" }).stdout?.includes("install ok installed") ?? false;

/** `needs`: [{ pkg, present() }]. apt's own output is shown only when it fails. */
export function ensureDebianPackages(needs) {
  const missing = needs.filter((n) => !n.present()).map((n) => n.pkg);
  if (missing.length === 0) return;
  console.log(`installing from Debian: ${missing.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const apt = (args) => {
    const r = spawnSync("apt-get", args, { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed:\n${r.stdout ?? ""}${r.stderr ?? r.error ?? ""}`);
  };
  const started = Date.now();
  apt(["update", "-qq"]);
  apt(["install", "-y", "-qq", "--no-install-recommends", ...missing]);
  console.log(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const still = needs.filter((n) => !n.present()).map((n) => n.pkg);
  if (still.length > 0) throw new Error(`still missing after apt-get install: ${still.join(" ")}`);
}
