// The trace of one message: what it says about the person's account (contract v2, shared/docs/cli.md;
// definitions in shared/scenarios/README.md, "Traces"). Judged beside the verdict, never instead of it:
// a bounce keeps its verdict and Sisimai reason, and only gains a trace and its evidence.
import type { AlertReason, BounceReport, Evidence, Judgement, OriginalMessage, Trace } from "../types.js";
import { headerValue } from "../decode/headers.js";
import { addressesIn, normalizeAddress, normalizeMessageId, CLOCK_SKEW_MS, type SentLog } from "../sentlog.js";
import { isOwnDomain, type Person } from "../verdict/context.js";
import { evidence } from "../verdict/evidence.js";
import { isWithin, organisationOf } from "../verdict/hosts.js";
import { sentMatch } from "../verdict/signals/sent.js";
import { PROVIDERS, type Provider } from "./providers.js";
import { authenticatedDomains, receivingSide, type ReceivingSide } from "../verdict/receiving.js";
import { limitsOf, restrictionOf, sharedIpOf } from "./restrictions.js";
import { isAutoReplySubject, isComplaintHeader } from "./screen.js";

export interface TraceFinding {
  trace: Trace;
  provider?: string;
  /** Shown before the verdict's own evidence. */
  evidence: Evidence[];
  /** The alert cause this message stands for, if any. */
  cause: AlertReason | null;
}

export interface MailboxFacts {
  person: Person;
  sent: SentLog;
  /** Message-IDs of the arrived messages (normalised): a reply in a thread the person received is no trace. */
  inboxIds: ReadonlySet<string>;
}

const HOUR_MS = 3600 * 1000;
const MAX_IDS = 20;
/** Own message forms a reply, forward or quote of a notice takes: never the provider's notice itself. */
const PERSON_PREFIX = /^\s*(?:re|fwd?|aw|wg|tr|sv|vs|antw|転送|返信)\s*[:：]/i;

/** A quoted server reply or subject: one line, bounded, its links cut (a mail's link is never passed on). */
const quote = (text: string): string => text.replace(/\b(?:https?|ftp):\/\/\S+|\bwww\.\S+/gi, "…").replace(/\s+/g, " ").trim().slice(0, 200);

/** The moment a report speaks of: its own Date, else its original's. */
function reportTime(report: BounceReport): number {
  const own = Date.parse(report.envelope.date);
  return Number.isFinite(own) ? own : Date.parse(report.original?.date ?? "");
}

function restrictionFinding(report: BounceReport, sent: SentLog): TraceFinding | null {
  const found = restrictionOf(report.recipients);
  if (!found) return null;
  const { row, text } = found;
  const said = quote(report.recipients.find((r) => row.text.test(`${r.status} ${r.replyCode} ${r.diagnosticCode}`))?.diagnosticCode || text);
  if (row.kind === "ban") {
    return { trace: "restriction", provider: row.provider, cause: "restriction_ban", evidence: [evidence("restriction_ban", 0, said)] };
  }
  const time = reportTime(report);
  for (const limit of limitsOf(row, text)) {
    if (!Number.isFinite(time)) break;
    const sentCount = sent.recipientsSentWithin(time - limit.windowMs - CLOCK_SKEW_MS, time + CLOCK_SKEW_MS);
    if (sentCount >= limit.recipients) {
      return {
        trace: "restriction", provider: row.provider, cause: null,
        evidence: [evidence("restriction_limit_explained", 0, said, String(sentCount), hours(limit.windowMs))],
      };
    }
  }
  const first = limitsOf(row, text)[0];
  const sentCount = first && Number.isFinite(time) ? sent.recipientsSentWithin(time - first.windowMs - CLOCK_SKEW_MS, time + CLOCK_SKEW_MS) : 0;
  return {
    trace: "restriction", provider: row.provider, cause: "restriction_limit",
    evidence: [evidence("restriction_limit", 0, said, String(sentCount), hours(first?.windowMs ?? 24 * HOUR_MS), String(first?.recipients ?? ""))],
  };
}

