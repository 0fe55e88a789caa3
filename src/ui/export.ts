// The evidence report a person sends to their mail provider: plain text and CSV in their language (account,
// period and steps at the top, dates in their time zone), and JSON for machines (ISO dates, the core's names).
import { extent } from "../core/extent";
import { accountLabel, bounceDate, recordKind, type AccountState, type BounceRecord, type Overview } from "../shared/protocol";
import { stepKeys, whenText } from "./alert";
import { formatExportDateTime, formatNumber, t, tCount } from "./i18n";
import { kindLabel, kindLine, partialLine } from "./traces";
import { evidenceText, reasonLabel, SHOWN_VERDICTS, verdictLabel } from "./verdict";

/** Header fields of the original that show who sent it and how; Received lines are the provider's trail. */
const KEY_HEADERS = ["received", "from", "sender", "reply-to", "to", "subject", "date", "message-id", "return-path",
  "authentication-results", "x-originating-ip", "x-mailer", "user-agent"];
const MAX_RECEIVED = 12;

export function keyHeaders(record: BounceRecord): [string, string][] {
  const headers = record.report.original?.headers ?? [];
  let received = 0;
  return headers.filter(([name]) => {
    const lower = name.toLowerCase();
    if (lower === "received") return ++received <= MAX_RECEIVED;
    return KEY_HEADERS.includes(lower);
  });
}

/** The evidence item's own text, or a neutral line naming the signal and its details when no text exists for it. */
export function evidenceLine(evidence: BounceRecord["judgement"]["evidence"][number]): string {
  if (evidence.params.length === 0) return evidenceText(evidence) || t("observation_unnamed", [evidence.signal]);
  return evidenceText(evidence) || t("observation_unnamed_details", [evidence.signal, evidence.params.join(", ")]);
}

/** What an export is about: the accounts shown (one, or all), the bounces shown, when it was made. */
export interface ExportContext {
  overview: Overview;
  accounts: AccountState[];
  records: BounceRecord[];
  generatedAt: string;
}

/** First and last bounce date of the records, ISO, or null without records. */
function periodOf(records: readonly BounceRecord[]): { first: string; last: string } | null {
  const span = extent(records.map((r) => Date.parse(bounceDate(r))).filter(Number.isFinite));
  if (span === null) return null;
  return { first: new Date(span.min).toISOString(), last: new Date(span.max).toISOString() };
}

function stateLine(state: AccountState): string {
  const when = whenText(state, Date.now());
  return `${t(`state_${state.state}_chip`)}${when ? ` (${when})` : ""}`;
}

function periodText(records: readonly BounceRecord[]): string {
  const period = periodOf(records);
  return period ? t("export_period", [formatExportDateTime(period.first), formatExportDateTime(period.last)]) : t("export_no_period");
}

/** What the record is, when more than a plain bounce (a trace about the account, or undecodable); "" otherwise. */
function kindText(record: BounceRecord): string {
  const kind = recordKind(record);
  return kind && kind !== "bounce" ? kindLabel(kind) : "";
}

/** What could not be decoded, in plain words; "" for a record read whole. */
function decodingText(record: BounceRecord): string {
  return recordKind(record) === "undecodable" ? kindLine(record) : partialLine(record);
}

/** The steps for the most urgent account shown (the accounts come most urgent first). */
function steps(accounts: readonly AccountState[]): string[] {
  const first = accounts[0];
  return first ? stepKeys(first).map((key) => t(key)) : [];
}

export function exportJson({ overview, accounts, records, generatedAt }: ExportContext): string {
  return JSON.stringify({
    generator: "Bounce Sentinel",
    generatedAt,
    alert: overview.alert,
    accounts: accounts.map((a) => ({
      id: a.accountId, name: a.name, addresses: a.addresses, state: a.state, alertReasons: a.reasons,
      since: a.since, latest: a.latest, resolvedAt: a.resolvedAt,
    })),
    period: periodOf(records),
    verdicts: overview.verdicts,
    firstSeen: overview.firstSeen,
    lastSeen: overview.lastSeen,
    bounces: records.map((r) => ({
      date: bounceDate(r),
      accountId: r.accountId,
      verdict: r.judgement.verdict,
      trace: r.judgement.trace,
      kind: recordKind(r),
      risk: r.judgement.risk,
      evidence: r.judgement.evidence.map((e) => ({ ...e, text: evidenceLine(e) })),
      reportingMta: r.report.reportingMta,
      decoder: r.report.decoder,
      error: r.report.error ?? null,
      limits: r.report.limits ?? [],
      recipients: r.report.recipients,
      original: r.report.original,
      bounce: { messageId: r.report.envelope.messageId, from: r.report.envelope.from, subject: r.report.envelope.subject,
        headers: r.report.envelope.headers },
    })),
  }, null, 2);
}

