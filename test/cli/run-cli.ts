// Runs the built command as a user would (node bin/bounce-sentinel.js), building it first when needed.
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";

export const repoRoot = join(import.meta.dirname, "..", "..");
export const shared = join(repoRoot, "..", "shared");

let built = false;
export function runCli(args: string[], env: Record<string, string> = {}) {
  if (!built) {
    execFileSync(process.execPath, [join(repoRoot, "scripts/build.mjs"), "--cli-only"], { stdio: "inherit" });
    built = true;
  }
  const result = spawnSync(process.execPath, [join(repoRoot, "bin/bounce-sentinel.js"), ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, LANG: "en_US.UTF-8", BOUNCE_SENTINEL_LANG: "", ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function jsonLines(stdout: string): any[] {
  return stdout.split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l));
}
