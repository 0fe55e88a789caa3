// npm run test:e2e — installs what the end-to-end tests need from Debian when missing, builds the .xpi, and
// runs test/e2e/bounce-sentinel.e2e.mjs (hand-written bounces), test/e2e/world.e2e.mjs (bounces written by
// real mail servers) and test/e2e/lifecycle.e2e.mjs (an alert's life, popup and report tab, en and ja), each in
// namespaces of its own where only loopback exists.
import { spawn, spawnSync } from "node:child_process";
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

// Each file in namespaces of its own: PID (whatever a daemon forked ends with the file), mount (the mail world's
// private /etc) and network (loopback only, brought up by the test). An argument picks the files by name.
const names = ["bounce-sentinel", "world", "lifecycle"].filter((n) => process.argv.length <= 2 || process.argv.slice(2).some((a) => n.includes(a)));
let passed = 0;
let failed = 0;
for (const name of names) {
  const test = join(root, `test/e2e/${name}.e2e.mjs`);
  if (!existsSync(test)) throw new Error(`missing ${test}`);
  const fileStarted = Date.now();
  const child = spawn("unshare", [
    "--pid", "--fork", "--kill-child", "--mount-proc", "--mount", "--propagation", "private", "--net", process.execPath, test,
  ], { cwd: root, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, E2E_STARTED_AT: String(started), E2E_NAMESPACE: "1" } });
  let tail = "";
  child.stdout.on("data", (chunk) => {
    process.stdout.write(chunk);
    tail = (tail + chunk.toString()).slice(-400);
  });
  const code = await new Promise((resolve) => child.once("close", resolve));
  // The file's own tally line, or one failure when it ended without one.
  const counted = /e2e: (\d+) passed, (\d+) failed/.exec(tail);
  passed += counted ? Number(counted[1]) : 0;
  failed += counted ? Number(counted[2]) + (code !== 0 && Number(counted[2]) === 0 ? 1 : 0) : 1;
  console.log(`${name}.e2e.mjs: exit ${code}, ${((Date.now() - fileStarted) / 1000).toFixed(1)} s`);
}
console.log(`e2e total time (with installs and build): ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
