// `npm run corpus`: per-field accuracy of the decoding engine over ../shared/corpus, the same figures
// the corpus test asserts floors on. Bundles the scorer (test/decode/corpus-score.ts) with esbuild first.
// `--misses` also lists every expected row that was missed or differs.
import { build } from "esbuild";
import { coreBundleOptions } from "./esbuild-core.mjs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(root, "dist", "corpus", "corpus-score.mjs");
await build({
  entryPoints: [join(root, "test/decode/corpus-score.ts")],
  outfile,
  ...coreBundleOptions,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
});
const { scoreCorpus, formatFigures } = await import(pathToFileURL(outfile).href);
const started = performance.now();
const figures = await scoreCorpus(join(root, "..", "shared", "corpus"));
console.log(formatFigures(figures));
console.log(`${"time".padEnd(34)} ${((performance.now() - started) / 1000).toFixed(2)} s`);
if (process.argv.includes("--misses")) console.log(figures.misses.join("\n"));
