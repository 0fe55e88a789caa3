// Runs the built CLI on the arguments in this process and prints, on stderr as the last line, the CPU time
// it used (user + system: what the work costs, whatever else loads the machine) and its peak resident memory.
// The hostile-archive tests run it under a small heap limit.
process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  const cpuMs = Math.round((user + system) / 1000);
  process.stderr.write(`\nMEASURE ${JSON.stringify({ cpuMs, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
});
await import(new URL("../../dist/cli/bounce-sentinel.js", import.meta.url).href);
