// npm run bench: every benchmark, one JSON line each. The background's benchmarks (bench/background.ts)
// are bundled with esbuild and run one per process (a clean heap for the heap figures); every other
// bench/*.mjs script runs as it is and prints its own line (bench/bundle.mjs is their bundler).
import { bundleForNode } from "./bundle.mjs";
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = await bundleForNode(join(root, "bench/background.ts"), {
  // postal-mime and fake-indexeddb are bundled; node: built-ins stay imports.
  banner: { js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);" },
});

const run = (args) => process.stdout.write(execFileSync(process.execPath, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }));
for (const name of ["sent-log-100k", "screen-10k"]) run(["--expose-gc", out, name]);
/** The scripts of bench/ that are not benchmarks: this one and the bundler they share. */
const NOT_BENCHMARKS = new Set(["run.mjs", "bundle.mjs"]);
for (const script of readdirSync(join(root, "bench")).filter((f) => f.endsWith(".mjs") && !NOT_BENCHMARKS.has(f)).sort()) {
  run([join(root, "bench", script)]);
}
