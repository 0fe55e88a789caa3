// npm run test:e2e — installs what the end-to-end test needs from Debian when missing, builds the .xpi,
// and runs test/e2e/bounce-sentinel.e2e.mjs in a network namespace of its own where only loopback exists.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensurePackages } from "./packages.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

if (process.getuid?.() !== 0) {
  console.error("test:e2e needs root (CI runs as root): it installs Debian packages and isolates the network with unshare -n.");
  process.exit(1);
}
const started = Date.now();
ensurePackages();
const build = spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { cwd: root, stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);
console.log(`e2e setup (packages, build): ${((Date.now() - started) / 1000).toFixed(1)} s`);

const test = join(root, "test/e2e/bounce-sentinel.e2e.mjs");
if (!existsSync(test)) throw new Error(`missing ${test}`);
// --net: a new network namespace (loopback only, brought up by the test); --fork --kill-child: nothing outlives it.
const run = spawnSync("unshare", ["--net", "--fork", "--kill-child", process.execPath, test], {
  cwd: root, stdio: "inherit", env: { ...process.env, E2E_STARTED_AT: String(started) },
});
process.exit(run.status ?? 1);