function hours(ms: number): string {
  return String(Math.max(1, Math.round(ms / HOUR_MS)));
}

/** A bounce: a restriction by the person's own provider, else a plain bounce, noted when a shared IP's reputation is at stake. */
function bounceFinding(report: BounceReport, judgement: Judgement, sent: SentLog): TraceFinding {
  // A forged-sender bounce is about someone else's sending: their provider's verdicts are not the person's.
  if (judgement.verdict === "spoofed") return { trace: "bounce", evidence: [], cause: null };
  const restriction = restrictionFinding(report, sent);
  if (restriction) return restriction;
  const shared = sharedIpOf(report.recipients);
  const said = shared ? quote(report.recipients.map((r) => r.diagnosticCode).find((d) => shared.text.test(d)) ?? "") : "";
  return { trace: "bounce", evidence: shared ? [evidence("shared_ip_reputation", 0, said)] : [], cause: null };
}

/** The original's sender is one of the person's addresses. */
function fromPerson(original: OriginalMessage, person: Person): boolean {
  return [original.from, original.returnPath].map(normalizeAddress).some((a) => a !== "" && person.addresses.has(a));
}

function complaintFinding(report: BounceReport, facts: MailboxFacts): TraceFinding | null {
  const arf = report.kind === "feedback";
  const forwarded = !arf && report.original !== null && isComplaintHeader(report.envelope.from, report.envelope.subject);
  if (!arf && !forwarded) return null;
  const original = report.original;
  // A feedback report without the reported message is still about the person's mail: it came to them.
  if (original ? !fromPerson(original, facts.person) : forwarded) return null;
  const about = original?.subject || original?.messageId || report.envelope.subject;
  if (original && sentMatch(report, facts.sent)) {
    return { trace: "complaint", cause: null, evidence: [evidence("complaint_sent", 0, quote(about))] };
  }
  return { trace: "complaint", cause: "complaint", evidence: [evidence("complaint_not_sent", 0, quote(about))] };
}

/** The receiving side's DKIM passes include the provider's domain (or its documentation form under example.*). */
function authenticatesProvider(provider: Provider, domains: readonly string[], side: ReceivingSide, person: Person): string {
  const providerDomains = provider.domains.length > 0
    ? provider.domains.flatMap(documentationForms)
    // the general hosting row: the organisation of the servers that delivered it, unless that is the person's own
    : [...side.names].map(organisationOf).filter((o) => o !== "" && !isOwnDomain(o, person));
  return domains.find((d) => providerDomains.some((p) => isWithin(d, p))) ?? "";
}

/**
 * A provider domain and its form in documentation examples ("microsoft.com" → "microsoft.example.com",
 * "xserver.ne.jp" → "xserver.example.ne.jp", "xserver.example.jp"): names under example.* are reserved
 * (RFC 2606) and owned by nobody, so believing them costs nothing and lets test mail use them.
 */
function documentationForms(domain: string): string[] {
  const labels = domain.split(".");
  const name = labels[0]!;
  const rest = labels.slice(1);
  const forms = [domain, [name, "example", ...rest].join(".")];
  if (rest.length > 1) forms.push([name, "example", rest[rest.length - 1]!].join("."));
  return forms;
}

/** How the message names itself: its From display name and address, and its Return-Path. */
function claimedIdentity(report: BounceReport): string {
  return [headerValue(report.envelope.headers, "from"), headerValue(report.envelope.headers, "return-path")].join(" ").slice(0, 600);
}

