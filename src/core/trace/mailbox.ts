// Traces over a whole mailbox: every judgement gets its trace (and the trace's evidence first), and the
// causes the traces stand for are counted for the alert (scenarios README, "Alert").
import type { AlertCause, AlertReason, BounceReport, Judgement } from "../types.js";
import { normalizeMessageId, type SentLog } from "../sentlog.js";
import type { Person } from "../verdict/context.js";
import { traceOf, type TraceFinding } from "./classify.js";

/** Strongest first: the provider's own verdict on the account, then what the mail itself shows. */
export const REASON_ORDER: readonly AlertReason[] = [
  "restriction_ban", "provider_notice", "compromise_bounce", "dmarc_volume", "complaint", "restriction_limit", "reply_burst", "burst",
  "spoofed_bounce", "dmarc_spoofing",
];

export interface TracedMailbox {
  /** One finding per report, in order. */
  findings: TraceFinding[];
  /** Per report, the cause its trace stands for (restrictions, notices, complaints), with its provider; else null. */
  causes: (AlertCause | null)[];
  /** Indexes of the reply traces, which count towards a burst with undetermined bounces. */
  replies: number[];
}

/** The trace of every report beside its judgement (not yet applied to it: see `applyTraces`). */
export function traceMailbox(reports: readonly BounceReport[], judgements: readonly Judgement[], person: Person, sent: SentLog): TracedMailbox {
  const inboxIds = new Set(reports.map((r) => normalizeMessageId(r.envelope.messageId)).filter(Boolean));
  const replies: number[] = [];
  const findings = reports.map((report, i) => traceOf(report, judgements[i]!, { person, sent, inboxIds }));
  findings.forEach((finding, i) => {
    if (finding.trace === "reply") replies.push(i);
  });
  const causes = findings.map((f): AlertCause | null => (f.cause ? { reason: f.cause, provider: f.provider ?? "", count: 1 } : null));
  return { findings, causes, replies };
}

/** Sets each judgement's trace and provider, its evidence first (it says what the message is about). */
export function applyTraces(judgements: Judgement[], findings: readonly TraceFinding[]): void {
  findings.forEach((finding, i) => {
    const judgement = judgements[i]!;
    judgement.trace = finding.trace;
    if (finding.provider) judgement.provider = finding.provider;
    if (finding.evidence.length > 0) judgement.evidence = [...finding.evidence, ...judgement.evidence];
  });
}

/** Causes strongest first; within one reason, the provider with more messages first. */
export function orderCauses(causes: readonly AlertCause[]): AlertCause[] {
  return [...causes].sort((a, b) => REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason) || b.count - a.count);
}
