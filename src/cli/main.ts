// bounce-sentinel: the add-on's core over mail files (contract: shared/docs/cli.md).
import { analyzeMessage } from "../core/analyze";
import { SentLog, sentFolderWarning, type SentFolderWarning } from "../core/sentlog";
import { assessMailbox } from "../core/verdict/assess";
import type { BounceReport } from "../core/types";
import { formatMessage, type MessageTable } from "../core/i18n";
import { parseArgs, SYNOPSIS, UsageError, type CliArgs } from "./args";
import { displayPath, InputReader } from "./inputs";
import { parseRecord, scanRecord, summaryRecord } from "./records";
import { printParseMessage, printParseSummary, printScanReport } from "./readable";
import { terminalText } from "./terminal";
import en from "../../_locales/en/messages.json";
import ja from "../../_locales/ja/messages.json";
import { version } from "../../package.json";

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  lang: string;
}

/** Reads paths of one role; what cannot be read goes to stderr and makes the exit status 1. */
class Inputs {
  failed = false;
  readonly reader: InputReader;

  constructor(io: CliIo) {
    this.reader = new InputReader((path, reason) => {
      io.err(terminalText(`bounce-sentinel: cannot read ${path}: ${reason}`));
      this.failed = true;
    });
  }
}

async function parse(args: CliArgs, io: CliIo, table: MessageTable): Promise<number> {
  const inputs = new Inputs(io);
  const print = (line: string) => io.out(terminalText(line));
  let messages = 0;
  let bounces = 0;
  for (const path of args.paths) {
    for (const { source, raw } of inputs.reader.messagesOf(path)) {
      const report = await analyzeMessage(raw);
      if (args.json) io.out(JSON.stringify(parseRecord(source, report)));
      else printParseMessage(source, report, table, print);
      messages++;
      if (report.isBounce) bounces++;
    }
  }
  if (!args.json) printParseSummary(messages, bounces, table, print);
  return inputs.failed ? 1 : 0;
}

/** The Sent log of the --sent paths, and a warning for each that holds data but gave no sent message. */
function readSent(paths: readonly Buffer[], io: CliIo, table: MessageTable) {
  const inputs = new Inputs(io);
  const log = new SentLog();
  const warnings: SentFolderWarning[] = [];
  for (const path of paths) {
    const before = inputs.reader.bytesRead;
    let found = 0;
    for (const { raw } of inputs.reader.messagesOf(path)) if (log.addRawMessage(raw)) found++;
    const warning = sentFolderWarning(displayPath(path), inputs.reader.bytesRead - before, found);
    if (!warning) continue;
    warnings.push(warning);
    io.err(terminalText(`bounce-sentinel: ${formatMessage(table, "sent_folderUnread", [warning.folder])}`));
  }
  return { log, warnings, failed: inputs.failed };
}

async function scan(args: CliArgs, io: CliIo, table: MessageTable): Promise<number> {
  const sent = readSent(args.sent, io, table);
  const inputs = new Inputs(io);
  // Raw messages are dropped once analysed; the verdicts need every report of the mailbox.
  const sources: string[] = [];
  const reports: BounceReport[] = [];
  for (const path of args.paths) {
    for (const { source, raw } of inputs.reader.messagesOf(path)) {
      sources.push(source);
      reports.push(await analyzeMessage(raw));
    }
  }
  const assessment = assessMailbox(reports, sent.log, { addresses: args.me });
  const warnings = sent.warnings.map((w) => ({ ...w, detail: formatMessage(table, "sent_folderUnread", [w.folder]) }));
  if (args.json) {
    reports.forEach((r, i) => io.out(JSON.stringify(scanRecord(sources[i]!, r, assessment.judgements[i]!, table))));
    io.out(JSON.stringify(summaryRecord(assessment, reports.length, warnings, reports.filter((r) => r.error !== undefined).length)));
  } else {
    printScanReport(
      reports.map((report, i) => ({ source: sources[i]!, report, judgement: assessment.judgements[i]! })),
      assessment, { me: args.me, sentMessages: sent.log.size, warnings: warnings.map((w) => w.detail) }, table,
      (line) => io.out(terminalText(line)),
    );
  }
  return inputs.failed || sent.failed ? 1 : 0;
}

function printHelp(io: CliIo, table: MessageTable): void {
  const text = [formatMessage(table, "cli_help_intro"), "", SYNOPSIS, "", formatMessage(table, "cli_help_options"), "",
    formatMessage(table, "cli_help_exit")].join("\n");
  for (const line of text.split("\n")) io.out(line);
}

/** Runs the command; `argv` as bytes, so that paths that are not UTF-8 reach the file system unchanged. */
export async function runCli(argv: readonly Buffer[], io: CliIo): Promise<number> {
  const table: MessageTable = io.lang.startsWith("ja") ? ja : en;
  let request;
  try {
    request = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(terminalText(`bounce-sentinel: ${e.message}`));
    io.err(`${SYNOPSIS}\n${formatMessage(table, "cli_help_more")}`);
    return 2;
  }
  switch (request.command) {
    case "help":
      printHelp(io, table);
      return 0;
    case "version":
      io.out(`bounce-sentinel ${version}`);
      return 0;
    case "parse":
      return parse(request, io, table);
    case "scan":
      return scan(request, io, table);
  }
}
