// The verdict engine's entry point: judges every report of a mailbox against the person's Sent log and
// raises the account alert (definitions: shared/scenarios/README.md). Deterministic and pure, cheap enough
// to re-run over all stored reports after each new bounce.
//
// Pass 1 matches bounces with the Sent log (own mail) and learns from that confirmed own mail which relays
// the person's provider uses, whether and by whom their mail is DKIM-signed, and the form of their
// Message-IDs. Pass 2 judges the rest from evidence signals (signals/*), each a named weight.
import { applyTraces, orderCauses, traceMailbox } from "../trace/mailbox.js";
import { TRACES, type AccountProfile, type Alert, type AlertCause, type AlertReason, type BounceReport, type Evidence, type Judgement, type MailboxAssessment, type Trace, type Verdict } from "../types.js";
import { normalizeAddress, normalizeDomain, type SentLog } from "../sentlog.js";
import { extent } from "../extent.js";
import { contextOf, type Knowledge, type Person } from "./context.js";
import { byStrength, riskOf, verdictOf } from "./decide.js";
import { learnKnowledge } from "./learn.js";
import { authResultEvidence } from "./signals/authresults.js";
import { burstEvidence, findBursts, type Dated } from "./signals/burst.js";
import { dkimEvidence } from "./signals/dkim.js";
import { messageIdEvidence } from "./signals/messageid.js";
import { pathEvidence } from "./signals/path.js";
import { bouncedRecipients, recipientEvidence } from "./signals/recipients.js";
import { sentMatch } from "./signals/sent.js";
import { submissionEvidence } from "./signals/submission.js";
import { assessDmarc, reportDay, reportKey, type DmarcAssessment } from "../dmarc/judge.js";
import { evidence } from "./evidence.js";
import type { AggregateReport } from "../dmarc/types.js";

const SIGNALS = [submissionEvidence, dkimEvidence, authResultEvidence, pathEvidence, messageIdEvidence, recipientEvidence];

function personOf(profile: AccountProfile, sent: SentLog): Person {
  const configured = profile.addresses.map(normalizeAddress).filter(Boolean);
  const domains = [
    ...configured.map((a) => a.slice(a.lastIndexOf("@") + 1)),
    ...(profile.extraDomains ?? []).map(normalizeDomain),
  ].filter(Boolean);
  // Sent folders show every address the person sends from (aliases); their domains are not added, since
  // a personal webmail address there would make the webmail's domain look like the person's own
  return { addresses: new Set([...configured, ...sent.senders]), domains: [...new Set(domains)] };
}

function judge(report: BounceReport, match: Evidence | null, person: Person, knowledge: Knowledge, sent: SentLog): Judgement {
  if (!report.isBounce) return { verdict: "not-bounce", risk: 0, evidence: [], trace: "none" };
  if (match) return { verdict: "own-mail", risk: 0, evidence: [match], trace: "bounce" };
  const ctx = contextOf(report, person, knowledge, sent);
  const evidence = byStrength(SIGNALS.flatMap((signal) => signal(ctx)));
  const verdict = verdictOf(evidence);
  return { verdict, risk: riskOf(verdict, evidence), evidence, trace: "bounce" };
}

/**
 * Adds burst evidence to undetermined bounces to strangers and replies to mail never sent (`replies`) that
 * come ten or more within a day; returns the burst's members, and whether replies are among them.
 */
function markBursts(
  reports: readonly BounceReport[], judgements: Judgement[], sent: SentLog, replies: readonly number[],
): { members: ReadonlySet<number>; withReplies: boolean } {
  const candidates: Dated[] = [];
  judgements.forEach((judgement, index) => {
    const time = Date.parse(reports[index]!.envelope.date);
    const strangers = bouncedRecipients({ report: reports[index]! }).every((r) => !sent.wroteTo(r));
    if (judgement.verdict === "undetermined" && strangers && Number.isFinite(time)) candidates.push({ index, time });
  });
  for (const index of replies) {
    const time = Date.parse(reports[index]!.envelope.date);
    if (Number.isFinite(time)) candidates.push({ index, time });
  }
  const { members, largest } = findBursts(candidates);
  const replySet = new Set(replies);
  for (const index of members) {
    const judgement = judgements[index]!;
    judgement.evidence = byStrength([...judgement.evidence, burstEvidence(largest)]);
    if (!replySet.has(index)) judgement.risk = riskOf(judgement.verdict, judgement.evidence);
  }
  return { members, withReplies: [...members].some((i) => replySet.has(i)) };
}

