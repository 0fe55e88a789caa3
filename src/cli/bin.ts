// Entry of the bundled command: wires runCli to the process. bin/bounce-sentinel.js loads the bundle (and sets V8's flags).
import { readFileSync } from "node:fs";
import { runCli } from "./main";
import { BlockWriter, OutputError } from "./output";


function uiLanguage(env: NodeJS.ProcessEnv): string {
  return (env.BOUNCE_SENTINEL_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG || "en").toLowerCase();
}

/**
 * The arguments as bytes. Node decodes argv as UTF-8 and turns other bytes into U+FFFD, which no file
 * is named; on Linux the exact bytes are in /proc/self/cmdline (the last arguments there are ours).
 */
function argumentBytes(): Buffer[] {
  const args = process.argv.slice(2);
  const decoded = args.map((a) => Buffer.from(a));
  if (!args.some((a) => a.includes("\uFFFD"))) return decoded;
  try {
    const cmdline = readFileSync("/proc/self/cmdline");
    const all: Buffer[] = [];
    for (let start = 0, end; start < cmdline.length; start = end + 1) {
      end = cmdline.indexOf(0, start);
      if (end < 0) end = cmdline.length;
      all.push(cmdline.subarray(start, end));
    }
    const raw = all.slice(all.length - args.length);
    return raw.length === args.length && raw.every((r, i) => r.toString("utf8") === args[i]) ? raw : decoded;
  } catch {
    return decoded;
  }
}

const stdout = new BlockWriter(1);
const stderr = new BlockWriter(2);
const err = (line: string) => {
  stdout.flush(); // keeps messages and the report in order on a terminal
  try {
    stderr.write(line + "\n");
    stderr.flush();
  } catch {
    // nowhere left to say it
  }
};

async function main(): Promise<void> {
  try {
    const status = await runCli(argumentBytes(), { out: (line) => stdout.write(line + "\n"), err, lang: uiLanguage(process.env) });
    stdout.flush();
    process.exitCode = status;
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    // A reader that stops early (`| head`) closes the pipe: stop quietly, as other command-line tools do.
    // Any other write failure (a full disk) lost output: say so, without a stack trace, and fail.
    if (e.code === "EPIPE") process.exitCode = 0;
    else {
      err(`bounce-sentinel: cannot write the output: ${e.message}`);
      process.exitCode = 1;
    }
  }
}

void main();
