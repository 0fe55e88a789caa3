// The evidence report a person sends to their mail provider: JSON and CSV for machines, plain text in their language.
import { bounceDate, type BounceRecord, type Overview } from "../shared/protocol";
import { formatDateTime, formatNumber, t, tCount } from "./i18n";
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

export function exportJson(overview: Overview, records: BounceRecord[], generatedAt: string): string {
  return JSON.stringify({
    generator: "Bounce Sentinel",
    generatedAt,
    alert: overview.alert,
    verdicts: overview.verdicts,
    firstSeen: overview.firstSeen,
    lastSeen: overview.lastSeen,
    bounces: records.map((r) => ({
      date: bounceDate(r),
      verdict: r.judgement.verdict,
      risk: r.judgement.risk,
      evidence: r.judgement.evidence.map((e) => ({ ...e, text: evidenceLine(e) })),
      reportingMta: r.report.reportingMta,
      decoder: r.report.decoder,
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

const CSV_COLUMNS = ["date", "verdict", "risk", "recipient", "status", "reason", "diagnostic", "original_from",
  "original_subject", "original_message_id", "original_date", "reporting_mta", "evidence"];

/** One row per failed recipient; starts with a byte order mark so spreadsheet programs read UTF-8 (Japanese) right. */
export function exportCsv(records: BounceRecord[]): string {
  const rows = [CSV_COLUMNS.map(csvCell).join(",")];
  for (const r of records) {
    const original = r.report.original;
    const recipients = r.report.recipients.length ? r.report.recipients : [null];
    for (const recipient of recipients) {
      rows.push([
        bounceDate(r), r.judgement.verdict, r.judgement.risk, recipient?.address ?? "", recipient?.status ?? "",
        recipient?.reason ?? "", recipient?.diagnosticCode ?? "", original?.from ?? "", original?.subject ?? "",
        original?.messageId ?? "", original?.date ?? "", r.report.reportingMta,
        r.judgement.evidence.map(evidenceLine).join(" | "),
      ].map(csvCell).join(","));
    }
  }
  return `\uFEFF${rows.join("\r\n")}\r\n`;
}

/** A summary a person can paste into a message to their provider, in the UI language. */
export function exportText(overview: Overview, records: BounceRecord[], generatedAt: string): string {
  const lines: string[] = [
    t("export_title"),
    t("export_created", [formatDateTime(generatedAt)]),
    "",
    t("export_status", [t(`alert_${overview.alert}_title`)]),
    t(`alert_${overview.alert}_body`),
    "",
    tCount("export_count", records.length),
  ];
  if (overview.firstSeen && overview.lastSeen) {
    lines.push(t("export_period", [formatDateTime(overview.firstSeen), formatDateTime(overview.lastSeen)]));
  }
  for (const verdict of SHOWN_VERDICTS) {
    lines.push(`  ${verdictLabel(verdict)}: ${formatNumber(records.filter((r) => r.judgement.verdict === verdict).length)}`);
  }
  records.forEach((r, i) => {
    const original = r.report.original;
    lines.push("", `${formatNumber(i + 1)}. ${formatDateTime(bounceDate(r))}: ${verdictLabel(r.judgement.verdict)}`);
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
