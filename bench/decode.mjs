// Decoding throughput over ../shared/corpus in one process, side by side with Debian's Perl Sisimai
// (apt-get install libsisimai-perl) on the same files in the same run. Prints one JSON line.
// Both sides read every file from disk inside each timed pass and report their best of PASSES passes.
// V8 optimises the hot code only after a few passes (later on a busy machine), so throughput in a
// long-running process (the add-on scanning a mailbox) is what the later passes show; Perl's passes
// are alike from the first one.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleForNode } from "./bundle.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const corpus = join(root, "..", "shared", "corpus", "sisimai");
const PASSES = 10;

async function loadCore() {
  return import(pathToFileURL(await bundleForNode(join(root, "src/core/analyze.ts"))).href);
}

function sisimai() {
  try {
    return JSON.parse(execFileSync("perl", [join(root, "bench/sisimai.pl"), corpus, String(PASSES)], { encoding: "utf8" }));
  } catch (e) {
    return { error: `perl Sisimai not available (apt-get install libsisimai-perl): ${e.message.split("\n")[0]}` };
  }
}

const { analyzeMessage } = await loadCore();
const files = readdirSync(corpus).filter((f) => f.endsWith(".eml")).sort();
let peakRss = process.memoryUsage.rss();
let best = Infinity;
for (let pass = 0; pass < PASSES; pass++) {
  const t0 = process.hrtime.bigint();
  for (const f of files) await analyzeMessage(readFileSync(join(corpus, f)));
  best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  // sampled after each pass, outside the timing (a sample costs ~10 µs, a tenth of a message)
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}
const ours = { files: files.length, passes: PASSES, seconds: best, messagesPerSecond: files.length / best, peakRssMB: peakRss / 2 ** 20 };
const baseline = sisimai();
console.log(JSON.stringify({
  name: "decode-corpus",
  ...ours,
  baseline,
  ratio: baseline.messagesPerSecond ? ours.messagesPerSecond / baseline.messagesPerSecond : null,
}));
