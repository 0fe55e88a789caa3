// The readable reports of `parse` and `scan` (without --json), worded from the _locales tables.
// `print` makes each line safe for a terminal (main.ts: terminalText), mail-derived parts included.
import type { BounceReport, Judgement, MailboxAssessment, Trace, Verdict } from "../core/types";
import { adviceFor, cautionsFor } from "../core/advice";
import { formatEvidence, formatMessage, type MessageTable } from "../core/i18n";
import { dmarcExplanation } from "../core/dmarc/judge";

type Print = (line: string) => void;

const VERDICT_ORDER: Verdict[] = ["compromise", "spoofed", "undetermined", "own-mail", "not-bounce"];
/** Traces of non-bounces, listed in this order (restrictions show in their bounce's group). */
const TRACE_ORDER: Trace[] = ["notice", "complaint", "reply", "lookalike", "restriction"];

function recipientLine(r: BounceReport["recipients"][number], t: MessageTable): string {
  const codes = [r.status, r.replyCode].filter(Boolean).join(" ");
  const kind = formatMessage(t, r.hardBounce ? "cli_hard" : "cli_soft");
  return `    ${r.address || "?"}  ${codes}  ${r.reason} (${kind})`;
}

function originalLines(report: BounceReport, t: MessageTable): string[] {
  const o = report.original;
  if (!o) return [`    ${formatMessage(t, "cli_noOriginal")}`];
  return [
    `    ${formatMessage(t, "cli_originalMessageId", [o.messageId || "-"])}`,
    `    ${formatMessage(t, "cli_originalFrom", [o.from || "-"])}`,
    `    ${formatMessage(t, "cli_originalSubject", [o.subject || "-"])}`,
  ];
}

/** One message of the `parse` report (printed as it is read, so any number of messages streams). */
export function printParseMessage(source: string, report: BounceReport, t: MessageTable, print: Print): void {
  print(source);
  if (report.error !== undefined) {
    print(`  ${formatMessage(t, "cli_couldNotDecode", [report.error])}`);
    return;
  }
  if (!report.isBounce) {
    print(`  ${formatMessage(t, `cli_kind_${report.kind}`)}`);
    return;
  }
  print(`  ${formatMessage(t, `cli_kind_${report.kind}`)}${report.decoder ? ` [${report.decoder}]` : ""}`);
  for (const r of report.recipients) print(recipientLine(r, t));
  originalLines(report, t).forEach((line) => print(line));
}

export function printParseSummary(messages: number, bounces: number, t: MessageTable, print: Print): void {
  print("");
  print(formatMessage(t, "cli_parseSummary", [String(messages), String(bounces)]));
}

export interface ScanContext {
  me: string[];
  sentMessages: number;
  /** What went wrong reading the Sent folders, worded (sent_folderUnread). */
  warnings: string[];
}

export function printScanReport(
  items: { source: string; report: BounceReport; judgement: Judgement }[],
  assessment: MailboxAssessment,
  context: ScanContext,
  t: MessageTable,
  print: Print,
): void {
  print(formatMessage(t, "cli_scanTitle", [String(items.length), context.me.join(", "), String(context.sentMessages)]));
  for (const warning of context.warnings) print(`!! ${warning}`);
  print("");
  const translate = (key: string, params: string[] = []) => formatMessage(t, key, params);
  const advice = adviceFor(assessment.alert, assessment.alertCauses, assessment.verdicts["own-mail"], translate);
  print(`>> ${advice.title} <<`);
  print(advice.body);
  print(
    "  " + VERDICT_ORDER.map((v) => `${formatMessage(t, `verdict_${v.replace("-", "_")}`)}: ${assessment.verdicts[v]}`).join("  ·  "),
  );
  if (assessment.firstSeen) print("  " + formatMessage(t, "cli_period", [assessment.firstSeen, assessment.lastSeen ?? assessment.firstSeen]));

  const traced = items.filter((i) => TRACE_ORDER.includes(i.judgement.trace) && i.judgement.verdict === "not-bounce");
  if (traced.length > 0) {
    print("");
    print(formatMessage(t, "cli_group_traces", [String(traced.length)]));
    for (const trace of TRACE_ORDER) {
      for (const { source, report, judgement } of traced.filter((i) => i.judgement.trace === trace)) {
        // Mail text is never printed: a look-alike's links stay in the message.
        print(`  ${source}  ${report.envelope.date.slice(0, 16).replace("T", " ")}  [${formatMessage(t, `trace_${trace}`)}]`);
        print(`    ${formatMessage(t, "cli_trace_from", [report.envelope.from || "-", report.envelope.subject.slice(0, 200)])}`);
        for (const e of judgement.evidence) print(`    - ${formatEvidence(t, e)}`);
      }
    }
  }

  for (const verdict of VERDICT_ORDER.filter((v) => v !== "not-bounce")) {
    const group = items.filter((i) => i.judgement.verdict === verdict);
    if (group.length === 0) continue;
    print("");
    print(formatMessage(t, `cli_group_${verdict.replace("-", "_")}`, [String(group.length)]));
    for (const { source, report, judgement } of group) {
      const to = report.recipients.map((r) => r.address).filter(Boolean).join(", ") || "-";
      print(`  ${source}  ${report.envelope.date.slice(0, 16).replace("T", " ")}  → ${to}  (${formatMessage(t, "cli_risk", [String(judgement.risk)])})`);
      if (report.original?.subject) print(`    “${report.original.subject}”`);
      if (judgement.trace === "restriction") print(`    [${formatMessage(t, "trace_restriction")}]`);
      for (const e of judgement.evidence) print(`    - ${formatEvidence(t, e)}`);
    }
  }
  printDmarc(assessment, t, print);
  if (advice.steps.length > 0) {
    print("");
    print(formatMessage(t, "steps_heading"));
    advice.steps.forEach((key, i) => print(`  ${i + 1}. ${formatMessage(t, key)}`));
  }
  for (const caution of cautionsFor(assessment.traces, assessment.alertCauses, translate)) {
    print("");
    print(`! ${caution.title}`);
    print(`  ${caution.body}`);
    caution.steps.forEach((key, i) => print(`  ${i + 1}. ${formatMessage(t, key)}`));
  }
}

/** Up to this many sources are listed; the JSON summary has them all. */
const MAX_DMARC_SOURCES = 12;

function printDmarc(assessment: MailboxAssessment, t: MessageTable, print: Print): void {
  const dmarc = assessment.dmarc;
  if (dmarc.reports === 0) return;
  print("");
  print(formatMessage(t, "cli_dmarc_heading", [String(dmarc.reports), dmarc.domains.join(", ")]));
  for (const day of dmarc.days.filter((d) => d.alarm)) {
    print(formatMessage(t, "cli_dmarc_alarm_day", [day.day, String(day.providerPass), String(day.ownSent)]));
  }
  for (const source of dmarc.sources.slice(0, MAX_DMARC_SOURCES)) {
    const results = formatMessage(t, "dmarc_results", [String(source.pass), String(source.fail)]);
    print(`  ${source.sourceIp}  ${formatMessage(t, `dmarc_who_${source.class}`)}  ${results}`);
    const [key, params] = dmarcExplanation(source);
    print(`    ${formatMessage(t, key, params)}`);
  }
}
