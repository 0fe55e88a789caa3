// What every Thunderbird e2e file starts from: the project's root and the add-on as built, the ports (each file
// runs in a network namespace of its own, so all use the same), and a work folder with the run's own copy of the
// .xpi (a later build in the work tree must not change it mid-run) and an emptied results folder.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { addonIdOf } from "./profile.mjs";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const ADDON_ID = addonIdOf(ROOT);
const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
export const BUILT_XPI = join(ROOT, "dist", `bounce-sentinel-${PACKAGE.version}.xpi`);
export const IMAP_PORT = 10143;
export const MARIONETTE_PORT = 2828;

/** A fresh work folder `bounce-sentinel-<name>-*` holding the .xpi, and `results` emptied. */
export function prepareWork(name, results) {
  const work = mkdtempSync(join(tmpdir(), `bounce-sentinel-${name}-`));
  chmodSync(work, 0o755);
  const xpi = join(work, "bounce-sentinel.xpi");
  copyFileSync(BUILT_XPI, xpi);
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
  return { work, xpi };
}
