#!/usr/bin/env node
// Launcher for the bundled CLI; `npm ci` builds it through the `prepare` script. It sets V8's flags, then compiles
// the bundle with the code cache the build made: V8's code for it after one run of the command over the demo's mail,
// so a run skips most of the parsing and compiling of the bundle (start-up 78 -> 70 ms; a run over ~3,000 bounces
// 2-3% shorter). V8 rejects a cache that does not fit (another Node version, other flags), and the bundle is then
// compiled as usual. The flags are set here because the cache holds only for the flags it was made with.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";

// A run decodes message after message, each one's garbage dead before the next. V8 doubles the young generation
// (up to 16 MiB semi-spaces) as the survivors of its collections add up over a long run; kept at its start size,
// a run over ~3,000 bounces peaks ~13 MiB lower for ~3% more CPU (more, smaller scavenges). V8 reads the factor
// each time it would grow the space, so setting it here, before any decoding, takes effect.
v8.setFlagsFromString("--semi-space-growth-factor=1");
// Scavenging that small space on one thread: split over a helper thread, each of the ~300 short scavenges of such a run
// waited for that thread, which on a busy machine is often not running. Read by V8 at each scavenge.
v8.setFlagsFromString("--no-parallel-scavenge");
// A run of the command is short: of its CPU, a third went to V8's optimising compiler (on helper threads beside the
// main thread, competing with it for the cores), most of it compiling the callees inlined into the hot functions.
// Without inlining each optimisation compiles one function: less compiling, and the code it gives was as fast here.
// Read by V8 at each optimisation, so setting it here, before any function is hot, takes effect.
v8.setFlagsFromString("--no-turbo-inlining");

const bundle = fileURLToPath(new URL("../dist/cli/bounce-sentinel.cjs", import.meta.url));
const codeCache = fileURLToPath(new URL("../dist/cli/bounce-sentinel.code-cache", import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write("bounce-sentinel: not built yet; run `npm run build` (or `npm ci`) in the project first\n");
  process.exit(1);
}
// The build asks for the cache by naming where to write it: made at exit, after the run compiled what it used.
const writeCacheTo = process.env.BOUNCE_SENTINEL_WRITE_CODE_CACHE;
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, "utf8")}\n})`, {
  filename: bundle,
  cachedData: !writeCacheTo && existsSync(codeCache) ? readFileSync(codeCache) : undefined,
});
if (writeCacheTo) process.on("exit", () => writeFileSync(writeCacheTo, script.createCachedData()));
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