/** One CSV cell: quoted, and text that a spreadsheet would run as a formula made inert. */
function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

const CSV_COLUMNS = ["date", "account", "verdict", "kind", "risk", "recipient", "status", "reason", "diagnostic", "original_from",
  "original_subject", "original_message_id", "original_date", "reporting_mta", "evidence", "decoding"];

/**
 * In the person's language: the account(s), the period and the steps first, then one row per failed recipient
 * with localised column names, verdicts, reasons and dates in the person's time zone. Starts with a byte order
 * mark so spreadsheet programs read UTF-8 (Japanese) right.
 */
export function exportCsv({ accounts, records, generatedAt }: ExportContext): string {
  const labels = new Map(accounts.map((a) => [a.accountId, accountLabel(a)]));
  const rows: (string | number)[][] = [
    [t("export_title")],
    [t("csv_created"), formatExportDateTime(generatedAt)],
    ...accounts.map((a) => [t("csv_account"), accountLabel(a), stateLine(a)]),
    [t("csv_period"), periodText(records)],
    ...steps(accounts).map((step, i) => [i === 0 ? t("csv_steps") : "", `${formatNumber(i + 1)}. ${step}`]),
    [],
    CSV_COLUMNS.map((c) => t(`csv_col_${c}`)),
  ];
  for (const r of records) {
    const original = r.report.original;
    const recipients = r.report.recipients.length ? r.report.recipients : [null];
    for (const recipient of recipients) {
      rows.push([
        formatExportDateTime(bounceDate(r)), labels.get(r.accountId) ?? r.accountId, verdictLabel(r.judgement.verdict),
        kindText(r), r.judgement.risk, recipient?.address ?? "", recipient?.status ?? "", recipient ? reasonLabel(recipient.reason) : "",
        recipient?.diagnosticCode ?? "", original?.from ?? "", original?.subject ?? "", original?.messageId ?? "",
        original?.date ? formatExportDateTime(original.date) : "", r.report.reportingMta,
        r.judgement.evidence.map(evidenceLine).join(" | "), decodingText(r),
      ]);
    }
  }
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** A summary a person can paste into a message to their provider, in the UI language. */
export function exportText({ accounts, records, generatedAt }: ExportContext): string {
  const many = accounts.length > 1;
  const labels = new Map(accounts.map((a) => [a.accountId, accountLabel(a)]));
  const lines: string[] = [t("export_title"), t("export_created", [formatExportDateTime(generatedAt)]), ""];
  for (const account of accounts) lines.push(t("export_account", [accountLabel(account), stateLine(account)]));
  lines.push(periodText(records), "");
  const todo = steps(accounts);
  if (todo.length) {
    lines.push(t(accounts[0] && ["compromise", "restricted"].includes(accounts[0].state) ? "steps_heading" : "steps_heading_calm"));
    todo.forEach((step, i) => lines.push(`  ${formatNumber(i + 1)}. ${step}`));
    lines.push("");
  }
  lines.push(tCount("export_count", records.length));
  for (const verdict of SHOWN_VERDICTS) {
    lines.push(`  ${verdictLabel(verdict)}: ${formatNumber(records.filter((r) => r.judgement.verdict === verdict).length)}`);
  }
  records.forEach((r, i) => {
    const original = r.report.original;
    const kind = kindText(r);
    lines.push("", `${formatNumber(i + 1)}. ${formatExportDateTime(bounceDate(r))}: ${verdictLabel(r.judgement.verdict)}${kind ? ` (${kind})` : ""}`);
    const decoding = decodingText(r);
    if (decoding) lines.push(`   ${decoding}`);
    if (many) lines.push(`   ${t("csv_account")}: ${labels.get(r.accountId) ?? r.accountId}`);
    if (original) lines.push(`   ${t("field_subject")}: ${original.subject || t("no_subject")}`);
    for (const recipient of r.report.recipients) {
      lines.push(`   ${t("field_recipient")}: ${recipient.address} (${reasonLabel(recipient.reason)}${recipient.status ? `, ${recipient.status}` : ""})`);
      if (recipient.diagnosticCode) lines.push(`   ${t("field_diagnostic")}: ${recipient.diagnosticCode}`);
    }
    if (r.report.reportingMta) lines.push(`   ${t("field_reporting_mta")}: ${r.report.reportingMta}`);
    lines.push(`   ${t("field_evidence")}:`);
    for (const e of r.judgement.evidence) lines.push(`   - ${evidenceLine(e)}`);
    const headers = keyHeaders(r);
    if (headers.length) {
      lines.push(`   ${t("field_original_headers")}:`);
      for (const [name, value] of headers) lines.push(`     ${name}: ${value}`);
    }
  });
  return `${lines.join("\n")}\n`;
}
