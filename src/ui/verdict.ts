// Plain words for verdicts and the one-line reason shown beside each bounce.
import { evidenceKey } from "../core/i18n";
import type { Evidence, Verdict } from "../core/types";
import type { BounceRecord } from "../shared/protocol";
import { formatDateTime, formatDay, t } from "./i18n";

/** Verdicts the person sees counted and charted, most alarming first. */
export const SHOWN_VERDICTS = ["compromise", "spoofed", "undetermined", "own-mail"] as const;
export const SUSPICIOUS_VERDICTS: Verdict[] = ["compromise", "spoofed", "undetermined"];

const keyPart = (verdict: Verdict) => verdict.replace("-", "_");

export function verdictLabel(verdict: Verdict): string {
  return t(`verdict_${keyPart(verdict)}`);
}

export function verdictMeaning(verdict: Verdict): string {
  return t(`verdict_${keyPart(verdict)}_meaning`);
}

export function verdictClass(verdict: Verdict): string {
  return `v-${verdict}`;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Evidence details as the person reads them: dates and times the core gives as ISO in their locale and time zone. */
function shownParam(param: string): string {
  if (ISO_TIME.test(param)) return formatDateTime(param) || param;
  if (ISO_DAY.test(param)) return formatDay(param);
  return param;
}

export function evidenceText(evidence: Evidence): string {
  return t(evidenceKey(evidence), evidence.params.map(shownParam));
}

/** The evidence that pushed hardest towards the verdict: compromise is positive weight, spoofed/own-mail negative. */
function strongestEvidence(record: BounceRecord): Evidence | null {
  const { verdict, evidence } = record.judgement;
  const towards = (e: Evidence) =>
    verdict === "compromise" ? e.weight : verdict === "undetermined" ? Math.abs(e.weight) : -e.weight;
  let best: Evidence | null = null;
  for (const e of evidence) if (evidenceText(e) && (!best || towards(e) > towards(best))) best = e;
  return best;
}

export function reasonLabel(reason: string): string {
  return t(`reason_${reason}`) || t("reason_undefined");
}

/** One plain sentence saying why this bounce got its verdict. */
export function reasonLine(record: BounceRecord): string {
  const failed = record.report.recipients.find((r) => r.action === "failed") ?? record.report.recipients[0];
  if (record.judgement.verdict === "own-mail" && failed) {
    return t("line_not_delivered", [failed.address, reasonLabel(failed.reason)]);
  }
  const evidence = strongestEvidence(record);
  return evidence ? evidenceText(evidence) : verdictMeaning(record.judgement.verdict);
}

/** What the person recognises a bounce by: the subject of the message it is about. */
export function bounceTitle(record: BounceRecord): string {
  const original = record.report.original;
  return (original ? original.subject : record.report.envelope.subject) || t("no_subject");
}
