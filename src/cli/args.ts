// Command-line grammar (shared/docs/cli.md):
//   bounce-sentinel parse [--json] PATH...
//   bounce-sentinel scan  [--json] --me ADDR[,ADDR...] [--sent PATH]... PATH...

export interface CliArgs {
  command: "parse" | "scan";
  json: boolean;
  me: string[];
  sent: string[];
  paths: string[];
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command !== "parse" && command !== "scan") throw new UsageError(command ? `unknown command: ${command}` : "no command given");
  const args: CliArgs = { command, json: false, me: [], sent: [], paths: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = () => {
      const v = rest[++i];
      if (v === undefined || v === "") throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "--json") args.json = true;
    else if (arg === "--me" && command === "scan") args.me.push(...value().split(",").map((a) => a.trim()).filter(Boolean));
    else if (arg === "--sent" && command === "scan") args.sent.push(value());
    else if (arg.startsWith("--me=") && command === "scan") args.me.push(...arg.slice(5).split(",").map((a) => a.trim()).filter(Boolean));
    else if (arg.startsWith("--sent=") && command === "scan") args.sent.push(arg.slice(7));
    else if (arg === "--") args.paths.push(...rest.slice(i + 1)), (i = rest.length);
    else if (arg.startsWith("--")) throw new UsageError(`unknown option: ${arg}`);
    else args.paths.push(arg);
  }
  if (args.paths.length === 0) throw new UsageError("no PATH given");
  if (command === "scan" && args.me.length === 0) throw new UsageError("scan needs --me ADDR[,ADDR...]");
  return args;
}