function period(reports: readonly BounceReport[]): { firstSeen: string | null; lastSeen: string | null } {
  const span = extent(reports.filter((r) => r.isBounce).map((r) => Date.parse(r.envelope.date)).filter(Number.isFinite));
  if (span === null) return { firstSeen: null, lastSeen: null };
  return { firstSeen: new Date(span.min).toISOString(), lastSeen: new Date(span.max).toISOString() };
}

/** The causes one report raises (scenarios README, "Alert"): its trace's own, and its verdict's. */
function causesOfReport(judgement: Judgement, traceCause: AlertCause | null, burst: AlertReason | null): AlertCause[] {
  const causes: AlertCause[] = traceCause ? [traceCause] : [];
  if (judgement.verdict === "compromise") causes.push({ reason: "compromise_bounce", provider: "", count: 1 });
  if (burst) causes.push({ reason: burst, provider: "", count: 1 });
  if (judgement.verdict === "spoofed") causes.push({ reason: "spoofed_bounce", provider: "", count: 1 });
  return causes;
}

/**
 * The causes of the alert (one per reason and provider, with how many reports show it, strongest first) and
 * the reports behind them, counting only the reports `raises` accepts.
 */
function causesOf(
  judgements: readonly Judgement[], traceCauses: readonly (AlertCause | null)[], burst: { members: ReadonlySet<number>; withReplies: boolean },
  raises: (index: number) => boolean,
): { causes: AlertCause[]; reports: number[] } {
  const counted = new Map<string, AlertCause>();
  const reports: number[] = [];
  const burstReason: AlertReason = burst.withReplies ? "reply_burst" : "burst";
  judgements.forEach((judgement, index) => {
    if (!raises(index)) return;
    const causes = causesOfReport(judgement, traceCauses[index]!, burst.members.has(index) ? burstReason : null);
    if (causes.length === 0) return;
    reports.push(index);
    for (const cause of causes) {
      const key = `${cause.reason}|${cause.provider}`;
      const seen = counted.get(key);
      if (seen) seen.count++;
      else counted.set(key, { ...cause });
    }
  });
  return { causes: orderCauses([...counted.values()]), reports };
}

const SPOOFING_REASONS: ReadonlySet<AlertReason> = new Set(["spoofed_bounce", "dmarc_spoofing"]);

/**
 * An aggregate-report mail is a notice when a report in it is behind a DMARC reason, else it says nothing.
 * Returns the indexes of those notices.
 */
function markDmarcNotices(reports: readonly BounceReport[], judgements: Judgement[], dmarc: DmarcAssessment): number[] {
  const notices: number[] = [];
  const raising = new Set(Object.values(dmarc.raising).flatMap((keys) => [...keys]));
  reports.forEach((report, i) => {
    if (!report.dmarc) return;
    const raises = report.dmarc.reports.some((r) => raising.has(reportKey(r)));
    judgements[i]!.trace = raises ? "notice" : "none";
    if (!raises) return;
    notices.push(i);
    judgements[i]!.evidence = report.dmarc.reports.flatMap((r) => dmarcEvidence(r, dmarc));
  });
  return notices;
}

/** What one aggregate report shows behind the DMARC reasons: its alarming day, its forged messages. */
function dmarcEvidence(report: AggregateReport, dmarc: DmarcAssessment): Evidence[] {
  const found: Evidence[] = [];
  const key = reportKey(report);
  const day = dmarc.days.find((d) => d.domain === report.domain && d.day === reportDay(report));
  if (dmarc.raising.dmarc_volume.has(key) && day) {
    found.push(evidence("dmarc_volume_day", 40, day.day, String(day.providerPass), String(day.ownSent)));
  }
  if (dmarc.raising.dmarc_spoofing.has(key)) {
    const unknown = new Set(dmarc.sources.filter((s) => s.domain === report.domain && s.class === "unknown").map((s) => s.sourceIp));
    const forged = report.sources.filter((source) => unknown.has(source.sourceIp))
      .flatMap((source) => source.rows).reduce((sum, row) => sum + (row.dkimAligned || row.spfAligned ? 0 : row.count), 0);
    if (forged > 0) found.push(evidence("dmarc_unknown_failing", -20, String(forged), report.domain, report.orgName));
  }
  return found;
}

