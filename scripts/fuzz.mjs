// npm run fuzz: analyzeMessage over generated hostile mail in worker threads, under a watchdog (issue 14).
//   node --expose-gc scripts/fuzz.mjs [--count N] [--seconds S] [--seed K] [--workers W] [--save DIR] [--only I]
//   (--help, or any option it does not know, prints the options and their defaults and runs nothing)
// Messages are mutations of ../shared/corpus and ../shared/scenarios and the structural shapes of
// test/fuzz/shapes.ts; message I of seed K is always the same (test/fuzz/messages.ts), so a failure is
// reproduced with --only I (and written out with --save). Stops at N messages or S seconds, whichever
// comes first. Fails (exit 1) on any throw or error record other than the time budget's, any message over
// --max-ms (1000) of CPU time (wall time where the system does not tell CPU time), a message the
// watchdog finds running for --watchdog-s (60) seconds of wall time, a worker's heap after a full
// collection growing by more than --max-heap-growth-mb (64), or a peak RSS over --max-rss-mb (512 + 256 per
// worker).
// Prints the distribution of the time per message (wall: what the queue waits) and the peak RSS.
import { build } from "esbuild";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { coreBundleOptions } from "./esbuild-core.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const shared = join(root, "..", "shared");

/** The options and their defaults (0 for --max-rss-mb: 512 + 256 per worker). */
const DEFAULTS = {
  count: 100_000, seconds: 3600, seed: 1, workers: 2, "max-ms": 1000, "watchdog-s": 60, "max-heap-growth-mb": 64, "max-rss-mb": 0, save: "", only: "",
};

function options() {
  const args = process.argv.slice(2);
  const given = {};
  const unknown = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].replace(/^--/, "");
    if (args[i].startsWith("--") && name in DEFAULTS && i + 1 < args.length) given[name] = args[++i];
    else unknown.push(args[i]);
  }
  // anything else (--help among it) prints the usage instead of starting a default run of 100,000 messages
  if (unknown.length) {
    const help = unknown.every((arg) => arg === "--help" || arg === "-h");
    if (!help) console.error(`fuzz: unknown option ${unknown.join(" ")}`);
    console.log(`usage: npm run fuzz -- ${Object.entries(DEFAULTS).map(([name, fallback]) => `[--${name} ${fallback === "" ? "…" : fallback}]`).join(" ")}`);
    process.exit(help ? 0 : 2);
  }
  const value = (name) => given[name] ?? DEFAULTS[name];
  return {
    count: Number(value("count")),
    seconds: Number(value("seconds")),
    seed: Number(value("seed")),
    workers: Number(value("workers")),
    maxMs: Number(value("max-ms")),
    watchdogS: Number(value("watchdog-s")),
    maxHeapGrowthMb: Number(value("max-heap-growth-mb")),
    maxRssMb: Number(value("max-rss-mb")),
    save: String(value("save")),
    only: String(value("only")),
  };
}

/** The seed messages: every .eml of the corpus and of the scenarios' inboxes, in sorted order. */
function seedFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".eml")) files.push(path);
    }
  };
  walk(join(shared, "corpus"));
  walk(join(shared, "scenarios"));
  return files;
}

