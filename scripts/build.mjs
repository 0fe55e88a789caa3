// Builds the add-on into dist/addon/ and packs dist/bounce-sentinel-<version>.xpi, and the CLI into dist/cli/.
// `--cli-only` builds just the CLI (used by `npm ci` through `prepare`, so `npx bounce-sentinel` works at once).
import { build } from "esbuild";
import { coreBundleOptions } from "./esbuild-core.mjs";
import { cpSync, mkdirSync, readFileSync, rmSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const cliOnly = process.argv.includes("--cli-only");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

// A script (CommonJS), not a module: bin/bounce-sentinel.js compiles it with vm.Script, which takes a code cache.
await build({
  entryPoints: { "bounce-sentinel": join(root, "src/cli/bin.ts") },
  outdir: join(dist, "cli"),
  outExtension: { ".js": ".cjs" },
  ...coreBundleOptions,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
});
// The code cache: V8's code for the bundle after one run of the command over the demo's mail (what it compiled to
// read bounces of many formats included); the launcher hands it to V8, which rejects it if it does not fit.
const codeCache = join(dist, "cli", "bounce-sentinel.code-cache");
rmSync(codeCache, { force: true });
execFileSync(process.execPath, [join(root, "bin", "bounce-sentinel.js"), "parse", "--json", join(root, "demo", "inbox")], {
  env: { ...process.env, BOUNCE_SENTINEL_WRITE_CODE_CACHE: codeCache },
  stdio: ["ignore", "ignore", "inherit"],
});
if (cliOnly) process.exit(0);

const addon = join(dist, "addon");
rmSync(addon, { recursive: true, force: true });
mkdirSync(addon, { recursive: true });

// Extension pages and the background page are bundled as classic scripts: one file each, no module loading.
const pages = {
  background: "src/background/main.ts",
  "popup/popup": "popup/popup.ts",
  "options/options": "options/options.ts",
  "report/report": "report/report.ts",
  "welcome/welcome": "welcome/welcome.ts",
};
const entryPoints = Object.fromEntries(
  Object.entries(pages).filter(([, src]) => existsSync(join(root, src))).map(([out, src]) => [out, join(root, src)]),
);
await build({
  entryPoints,
  outdir: addon,
  ...coreBundleOptions,
  platform: "browser",
  format: "iife",
  target: "firefox140",
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
});

const manifest = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8"));
if (manifest.version !== pkg.version) throw new Error(`manifest version ${manifest.version} differs from package.json ${pkg.version}`);
cpSync(join(root, "manifest.json"), join(addon, "manifest.json"));
for (const dir of ["_locales", "icons"]) cpSync(join(root, dir), join(addon, dir), { recursive: true });
for (const dir of ["popup", "options", "report", "welcome"]) {
  cpSync(join(root, dir), join(addon, dir), { recursive: true, filter: (src) => !src.endsWith(".ts") });
}
// The pages' shared stylesheet.
cpSync(join(root, "src/ui/theme.css"), join(addon, "ui/theme.css"));

const xpiName = `bounce-sentinel-${pkg.version}.xpi`;
rmSync(join(dist, xpiName), { force: true });
execFileSync(
  process.execPath,
  [join(root, "node_modules/web-ext/bin/web-ext.js"), "build", "--source-dir", addon, "--artifacts-dir", dist,
    "--filename", xpiName, "--overwrite-dest"],
  { stdio: ["ignore", "ignore", "inherit"] },
);
console.log(`built ${join("dist", xpiName)}`);