/**
 * The DMARC causes: one per reason, counting the reports behind it that may raise the alert (they may be
 * stored, not in `reports`); a reason with none of those raises nothing.
 */
function dmarcCauses(dmarc: DmarcAssessment, raising: ReadonlySet<string>): AlertCause[] {
  return dmarc.reasons.flatMap((reason) => {
    const count = [...dmarc.raising[reason]].filter((key) => raising.has(key)).length;
    return count > 0 ? [{ reason, provider: "", count }] : [];
  });
}

/** Compromise when any cause of the compromise kind stands, else spoofing when a forged-sender cause does. */
function alertOf(reasons: readonly AlertReason[]): Alert {
  if (reasons.some((r) => !SPOOFING_REASONS.has(r))) return "compromise";
  return reasons.length > 0 ? "spoofing" : "none";
}

export interface AssessOptions {
  /**
   * Which reports may raise the alert (all by default). The others are still judged and still inform the
   * judgements of the rest (learned relays, bursts); the add-on passes "after the person said they dealt with it".
   */
  raisesAlert?: (index: number) => boolean;
  /**
   * The DMARC aggregate reports to judge with the mailbox; by default those the reports carry (the add-on
   * passes its stored ones, which outlive their mails).
   */
  aggregateReports?: readonly AggregateReport[];
  /**
   * Which aggregate reports may raise the alert (all by default), as raisesAlert for the reports: the others
   * still count (the domain's usual volume, the chart); the add-on passes "period ended after the person
   * said they dealt with it".
   */
  aggregateRaisesAlert?: (report: AggregateReport) => boolean;
}

export function assessMailbox(
  reports: readonly BounceReport[], sent: SentLog, profile: AccountProfile, options: AssessOptions = {},
): MailboxAssessment {
  const person = personOf(profile, sent);
  const matches = reports.map((report) => (report.isBounce ? sentMatch(report, sent) : null));
  const knowledge = learnKnowledge(reports, matches.map(Boolean), person, sent, profile);
  const judgements = reports.map((report, i) => judge(report, matches[i]!, person, knowledge, sent));
  const traced = traceMailbox(reports, judgements, person, sent);
  const burst = markBursts(reports, judgements, sent, traced.replies);
  applyTraces(judgements, traced.findings);
  const aggregate = options.aggregateReports ?? reports.flatMap((r) => r.dmarc?.reports ?? []);
  const dmarc = assessDmarc(aggregate, person, knowledge, sent);
  const notices = markDmarcNotices(reports, judgements, dmarc);

  const verdicts: Record<Verdict, number> = { "own-mail": 0, compromise: 0, spoofed: 0, undetermined: 0, "not-bounce": 0 };
  const traces = Object.fromEntries(TRACES.map((t) => [t, 0])) as Record<Trace, number>;
  for (const judgement of judgements) {
    verdicts[judgement.verdict]++;
    traces[judgement.trace]++;
  }
  const raises = options.raisesAlert ?? (() => true);
  const found = causesOf(judgements, traced.causes, burst, raises);
  const mayRaise = new Set(aggregate.filter(options.aggregateRaisesAlert ?? (() => true)).map(reportKey));
  const causes = orderCauses([...found.causes, ...dmarcCauses(dmarc, mayRaise)]);
  const behindCauses = new Set(Object.values(dmarc.raising).flatMap((keys) => [...keys].filter((key) => mayRaise.has(key))));
  const raisingNotices = notices.filter((i) => raises(i) && reports[i]!.dmarc!.reports.some((r) => behindCauses.has(reportKey(r))));
  const alertReports = [...found.reports, ...raisingNotices].sort((a, b) => a - b);
  const alertReasons = [...new Set(causes.map((c) => c.reason))];
  return {
    judgements, alert: alertOf(alertReasons), alertReasons, alertCauses: causes, alertReports, verdicts, traces, ...period(reports), dmarc,
  };
}
