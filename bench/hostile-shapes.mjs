// The hostile shapes of issue 14 (test/fuzz/shapes.ts: 2.4 MB messages whose structure made work grow with
// the number of blocks, parts, lines or nesting levels) and the earlier hostile inputs at their full size
// (test/decode/growing-inputs.ts): CPU time of analyzeMessage per message, without its time budget (what the
// bounds alone allow), best of RUNS after a warm-up, and the bounds each reached. The unit tests
// (test/decode/hostile.test.ts) check what the bounds let through and how work grows; the time lives here.
// Prints one JSON line.
import { pathToFileURL } from "node:url";
import { bundleForNode } from "./bundle.mjs";

const SIZE = 2_400_000;
const RUNS = 3;
const bundle = await bundleForNode([
  'export { analyzeMessage } from "./src/core/analyze.ts";',
  'export { Random, SHAPES } from "./test/fuzz/shapes.ts";',
  'export { GROWING } from "./test/decode/growing-inputs.ts";',
]);
const { analyzeMessage, Random, SHAPES, GROWING } = await import(pathToFileURL(bundle).href);

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Best CPU time of RUNS decodes after a warm-up, with the record's recipients and bounds. */
async function measure(raw) {
  await analyzeMessage(raw, { budgetMs: Infinity });
  let best = Infinity;
  let report;
  for (let run = 0; run < RUNS; run++) {
    const started = cpuMs();
    report = await analyzeMessage(raw, { budgetMs: Infinity });
    best = Math.min(best, cpuMs() - started);
  }
  return { bytes: raw.length, cpuMs: Math.round(best), recipients: report.recipients.length, limits: report.limits ?? [] };
}

const shapes = {};
for (const shape of SHAPES) shapes[shape.name] = await measure(shape.make(new Random(1), SIZE));
for (const input of GROWING) shapes[input.name] = await measure(input.make(input.fullScale));
const slowest = Object.entries(shapes).sort((a, b) => b[1].cpuMs - a[1].cpuMs)[0];
console.log(JSON.stringify({ bench: "hostile-shapes", runs: RUNS, maxCpuMs: slowest[1].cpuMs, slowest: slowest[0], shapes }));
