// The project's own launchers (npm run thunderbird, build, bench, e2e...) are plain .mjs scripts that no type
// check reads: a function they import or call that the project removed showed only when a person ran them
// ("mbox.splitMbox is not a function"). Every script is bundled here, which fails on any import the module
// no longer exports, and `npm run thunderbird` runs as a dry run, which calls the core functions it uses.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { repoRoot } from "./run-cli";

function scriptsIn(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".mjs"))
    .map((f) => join(dir, f))
    .sort();
}

describe("launcher scripts", () => {
  const scripts = [...scriptsIn("scripts"), ...scriptsIn("bench"), "bin/bounce-sentinel.js"];

  it("finds the scripts", () => {
    expect(scripts).toContain(join("scripts", "thunderbird.mjs"));
    expect(scripts).toContain(join("scripts", "e2e", "run.mjs"));
  });

  it.each(scripts)("%s imports only what its modules export", async (script) => {
    const result = await build({
      entryPoints: [join(repoRoot, script)], bundle: true, write: false, platform: "node", format: "esm",
      packages: "external", logLevel: "silent",
    }).catch((e: { errors: { text: string }[] }) => ({ errors: e.errors }));
    expect(result.errors.map((e) => e.text)).toEqual([]);
  });

  it("npm run thunderbird prepares the demo mailbox with the project's own mbox reader (--dry-run)", () => {
    const run = spawnSync(process.execPath, [join(repoRoot, "scripts/thunderbird.mjs"), "--dry-run"], { cwd: repoRoot, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const sentMessages = readFileSync(join(repoRoot, "demo/sent.mbox"), "latin1").split("\n").filter((l) => l.startsWith("From ")).length;
    const received = readdirSync(join(repoRoot, "demo/inbox")).filter((f) => f.endsWith(".eml")).length;
    expect(run.stdout).toContain(`(${sentMessages} sent, ${received} received)`);
  });
});
