// npm run bench: every benchmark, one JSON line each. The background's benchmarks (bench/background.ts)
// are bundled with esbuild and run one per process (a clean heap for the heap figures); every other
// bench/*.mjs script runs as it is and prints its own line.
import { build } from "esbuild";
import { coreBundleOptions } from "../scripts/esbuild-core.mjs";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(mkdtempSync(join(tmpdir(), "bs-bench-")), "background.mjs");
await build({
  entryPoints: [join(root, "bench/background.ts")], outfile: out, ...coreBundleOptions, platform: "node", format: "esm",
  target: "node20", logLevel: "warning",
  // postal-mime and fake-indexeddb are bundled; node: built-ins stay imports.
  banner: { js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);" },
});

const run = (args) => process.stdout.write(execFileSync(process.execPath, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }));
for (const name of ["sent-log-100k", "screen-10k"]) run(["--expose-gc", out, name]);
for (const script of readdirSync(join(root, "bench")).filter((f) => f.endsWith(".mjs") && f !== "run.mjs").sort()) {
  run([join(root, "bench", script)]);
}
