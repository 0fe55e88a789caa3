// bounce-sentinel: the add-on's core over mail files (contract: shared/docs/cli.md).
import { analyzeMessage } from "../core/analyze";
import { SentLog } from "../core/sentlog";
import { assessMailbox } from "../core/verdict/assess";
import type { BounceReport } from "../core/types";
import type { MessageTable } from "../core/i18n";
import { parseArgs, UsageError, type CliArgs } from "./args";
import { messagesOf, UnreadableInput, type InputMessage } from "./inputs";
import { parseRecord, scanRecord, summaryRecord } from "./records";
import { printParseReport, printScanReport } from "./readable";
import en from "../../_locales/en/messages.json";
import ja from "../../_locales/ja/messages.json";

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  lang: string;
}

const USAGE = `usage:
  bounce-sentinel parse [--json] PATH...
  bounce-sentinel scan  [--json] --me ADDR[,ADDR...] [--sent PATH]... PATH...`;

/** Reads every message of the paths; an unreadable path is reported and skipped (exit status 1). */
function readAll(paths: string[], io: CliIo): { messages: InputMessage[]; unreadable: boolean } {
  const messages: InputMessage[] = [];
  let unreadable = false;
  for (const path of paths) {
    try {
      for (const message of messagesOf(path)) messages.push(message);
    } catch (e) {
      if (!(e instanceof UnreadableInput)) throw e;
      io.err(`bounce-sentinel: cannot read ${e.message}`);
      unreadable = true;
    }
  }
  return { messages, unreadable };
}

async function analyzeAll(messages: InputMessage[]): Promise<BounceReport[]> {
  const reports: BounceReport[] = [];
  for (const m of messages) reports.push(await analyzeMessage(m.raw));
  return reports;
}

/**
 * JSON lines are written as each message is decoded: a large mailbox is never held in memory whole (the
 * whole-process benchmark's peak went from 141 MiB to the size of one message and its report).
 */
async function parseJsonLines(paths: readonly string[], io: CliIo): Promise<number> {
  let unreadable = false;
  for (const path of paths) {
    try {
      for (const message of messagesOf(path)) io.out(JSON.stringify(parseRecord(message.source, await analyzeMessage(message.raw))));
    } catch (e) {
      if (!(e instanceof UnreadableInput)) throw e;
      io.err(`bounce-sentinel: cannot read ${e.message}`);
      unreadable = true;
    }
  }
  return unreadable ? 1 : 0;
}

async function parse(args: CliArgs, io: CliIo, table: MessageTable): Promise<number> {
  if (args.json) return parseJsonLines(args.paths, io);
  const { messages, unreadable } = readAll(args.paths, io);
  const reports = await analyzeAll(messages);
  printParseReport(messages.map((m, i) => ({ source: m.source, report: reports[i]! })), table, io.out);
  return unreadable ? 1 : 0;
}

async function scan(args: CliArgs, io: CliIo, table: MessageTable): Promise<number> {
  const sentLog = new SentLog();
  const sent = readAll(args.sent, io);
  for (const m of sent.messages) sentLog.addRawMessage(m.raw);
  const { messages, unreadable } = readAll(args.paths, io);
  const reports = await analyzeAll(messages);
  const assessment = assessMailbox(reports, sentLog, { addresses: args.me });
  if (args.json) {
    reports.forEach((r, i) => io.out(JSON.stringify(scanRecord(messages[i]!.source, r, assessment.judgements[i]!, table))));
    io.out(JSON.stringify(summaryRecord(assessment, messages.length)));
  } else {
    printScanReport(
      messages.map((m, i) => ({ source: m.source, report: reports[i]!, judgement: assessment.judgements[i]! })),
      assessment, { me: args.me, sentMessages: sentLog.size }, table, io.out,
    );
  }
  return unreadable || sent.unreadable ? 1 : 0;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`bounce-sentinel: ${e.message}\n${USAGE}`);
    return 2;
  }
  const table: MessageTable = io.lang.startsWith("ja") ? ja : en;
  return args.command === "parse" ? parse(args, io, table) : scan(args, io, table);
}