function noticeFinding(report: BounceReport, facts: MailboxFacts): TraceFinding | null {
  const subject = report.envelope.subject;
  if (PERSON_PREFIX.test(subject)) return null;
  const wording = `${subject}\n${report.excerpt ?? ""}`;
  const identity = claimedIdentity(report);
  let side: ReceivingSide | null = null;
  for (const provider of PROVIDERS) {
    if (!provider.notices.some((n) => n.test(wording))) continue;
    const fromDomain = normalizeAddress(report.envelope.from).split("@")[1] ?? "";
    const claims = provider.brand ? provider.brand.test(identity) || provider.domains.some((d) => isWithin(fromDomain, d))
      : !facts.sent.wroteTo(report.envelope.from);
    if (!claims) continue;
    side ??= receivingSide(report.envelope.headers);
    const domain = authenticatesProvider(provider, authenticatedDomains(side), side, facts.person);
    if (domain) {
      const stamp = side.results.find((r) => r.subject === domain)?.stampedBy ?? "";
      return { trace: "notice", provider: provider.id, cause: "provider_notice", evidence: [evidence("notice_authenticated", 0, stamp, domain)] };
    }
    return { trace: "lookalike", provider: provider.id, cause: null, evidence: [evidence("lookalike", 0, report.envelope.from || identity)] };
  }
  return null;
}

const AUTO_SUBMITTED = /^\s*auto-replied\b/i;

function isAutoReply(report: BounceReport): boolean {
  const headers = report.envelope.headers;
  return report.kind === "autoreply" || AUTO_SUBMITTED.test(headerValue(headers, "auto-submitted"))
    || headerValue(headers, "x-autoreply") !== "" || headerValue(headers, "x-autorespond") !== ""
    || isAutoReplySubject(report.envelope.subject);
}

function referencedIds(report: BounceReport): string[] {
  const ids = ["in-reply-to", "references"]
    .flatMap((name) => report.envelope.headers.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value))
    .flatMap((value) => [...value.matchAll(/<([^<>\s]{1,998})>/g)].map((m) => normalizeMessageId(m[1]!)));
  if (report.original?.messageId) ids.push(normalizeMessageId(report.original.messageId));
  return [...new Set(ids)].slice(0, MAX_IDS);
}

/** A reply or auto-reply to mail the person never sent, from someone they never wrote to. */
function replyFinding(report: BounceReport, facts: MailboxFacts): TraceFinding | null {
  const { person, sent } = facts;
  const author = normalizeAddress(report.envelope.from);
  if (!author || person.addresses.has(author) || sent.wroteTo(author)) return null;
  const ids = referencedIds(report);
  const auto = isAutoReply(report);
  if (ids.length === 0 && !auto) return null;
  if (ids.some((id) => sent.sentDateOf(id) !== undefined || facts.inboxIds.has(id))) return null;
  const addressed = ["to", "cc"].flatMap((name) => addressesIn(headerValue(report.envelope.headers, name)));
  if (addressed.length > 0 && !addressed.some((a) => person.addresses.has(a))) return null;
  return { trace: "reply", cause: null, evidence: [evidence("reply_unknown", 0, author, ids[0] ?? quote(report.envelope.subject))] };
}

/**
 * True for a non-bounce that may carry a trace once judged with the mailbox (a feedback report, an auto-reply,
 * a notice-like or complaint-like message whose material was kept): the add-on stores these as records too.
 */
export function mayCarryTrace(report: BounceReport): boolean {
  if (report.isBounce) return false;
  if (report.kind === "feedback" || report.original !== null || isAutoReply(report) || referencedIds(report).length > 0) return true;
  const wording = `${report.envelope.subject}\n${report.excerpt ?? ""}`;
  return report.excerpt !== undefined && PROVIDERS.some((p) => p.notices.some((n) => n.test(wording)));
}

export function traceOf(report: BounceReport, judgement: Judgement, facts: MailboxFacts): TraceFinding {
  if (report.isBounce) return bounceFinding(report, judgement, facts.sent);
  return complaintFinding(report, facts) ?? noticeFinding(report, facts) ?? replyFinding(report, facts)
    ?? { trace: "none", evidence: [], cause: null };
}
