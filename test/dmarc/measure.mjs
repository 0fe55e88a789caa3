// Runs the built CLI on the arguments in this process and prints, on stderr as the last line, the wall
// time and peak resident memory: the hostile-archive tests run it under a small heap limit.
const started = performance.now();
process.on("exit", () => {
  const ms = Math.round(performance.now() - started);
  process.stderr.write(`\nMEASURE ${JSON.stringify({ ms, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
});
await import(new URL("../../dist/cli/bounce-sentinel.js", import.meta.url).href);
