// Whole-process decoding, side by side with Debian's Perl Sisimai (apt-get install libsisimai-perl) in the same run:
// the shared corpus copied six times into one directory, read by `bounce-sentinel parse --json` and by a Perl
// process that prints Sisimai->dump of the same directory; output goes to /dev/null. Wall time includes start-up,
// reading and printing on both sides; peak memory is each process's high-water mark (VmHWM). Our side's time is
// also split: start-up (the CLI over an empty directory), reading (the files read alone), garbage collection
// (GC pauses the process reported) and decoding (the rest); CPU seconds of both processes are reported too, ours
// split into the main thread's and that of V8's helper threads (the optimising compiler, GC helpers), which run
// beside the main thread and compete with it for the cores. Decoding is split further by a run over one copy of the
// corpus: its first pass (every format, phrase table and pattern met for the first time: code not yet compiled or
// optimised) and the later passes over the same files. Best and median of RUNS alternating runs each, with the
// load average before and after (other work on the machine moves wall times). Prints one JSON line.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const corpus = join(root, "..", "shared", "corpus", "sisimai");
const COPIES = 6;
const RUNS = 5;
/** Linux clock ticks per second (USER_HZ) in /proc/self/stat. */
const TICKS_PER_SECOND = 100;

const work = mkdtempSync(join(tmpdir(), "bs-bench-process-"));
const dir = join(work, "corpus");
const once = join(work, "once");
const empty = join(work, "empty");
mkdirSync(dir);
mkdirSync(once);
mkdirSync(empty);
const names = readdirSync(corpus).filter((f) => f.endsWith(".eml"));
for (let copy = 1; copy <= COPIES; copy++) for (const name of names) copyFileSync(join(corpus, name), join(dir, `${copy}-${name}`));
for (const name of names) copyFileSync(join(corpus, name), join(once, name));

// Preloaded into our process: at exit it writes the high-water mark and the GC pauses to a side file.
const report = join(work, "node-report.json");
const preload = join(work, "measure.mjs");
writeFileSync(preload, `
import { readFileSync, writeFileSync } from "node:fs";
import { PerformanceObserver } from "node:perf_hooks";
let gcMs = 0;
new PerformanceObserver((list) => { for (const entry of list.getEntries()) gcMs += entry.duration; }).observe({ entryTypes: ["gc"] });
process.on("exit", () => {
  const hwm = /VmHWM:\\s+(\\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  const ticksOf = (path) => { const stat = readFileSync(path, "utf8").split(") ")[1].split(" "); return Number(stat[11]) + Number(stat[12]); };
  writeFileSync(${JSON.stringify(report)}, JSON.stringify({
    peakKiB: hwm ? Number(hwm[1]) : 0, gcMs, ticks: ticksOf("/proc/self/stat"), mainTicks: ticksOf(\`/proc/self/task/\${process.pid}/stat\`),
  }));
});
`);

