// The hostile shapes of issue 14 (test/fuzz/shapes.ts: 2.4 MB messages whose structure made work grow with
// the number of blocks, parts, lines or nesting levels): CPU time of analyzeMessage per shape, without its time
// budget (what the bounds alone allow), best of RUNS after a warm-up, and the bounds each reached. The unit tests
// (test/decode/hostile.test.ts) check what the bounds let through; the time lives here. Prints one JSON line.
import { build } from "esbuild";
import { coreBundleOptions } from "../scripts/esbuild-core.mjs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const SIZE = 2_400_000;
const RUNS = 3;
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(mkdtempSync(join(tmpdir(), "bs-bench-")), "shapes.mjs");
await build({
  stdin: {
    contents: [
      'export { analyzeMessage } from "./src/core/analyze.ts";',
      'export { Random, SHAPES } from "./test/fuzz/shapes.ts";',
    ].join("\n"),
    resolveDir: root, loader: "ts",
  },
  outfile: bundle, ...coreBundleOptions, platform: "node", format: "esm", target: "node20", logLevel: "warning",
});
const { analyzeMessage, Random, SHAPES } = await import(pathToFileURL(bundle).href);

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const shapes = {};
for (const shape of SHAPES) {
  const raw = shape.make(new Random(1), SIZE);
  await analyzeMessage(raw, { budgetMs: Infinity });
  let best = Infinity;
  let report;
  for (let run = 0; run < RUNS; run++) {
    const started = cpuMs();
    report = await analyzeMessage(raw, { budgetMs: Infinity });
    best = Math.min(best, cpuMs() - started);
  }
  shapes[shape.name] = { bytes: raw.length, cpuMs: Math.round(best), recipients: report.recipients.length, limits: report.limits ?? [] };
}
const slowest = Object.entries(shapes).sort((a, b) => b[1].cpuMs - a[1].cpuMs)[0];
console.log(JSON.stringify({ bench: "hostile-shapes", runs: RUNS, maxCpuMs: slowest[1].cpuMs, slowest: slowest[0], shapes }));
