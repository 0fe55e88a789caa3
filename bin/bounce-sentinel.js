#!/usr/bin/env node
// Launcher for the bundled CLI; `npm ci` builds it through the `prepare` script.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundle = new URL("../dist/cli/bounce-sentinel.js", import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write("bounce-sentinel: not built yet; run `npm run build` (or `npm ci`) in the project first\n");
  process.exit(1);
}
await import(bundle.href);