function timed(command, args, env = process.env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${result.stderr.split("\n")[0]}`);
  return { seconds, stderr: result.stderr };
}

function ours(path) {
  const env = { ...process.env, NODE_OPTIONS: `--import=${preload}` };
  const { seconds } = timed(process.execPath, [join(root, "bin", "bounce-sentinel.js"), "parse", "--json", path], env);
  const { peakKiB, gcMs, ticks, mainTicks } = JSON.parse(readFileSync(report, "utf8"));
  return {
    seconds, peakMiB: peakKiB / 1024, gcSeconds: gcMs / 1000, cpuSeconds: ticks / TICKS_PER_SECOND,
    mainThreadCpuSeconds: mainTicks / TICKS_PER_SECOND,
  };
}

// Perl: the same directory, Sisimai's JSON dump printed; the high-water mark read from /proc at exit.
const PERL = `use Sisimai; print Sisimai->dump($ARGV[0], delivered => 1, vacation => 1) // "";
END { open(my $fh, "<", "/proc/self/status"); while (<$fh>) { print STDERR "$1\\n" if /^VmHWM:\\s+(\\d+) kB/ }
      my @t = times; print STDERR $t[0] + $t[1], "\\n" }`;
function perl() {
  const { seconds, stderr } = timed("perl", ["-e", PERL, dir]);
  const [peakKiB, cpuSeconds] = stderr.trim().split("\n").slice(-2).map(Number);
  return { seconds, peakMiB: peakKiB / 1024, cpuSeconds };
}

/** Each figure of a side's runs: best (lowest) and median. */
function summary(runs) {
  const of = (key) => {
    const sorted = runs.map((r) => r[key]).sort((a, b) => a - b);
    return { best: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
  };
  return Object.fromEntries(Object.keys(runs[0]).map((key) => [key, of(key)]));
}

// The two sides alternate run by run, so that a change of load on the machine affects both alike.
let perlAvailable = true;
try {
  execFileSync("perl", ["-MSisimai", "-e", "1"], { stdio: "ignore" });
} catch {
  perlAvailable = false;
}
const perlRuns = [];
const wholeRuns = [];
const startupRuns = [];
const onceRuns = [];
const readingRuns = [];
const loadBefore = loadavg()[0];
for (let run = 0; run < RUNS; run++) {
  if (perlAvailable) perlRuns.push(perl());
  wholeRuns.push(ours(dir));
  startupRuns.push(ours(empty));
  onceRuns.push(ours(once));
  const started = process.hrtime.bigint();
  for (const name of readdirSync(dir).sort()) readFileSync(join(dir, name));
  readingRuns.push({ seconds: Number(process.hrtime.bigint() - started) / 1e9 });
}
const loadAfter = loadavg()[0];
rmSync(work, { recursive: true, force: true });
const round = (x) => Math.round(x * 1000) / 1000;
const whole = summary(wholeRuns);
const startup = summary(startupRuns).seconds.best;
const reading = summary(readingRuns).seconds.best;
const onceBest = summary(onceRuns).seconds.best;
// The split of the best run: its GC pauses, the best start-up and reading, and the rest is decoding.
const best = wholeRuns.find((r) => r.seconds === whole.seconds.best);
const baseline = perlAvailable ? summary(perlRuns) : null;
console.log(JSON.stringify({
  name: "decode-process",
  files: names.length * COPIES,
  runs: RUNS,
  loadAverage: [round(loadBefore), round(loadAfter)],
  seconds: round(whole.seconds.best),
  medianSeconds: round(whole.seconds.median),
  peakMiB: round(whole.peakMiB.best),
  medianPeakMiB: round(whole.peakMiB.median),
  timeSplit: {
    startup: round(startup),
    reading: round(reading),
    gc: round(best.gcSeconds),
    decoding: round(best.seconds - startup - reading - best.gcSeconds),
  },
  // what the best runs spent after start-up and reading (decoding, GC, output): on the first pass over the distinct
  // files (the run over one copy, less start-up and its share of reading) and on the later passes (the rest)
  passSplit: {
    firstPass: round(onceBest - startup - reading / COPIES),
    laterPasses: round(best.seconds - onceBest - (reading * (COPIES - 1)) / COPIES),
  },
  cpuSeconds: round(whole.cpuSeconds.best),
  medianCpuSeconds: round(whole.cpuSeconds.median),
  // of the best run's CPU: the main thread (reading, decoding, printing, GC pauses) and V8's helper threads
  cpuSplit: { mainThread: round(best.mainThreadCpuSeconds), helperThreads: round(best.cpuSeconds - best.mainThreadCpuSeconds) },
  baseline: baseline ? {
    tool: "perl-sisimai", seconds: round(baseline.seconds.best), medianSeconds: round(baseline.seconds.median),
    cpuSeconds: round(baseline.cpuSeconds.best), medianCpuSeconds: round(baseline.cpuSeconds.median), peakMiB: round(baseline.peakMiB.best),
  } : { error: "perl Sisimai not available (apt-get install libsisimai-perl)" },
  speedup: baseline ? round(baseline.seconds.best / whole.seconds.best) : null,
  medianSpeedup: baseline ? round(baseline.seconds.median / whole.seconds.median) : null,
  // CPU time (user + system) of each process: less sensitive than wall time to other work on the machine
  cpuSpeedup: baseline ? round(baseline.cpuSeconds.best / whole.cpuSeconds.best) : null,
}));
