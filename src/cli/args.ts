// Command-line grammar (shared/docs/cli.md):
//   bounce-sentinel parse [--json] PATH...
//   bounce-sentinel scan  [--json] --me ADDR[,ADDR...] [--sent PATH]... PATH...
//   bounce-sentinel --help | --version
// Arguments arrive as bytes: a path is kept as it was given (file names need not be UTF-8).

export const SYNOPSIS = `usage:
  bounce-sentinel parse [--json] PATH...
  bounce-sentinel scan  [--json] --me ADDR[,ADDR...] [--sent PATH]... PATH...
  bounce-sentinel --help | --version`;

export interface CliArgs {
  command: "parse" | "scan";
  json: boolean;
  me: string[];
  sent: Buffer[];
  paths: Buffer[];
}

export type CliRequest = CliArgs | { command: "help" | "version" };

export class UsageError extends Error {}

const addresses = (value: string) => value.split(",").map((a) => a.trim()).filter(Boolean);

export function parseArgs(argv: readonly Buffer[]): CliRequest {
  const words = argv.map((arg) => arg.toString("utf8"));
  // --help and --version win wherever they stand before "--" (as in most tools), also after a bad option.
  const options = words.includes("--") ? words.slice(0, words.indexOf("--")) : words;
  if (options.includes("--help") || options.includes("-h")) return { command: "help" };
  if (options.includes("--version")) return { command: "version" };
  const [command] = words;
  if (command !== "parse" && command !== "scan") throw new UsageError(command ? `unknown command: ${command}` : "no command given");
  const args: CliArgs = { command, json: false, me: [], sent: [], paths: [] };
  for (let i = 1; i < argv.length; i++) {
    const word = words[i]!;
    const value = (): Buffer => {
      const v = argv[++i];
      if (v === undefined || v.length === 0) throw new UsageError(`${word} needs a value`);
      return v;
    };
    if (word === "--json") args.json = true;
    else if (word === "--me" && command === "scan") args.me.push(...addresses(value().toString("utf8")));
    else if (word === "--sent" && command === "scan") args.sent.push(value());
    else if (word.startsWith("--me=") && command === "scan") args.me.push(...addresses(word.slice(5)));
    else if (word.startsWith("--sent=") && command === "scan") args.sent.push(argv[i]!.subarray("--sent=".length));
    else if (word === "--") args.paths.push(...argv.slice(i + 1)), (i = argv.length);
    else if (word.startsWith("--")) throw new UsageError(`unknown option: ${word}`);
    else args.paths.push(argv[i]!);
  }
  if (args.paths.length === 0) throw new UsageError("no PATH given");
  if (command === "scan" && args.me.length === 0) throw new UsageError("scan needs --me ADDR[,ADDR...]");
  return args;
}
