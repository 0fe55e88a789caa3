// JSON records of the CLI contract (shared/docs/cli.md): contract fields first, extra fields after.
import type { BounceReport, Judgement, MailboxAssessment } from "../core/types";
import { formatEvidence, type MessageTable } from "../core/i18n";

export function parseRecord(source: string, report: BounceReport) {
  return {
    source,
    isBounce: report.isBounce,
    kind: report.kind,
    recipients: report.recipients,
    original: report.original,
    ...(report.error !== undefined ? { error: report.error } : {}),
    reportingMta: report.reportingMta,
    decoder: report.decoder,
    date: report.envelope.date,
    subject: report.envelope.subject,
  };
}

export function scanRecord(source: string, report: BounceReport, judgement: Judgement, table: MessageTable) {
  return {
    ...parseRecord(source, report),
    verdict: judgement.verdict,
    risk: judgement.risk,
    evidence: judgement.evidence.map((e) => ({ signal: e.signal, detail: formatEvidence(table, e), weight: e.weight })),
    trace: judgement.trace,
  };
}

export function summaryRecord(assessment: MailboxAssessment, messages: number) {
  return {
    summary: {
      messages,
      bounces: assessment.judgements.filter((j) => j.verdict !== "not-bounce").length,
      verdicts: assessment.verdicts,
      traces: assessment.traces,
      alert: assessment.alert,
      alertReasons: assessment.alertReasons,
      firstSeen: assessment.firstSeen,
      lastSeen: assessment.lastSeen,
    },
  };
}