async function bundle(entry) {
  const out = join(mkdtempSync(join(tmpdir(), "bs-fuzz-")), "bundle.mjs");
  await build({ entryPoints: [join(root, entry)], outfile: out, ...coreBundleOptions, platform: "node", format: "esm", target: "node20", logLevel: "warning" });
  return out;
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

const opts = options();
// a worker holds its messages and their decoding (up to 2.5 MB each, several copies): 256 MiB each
opts.maxRssMb ||= 512 + 256 * opts.workers;
const files = seedFiles();

if (opts.only !== "") {
  // one message, made and decoded in this thread, written out when --save is given
  const { fuzzMessage } = await import(pathToFileURL(await bundle("test/fuzz/messages.ts")).href);
  const { analyzeMessage } = await import(pathToFileURL(await bundle("src/core/analyze.ts")).href);
  const { readFileSync } = await import("node:fs");
  const { raw, made } = fuzzMessage(files.map((f) => new Uint8Array(readFileSync(f))), opts.seed, Number(opts.only));
  if (opts.save) {
    mkdirSync(opts.save, { recursive: true });
    writeFileSync(join(opts.save, `fuzz-${opts.seed}-${opts.only}.eml`), raw);
  }
  const started = performance.now();
  const report = await analyzeMessage(raw);
  console.log(JSON.stringify({ index: Number(opts.only), made, bytes: raw.length, ms: performance.now() - started, error: report.error, limits: report.limits, recipients: report.recipients.length }));
  process.exit(0);
}

const workerFile = await bundle("test/fuzz/worker.ts");
const progress = new SharedArrayBuffer(opts.workers * 2 * 8);
const slots = new Float64Array(progress).fill(-1);
const wallMs = new Float64Array(opts.count);
const cpuMs = new Float64Array(opts.count);
const done = new Uint8Array(opts.count);
const failures = [];
const heapSamples = Array.from({ length: opts.workers }, () => []);
let overBudget = 0;
let limited = 0;
let next = 0;
/** Ranges left over by a worker the watchdog stopped. */
const pending = [];
let peakRss = process.memoryUsage.rss();
const started = Date.now();
const RANGE = opts.count >= 100_000 ? 250 : 100;
const HEAP_EVERY = 10;

const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 200);

