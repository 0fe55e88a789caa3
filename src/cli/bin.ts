// Entry of the bundled command: wires runCli to the process.
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runCli } from "./main";
import { BlockWriter, OutputError } from "./output";

// A run decodes message after message, each one's garbage dead before the next. V8 doubles the young generation
// (up to 16 MiB semi-spaces) as the survivors of its collections add up over a long run; kept at its start size,
// a run over ~3,000 bounces peaks ~13 MiB lower for ~3% more CPU (more, smaller scavenges). V8 reads the factor
// each time it would grow the space, so setting it here, before any decoding, takes effect.
setFlagsFromString("--semi-space-growth-factor=1");
// Scavenging that small space on one thread: split over a helper thread, each of the ~300 short scavenges of such a run
// waited for that thread, which on a busy machine is often not running. Read by V8 at each scavenge.
setFlagsFromString("--no-parallel-scavenge");
// A run of the command is short: of its CPU, a third went to V8's optimising compiler (on helper threads beside the
// main thread, competing with it for the cores), most of it compiling the callees inlined into the hot functions.
// Without inlining each optimisation compiles one function: less compiling, and the code it gives was as fast here.
// Read by V8 at each optimisation, so setting it here, before any function is hot, takes effect.
setFlagsFromString("--no-turbo-inlining");

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
