// Whole-process decoding, side by side with Debian's Perl Sisimai (apt-get install libsisimai-perl) in the same run:
// the shared corpus copied six times into one directory, read by `bounce-sentinel parse --json` and by a Perl
// process that prints Sisimai->dump of the same directory; output goes to /dev/null. Wall time includes start-up,
// reading and printing on both sides; peak memory is each process's high-water mark (VmHWM). Our side's time is
// also split: start-up (the CLI over an empty directory), reading (the files read alone), garbage collection
// (GC pauses the process reported) and decoding (the rest); CPU seconds of both processes are reported too. Best of RUNS alternating runs each. Prints one JSON line.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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
const empty = join(work, "empty");
mkdirSync(dir);
mkdirSync(empty);
const names = readdirSync(corpus).filter((f) => f.endsWith(".eml"));
for (let copy = 1; copy <= COPIES; copy++) for (const name of names) copyFileSync(join(corpus, name), join(dir, `${copy}-${name}`));

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
  const stat = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  writeFileSync(${JSON.stringify(report)}, JSON.stringify({ peakKiB: hwm ? Number(hwm[1]) : 0, gcMs, ticks: Number(stat[11]) + Number(stat[12]) }));
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
  const { peakKiB, gcMs, ticks } = JSON.parse(readFileSync(report, "utf8"));
  return { seconds, peakMiB: peakKiB / 1024, gcSeconds: gcMs / 1000, cpuSeconds: ticks / TICKS_PER_SECOND };
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

const better = (kept, result) => (!kept || result.seconds < kept.seconds ? result : kept);

// The two sides alternate run by run, so that a change of load on the machine affects both alike.
let perlAvailable = true;
try {
  execFileSync("perl", ["-MSisimai", "-e", "1"], { stdio: "ignore" });
} catch {
  perlAvailable = false;
}
let baseline = perlAvailable ? null : { error: "perl Sisimai not available (apt-get install libsisimai-perl)" };
let whole = null;
let startup = null;
let reading = null;
for (let run = 0; run < RUNS; run++) {
  if (perlAvailable) baseline = better(baseline, perl());
  whole = better(whole, ours(dir));
  startup = better(startup, ours(empty));
  const started = process.hrtime.bigint();
  for (const name of readdirSync(dir).sort()) readFileSync(join(dir, name));
  reading = better(reading, { seconds: Number(process.hrtime.bigint() - started) / 1e9 });
}
rmSync(work, { recursive: true, force: true });
const round = (x) => Math.round(x * 1000) / 1000;
console.log(JSON.stringify({
  name: "decode-process",
  files: names.length * COPIES,
  seconds: round(whole.seconds),
  peakMiB: round(whole.peakMiB),
  timeSplit: {
    startup: round(startup.seconds),
    reading: round(reading.seconds),
    gc: round(whole.gcSeconds),
    decoding: round(whole.seconds - startup.seconds - reading.seconds - whole.gcSeconds),
  },
  cpuSeconds: round(whole.cpuSeconds),
  baseline: baseline.error ? baseline : {
    tool: "perl-sisimai", seconds: round(baseline.seconds), cpuSeconds: round(baseline.cpuSeconds), peakMiB: round(baseline.peakMiB),
  },
  speedup: baseline.seconds ? round(baseline.seconds / whole.seconds) : null,
  // CPU time (user + system) of each process: less sensitive than wall time to other work on the machine
  cpuSpeedup: baseline.cpuSeconds ? round(baseline.cpuSeconds / whole.cpuSeconds) : null,
}));
