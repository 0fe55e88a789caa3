// Hostile aggregate-report archives: each is refused with a clear record, after bounded work. The built CLI
// reads each one in a child process whose heap is limited (it would die beyond the limit); the work is the
// XML inflated before the refusal, which shows the limit that refused it and that nothing went on past it. Their time and peak
// memory are figures of bench/dmarc.mjs, not bounds here.
import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HOSTILE_CASES } from "../fixtures/dmarc/hostile.mjs";
import { repoRoot } from "../cli/run-cli";

const HEAP_LIMIT_MIB = 96;
const dir = mkdtempSync(join(tmpdir(), "bs-dmarc-hostile-"));

describe("hostile aggregate-report archives", () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(repoRoot, "scripts/build.mjs"), "--cli-only"], { stdio: "inherit" });
  });

  it.each(HOSTILE_CASES)("refuses $name with a clear record, within its work bound and the heap limit", { timeout: 120_000 }, ({ name, mail, refusal, minInflated, maxInflated }) => {
    const path = join(dir, `${name.replace(/\W+/g, "-")}.eml`);
    writeFileSync(path, mail());
    const result = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_LIMIT_MIB}`, join(repoRoot, "bin/bounce-sentinel.js"), "parse", "--json", path],
      { cwd: repoRoot, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(result.status, result.stderr).toBe(0);
    const line = JSON.parse(result.stdout.trim());
    expect(line.error).toBeUndefined();
    expect(line.dmarc.reports).toEqual([]);
    expect(line.dmarc.errors).toHaveLength(1);
    expect(line.dmarc.errors[0]).toMatch(refusal);
    expect(line.dmarc.inflatedBytes).toBeGreaterThanOrEqual(minInflated ?? 0);
    expect(line.dmarc.inflatedBytes).toBeLessThanOrEqual(maxInflated);
  });

});
