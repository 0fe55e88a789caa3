// Runs the built command as a user would (node bin/bounce-sentinel.js), building it first when needed.
import { execFileSync, spawnSync, type StdioOptions } from "node:child_process";
import { join } from "node:path";

export const repoRoot = join(import.meta.dirname, "..", "..");
export const shared = join(repoRoot, "..", "shared");
export const bin = join(repoRoot, "bin/bounce-sentinel.js");

export interface RunOptions {
  /** Kill the command after this many ms (a hang is a failure, not a stuck suite). */
  timeout?: number;
  stdio?: StdioOptions;
  /** Run the command through this argv prefix (e.g. setpriv to drop root). */
  prefix?: string[];
}

let built = false;
export function buildCli(): void {
  if (built) return;
  execFileSync(process.execPath, [join(repoRoot, "scripts/build.mjs"), "--cli-only"], { stdio: "inherit" });
  built = true;
}

export function runCli(args: string[], env: Record<string, string> = {}, options: RunOptions = {}) {
  buildCli();
  const [command, ...rest] = [...(options.prefix ?? []), process.execPath, bin, ...args];
  const result = spawnSync(command!, rest, {
    cwd: repoRoot,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, LANG: "en_US.UTF-8", BOUNCE_SENTINEL_LANG: "", ...env },
    timeout: options.timeout,
    stdio: options.stdio,
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

export function jsonLines(stdout: string): any[] {
  return stdout.split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l));
}
