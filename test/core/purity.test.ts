// src/core runs unchanged in Thunderbird's background page and in Node: no platform APIs in it.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const coreDir = join(import.meta.dirname, "..", "..", "src", "core");
const FORBIDDEN: [RegExp, string][] = [
  [/from\s+["']node:|require\(|from\s+["'](fs|path|os|buffer|util|stream|crypto)["']/, "a Node module"],
  [/\b(messenger|browser|chrome)\s*\./, "a WebExtension namespace"],
  [/\b(document|window|navigator|localStorage|indexedDB)\s*\./, "a DOM global"],
  [/\bBuffer\b/, "Node's Buffer"],
  [/\bprocess\.(env|argv|exit|stdout)/, "Node's process"],
];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []);
}

describe("src/core purity", () => {
  const files = tsFiles(coreDir);
  it("has modules to check", () => expect(files.length).toBeGreaterThan(3));
  it.each(files.map((f) => [f.slice(coreDir.length + 1), f]))("%s uses no platform API", (_, file) => {
    const code = readFileSync(file, "utf8").replace(/\/\/.*$/gm, "").replace(/\/\*[\s\S]*?\*\//g, "");
    for (const [pattern, what] of FORBIDDEN) expect(code, `uses ${what}`).not.toMatch(pattern);
  });
});
