// The short run of the fuzz suite (npm run fuzz, scripts/fuzz.mjs) that npm test includes: a few thousand
// generated hostile messages through analyzeMessage in worker threads, none throwing, none over a second
// of CPU time, none stopped by the watchdog, the heap not growing. CI runs a longer pass (.ci/run).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

describe("fuzz suite, short run", () => {
  it("decodes 3000 generated hostile messages without a failure", () => {
    const run = spawnSync(process.execPath, ["--expose-gc", join(root, "scripts/fuzz.mjs"), "--count", "3000", "--seconds", "40", "--seed", "7"], {
      cwd: root, encoding: "utf8", maxBuffer: 16 * 1024 * 1024,
    });
    console.log(run.stdout.split("\n").filter((line) => !line.startsWith("{")).join("\n"));
    const summary = JSON.parse(run.stdout.split("\n").find((line) => line.startsWith('{"fuzz"'))!).fuzz;
    expect(run.status, run.stderr).toBe(0);
    expect(summary.failures).toBe(0);
    // bounded by time as well as by count: on a busy machine fewer run, never none
    expect(summary.messages).toBeGreaterThan(300);
  }, 120_000);
});
