// Entry of the bundled command: wires runCli to the process.
import { runCli } from "./main";

function uiLanguage(env: NodeJS.ProcessEnv): string {
  return (env.BOUNCE_SENTINEL_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG || "en").toLowerCase();
}

// A reader that stops early (`| head`) closes the pipe: stop quietly, as other command-line tools do.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(line + "\n"),
  err: (line) => process.stderr.write(line + "\n"),
  lang: uiLanguage(process.env),
});
