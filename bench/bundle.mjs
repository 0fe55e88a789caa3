// The benchmarks run the project's TypeScript from one esbuild bundle for node in a temporary directory, built
// with the options of the add-on's and the command's core bundles (scripts/esbuild-core.mjs).
import { build } from "esbuild";
import { coreBundleOptions } from "../scripts/esbuild-core.mjs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Bundles `entry` (a module's path, or the lines of a module resolved from the project's root, such as its
 * exports) with esbuild `options` on top; returns the bundle's path.
 */
export async function bundleForNode(entry, options = {}) {
  const outfile = join(mkdtempSync(join(tmpdir(), "bs-bench-")), "bundle.mjs");
  await build({
    ...(typeof entry === "string" ? { entryPoints: [entry] } : { stdin: { contents: entry.join("\n"), resolveDir: root, loader: "ts" } }),
    outfile, ...coreBundleOptions, platform: "node", format: "esm", target: "node20", logLevel: "warning", ...options,
  });
  return outfile;
}
