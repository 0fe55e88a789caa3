// JSON records of the CLI contract (shared/docs/cli.md): contract fields first, extra fields after.
import type { BounceReport, Judgement, MailboxAssessment } from "../core/types";
import type { SentFolderWarning } from "../core/sentlog";
import { formatEvidence, type MessageTable } from "../core/i18n";
import type { DmarcReading } from "../core/dmarc/types";
import type { DmarcAssessment } from "../core/dmarc/judge";

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
    ...(report.dmarc ? { dmarc: dmarcReadingRecord(report.dmarc) } : {}),
    // the bounds of the decoding this message reached (what was cut or left unread), when any
    ...(report.limits ? { limits: report.limits } : {}),
  };
}

/** What an aggregate-report mail held: each report in brief, and why any attachment was refused. */
function dmarcReadingRecord(reading: DmarcReading) {
  return {
    reports: reading.reports.map((r) => ({
      reporter: r.orgName, reportId: r.reportId, domain: r.domain, schema: r.schema,
      begin: new Date(r.begin * 1000).toISOString(), end: new Date(r.end * 1000).toISOString(),
      records: r.recordCount, messages: r.sources.reduce((sum, source) => sum + source.count, 0),
    })),
    errors: reading.errors,
    inflatedBytes: reading.inflatedBytes,
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

/**
 * `warnings`: Sent folders that hold data but gave no sent message, with the worded `detail` (empty when none).
 * `undecodable`: how many messages got an `error` record (malformed, or over the decoding's time budget).
 */
export function summaryRecord(
  assessment: MailboxAssessment, messages: number, warnings: (SentFolderWarning & { detail: string })[], undecodable: number,
) {
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
      dmarc: dmarcSummary(assessment.dmarc),
      warnings,
      undecodable,
    },
  };
}

/** The DMARC aggregate reports judged: per source its messages, DMARC pass/fail and class; the days that alarmed. */
function dmarcSummary(dmarc: DmarcAssessment) {
  return {
    reports: dmarc.reports,
    domains: dmarc.domains,
    reasons: dmarc.reasons,
    sources: dmarc.sources.map((s) => ({
      domain: s.domain, sourceIp: s.sourceIp, classification: s.class, messages: s.messages, pass: s.pass, fail: s.fail,
      dkimPass: s.dkimPass, spfPass: s.spfPass, quarantined: s.quarantined, rejected: s.rejected, reporters: s.reporters,
      firstDay: s.firstDay, lastDay: s.lastDay, raised: s.raised,
    })),
    alarmDays: dmarc.days.filter((d) => d.alarm).map((d) => ({
      domain: d.domain, day: d.day, providerPass: d.providerPass, ownSent: d.ownSent, baseline: d.baseline,
    })),
  };
}