// a line every minute on long runs: how far it got, and the worst so far
let ran = 0;
let maxWall = 0;
let maxCpu = 0;
let lastProgress = Date.now();
function progressLine() {
  if (Date.now() - lastProgress < 60_000) return;
  lastProgress = Date.now();
  console.log(`... ${ran} messages in ${((Date.now() - started) / 1000).toFixed(0)} s: max ${maxWall.toFixed(0)} ms wall, ${maxCpu} ms CPU, ` +
    `${overBudget} over budget, ${failures.length} failures, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
}

/** Runs worker `slot` until no range is left; a worker stopped by the watchdog is replaced. */
function runWorker(slot) {
  return new Promise((resolve) => {
    let range = null;
    let ranges = 0;
    const worker = new Worker(workerFile, { workerData: { seedFiles: files, seed: opts.seed, slot, progress, maxMs: opts.maxMs } });
    const give = () => {
      const measureHeap = ranges++ % HEAP_EVERY === 0;
      if (pending.length) {
        range = { ...pending.shift(), measureHeap };
      } else if (next < opts.count && Date.now() - started < opts.seconds * 1000) {
        range = { from: next, to: Math.min(opts.count, next + RANGE), measureHeap };
        next = range.to;
      } else {
        range = null;
        void worker.terminate().then(resolve);
        return;
      }
      worker.postMessage(range);
    };
    worker.on("message", (result) => {
      wallMs.set(result.wallMs, result.from);
      cpuMs.set(result.cpuMs, result.from);
      done.fill(1, result.from, result.to);
      overBudget += result.overBudget;
      limited += result.limited;
      failures.push(...result.failures);
      for (const failure of result.failures) console.log(`FAIL message ${failure.index} ${failure.made}: ${failure.what}`);
      if (result.heapAfterGc) heapSamples[slot].push(result.heapAfterGc);
      ran += result.to - result.from;
      for (const wall of result.wallMs) maxWall = Math.max(maxWall, wall);
      for (const cpu of result.cpuMs) if (!Number.isNaN(cpu)) maxCpu = Math.max(maxCpu, cpu);
      progressLine();
      give();
    });
    /** The worker is lost on message `index`: the others of its range go to a new worker. */
    const replace = (what) => {
      const index = slots[slot * 2];
      failures.push({ index, made: "", what });
      console.log(`FAIL message ${index}: ${what}`);
      clearInterval(watchdog);
      // the worker's results for the range are lost with it: the messages before `index` are redone too
      if (range && range.from < index) pending.push({ from: range.from, to: index });
      if (range && index + 1 < range.to) pending.push({ from: index + 1, to: range.to });
      slots[slot * 2 + 1] = -1;
      range = null;
      void worker.terminate().then(() => runWorker(slot).then(resolve));
    };
    worker.on("error", (error) => replace(`worker died: ${error.stack ?? error}`));
    const watchdog = setInterval(() => {
      const since = slots[slot * 2 + 1];
      if (range && since >= 0 && Date.now() - since >= opts.watchdogS * 1000) replace(`still running after ${opts.watchdogS} s (watchdog)`);
    }, 500);
    worker.on("exit", () => clearInterval(watchdog));
    give();
  });
}

/** The figures of the messages decoded so far; `final` also checks the heap and RSS bounds. */
function summarise() {
  const walls = [];
  const cpu = [];
  for (let i = 0; i < opts.count; i++) if (done[i]) {
    walls.push(wallMs[i]);
    if (!Number.isNaN(cpuMs[i])) cpu.push(cpuMs[i]);
  }
  const sorted = Float64Array.from(walls).sort();
  const sortedCpu = Float64Array.from(cpu).sort();
  let slowest = -1;
  for (let i = 0; i < opts.count; i++) if (done[i] && (slowest < 0 || wallMs[i] > wallMs[slowest])) slowest = i;
  const heapGrowthMb = heapSamples.map((samples) => (samples.length > 1 ? (samples[samples.length - 1] - Math.min(...samples.slice(0, 2))) / 2 ** 20 : 0));
  return {
    messages: sorted.length, seed: opts.seed, workers: opts.workers, seconds: (Date.now() - started) / 1000,
    wallMs: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), p999: percentile(sorted, 99.9), max: sorted[sorted.length - 1] ?? 0 },
    cpuMs: { p99: percentile(sortedCpu, 99), p999: percentile(sortedCpu, 99.9), max: sortedCpu[sortedCpu.length - 1] ?? 0 },
    slowest: slowest >= 0 ? slowest : null, overBudget, limited, peakRssMb: peakRss / 2 ** 20, heapGrowthMb, failures: failures.length,
  };
}

function finish(interrupted) {
  clearInterval(rssTimer);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const summary = summarise();
  if (summary.heapGrowthMb.some((growth) => growth > opts.maxHeapGrowthMb)) failures.push({ index: -1, made: "", what: `heap grew by ${summary.heapGrowthMb.map((g) => g.toFixed(1)).join(", ")} MiB` });
  if (summary.peakRssMb > opts.maxRssMb) failures.push({ index: -1, made: "", what: `peak RSS ${summary.peakRssMb.toFixed(0)} MiB` });
  summary.failures = failures.length;
  const ms = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(0));
  console.log(`fuzz: ${summary.messages} messages (seed ${opts.seed}, ${opts.workers} workers) in ${summary.seconds.toFixed(0)} s${interrupted ? " (interrupted)" : ""}`);
  console.log(`time per message (wall): p50 ${ms(summary.wallMs.p50)} ms, p99 ${ms(summary.wallMs.p99)} ms, p99.9 ${ms(summary.wallMs.p999)} ms, max ${ms(summary.wallMs.max)} ms (message ${summary.slowest})`);
  console.log(`CPU per message (10 ms ticks): p99 ${ms(summary.cpuMs.p99)} ms, p99.9 ${ms(summary.cpuMs.p999)} ms, max ${ms(summary.cpuMs.max)} ms`);
  console.log(`over the time budget: ${overBudget}; bounds reached: ${limited}; peak RSS ${summary.peakRssMb.toFixed(0)} MiB; heap growth ${summary.heapGrowthMb.map((g) => g.toFixed(1)).join(", ")} MiB`);
  for (const failure of failures.filter((f) => f.index < 0)) console.log(`FAIL: ${failure.what}`);
  if (opts.save) {
    mkdirSync(opts.save, { recursive: true });
    writeFileSync(join(opts.save, `fuzz-${opts.seed}-summary.json`), JSON.stringify({ summary, failures }, null, 1));
  }
  console.log(JSON.stringify({ fuzz: summary }));
  console.log(`${summary.messages - new Set(failures.filter((f) => f.index >= 0).map((f) => f.index)).size} passed, ${failures.length} failed`);
  process.exit(failures.length || interrupted ? 1 : 0);
}

// stopped by hand (or by a CI's time limit): the figures of what ran
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => finish(true));
await Promise.all(Array.from({ length: opts.workers }, (_, slot) => runWorker(slot)));
finish(false);
