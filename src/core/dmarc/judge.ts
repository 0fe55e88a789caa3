// What the person's DMARC aggregate reports say about their account. Every source IP that sent mail as their
// domain is classified:
//   provider  - their own provider's outgoing servers: an IP learned from their confirmed own mail (as the
//               verdict engine learns relays, provider.ts; a relay known by name counts by the addresses
//               trace fields verified for it) or configured, or one in the same network (IPv4 /24,
//               IPv6 /48: providers send from pools); or a source whose mail carries a passing DKIM
//               signature of the provider's own signing domain (also learned from their own mail); or a
//               source whose SPF passed, aligned, for the person's own domain (their SPF record authorises
//               it: their provider's servers, even when no confirmed mail showed them);
//   forwarder - a forwarder or mailing list: DMARC passed only through DKIM (SPF is the forwarder's), or the
//               receiver overrode the policy for forwarding (forwarded, mailing_list, trusted_forwarder, or
//               an ARC pass in the override comment);
//   unknown   - anything else.
//
// The rules (stated in README "DMARC aggregate reports"):
//   dmarc_volume (compromise): on one report day (UTC), the messages that passed DMARC from provider sources,
//     summed over all reporters, P, exceed what the person's own sending explains: P - S >= 50 and
//     P >= 4 x max(S, B, 1), where S is the recipients of their Sent messages dated that day +- 6 hours
//     (reporting days start at different hours) and B the median of P over the domain's earlier report days
//     (0 before 3 such days). Mail that passed through the person's provider with their domain's
//     authentication, far beyond what they sent, went through their account. A newsletter day is explained
//     by its Sent copy (every recipient counted, Bcc included).
//   dmarc_spoofing (spoofing): an unknown source failed both SPF and DKIM alignment for the domain: someone
//     forges the address; the account itself is fine.
// Only the person's own domains raise anything; reports for other domains are shown, never alarming.
import type { SentLog } from "../sentlog.js";
import { isOwnDomain, type Knowledge, type Person } from "../verdict/context.js";
import type { AggregateReport, AggregateSource } from "./types.js";

export const VOLUME_MIN_UNEXPLAINED = 50;
export const VOLUME_RATIO = 4;
export const BASELINE_MIN_DAYS = 3;
export const SENT_WINDOW_MS = 6 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

export type SourceClass = "provider" | "forwarder" | "unknown";
export type DmarcReason = "dmarc_volume" | "dmarc_spoofing";

/** One source IP's mail as one domain, over all reports. */
export interface DmarcSource {
  domain: string;
  sourceIp: string;
  class: SourceClass;
  messages: number;
  /** Messages that passed DMARC (aligned DKIM or aligned SPF) and that failed it. */
  pass: number;
  fail: number;
  /** Messages with aligned DKIM pass, and with aligned SPF pass. */
  dkimPass: number;
  spfPass: number;
  /** Messages the receivers quarantined or rejected. */
  quarantined: number;
  rejected: number;
  reporters: string[];
  firstDay: string;
  lastDay: string;
  /** True when this source is behind an alert reason. */
  raised: boolean;
}

/** One report day of one domain: messages by class, and the person's own sending then. */
export interface DmarcDay {
  day: string;
  domain: string;
  providerPass: number;
  forwarder: number;
  unknownFail: number;
  /** Provider mail that failed and unknown mail that passed (a service the person set up, or a misconfiguration). */
  other: number;
  /** Recipients of the person's Sent messages in the day's window. */
  ownSent: number;
  /** The domain's usual provider volume before this day (B in the rule). */
  baseline: number;
  /** True when this day breaks the volume rule. */
  alarm: boolean;
}

export interface DmarcAssessment {
  /** Distinct reports read (reporter + Report-ID). */
  reports: number;
  domains: string[];
  sources: DmarcSource[];
  days: DmarcDay[];
  reasons: DmarcReason[];
  /** Keys (reportKey) of the reports behind each reason. */
  raising: Record<DmarcReason, Set<string>>;
}

export const reportKey = (report: AggregateReport): string => `${report.orgName.toLowerCase()}|${report.reportId}`;

/** The UTC day a report covers: the day of the middle of its range (Microsoft's run 20:00 to 20:00 UTC). */
export function reportDay(report: AggregateReport): string {
  return new Date(((report.begin + report.end) / 2) * 1000).toISOString().slice(0, 10);
}

/** The network a pool of sending servers shares: an IPv4 /24 or an IPv6 /48. */
function networkOf(ip: string): string {
  if (ip.includes(":")) return ip.split(":").slice(0, 3).join(":");
  return ip.split(".").slice(0, 3).join(".");
}

/** Messages of a source that passed DMARC (aligned DKIM or aligned SPF). */
const passedCount = (source: AggregateSource): number =>
  source.rows.reduce((n, row) => n + (row.dkimAligned || row.spfAligned ? row.count : 0), 0);

interface ProviderSigns {
  ips: Set<string>;
  networks: Set<string>;
  dkimDomains: Set<string>;
}

function providerSigns(knowledge: Knowledge): ProviderSigns {
  const ips = new Set(knowledge.provider.relayIps());
  return { ips, networks: new Set([...ips].map(networkOf)), dkimDomains: knowledge.providerDkimDomains };
}

function classify(source: AggregateSource, provider: ProviderSigns, person: Person): SourceClass {
  const ip = source.sourceIp;
  if (provider.ips.has(ip) || provider.networks.has(networkOf(ip))) return "provider";
  if (source.dkimPassDomains.some((domain) => provider.dkimDomains.has(domain))) return "provider";
  // the person's SPF record authorises it for their own domain, and the receiver found SPF aligned
  if (source.rows.some((row) => row.spfAligned) && source.spfPassDomains.some((domain) => isOwnDomain(domain, person))) return "provider";
  if (source.rows.some((row) => row.forwarded || (row.dkimAligned && !row.spfAligned))) return "forwarder";
  return "unknown";
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Breaks the volume rule (see the head of this file). */
export function breaksVolumeRule(providerPass: number, ownSent: number, baseline: number): boolean {
  return providerPass - ownSent >= VOLUME_MIN_UNEXPLAINED && providerPass >= VOLUME_RATIO * Math.max(ownSent, baseline, 1);
}

/** The first copy of each reporter + Report-ID (reporters resend; a mailbox may hold a report twice). */
export function distinctReports(reports: readonly AggregateReport[]): AggregateReport[] {
  const seen = new Set<string>();
  return reports.filter((report) => !seen.has(reportKey(report)) && Boolean(seen.add(reportKey(report))));
}

export function assessDmarc(all: readonly AggregateReport[], person: Person, knowledge: Knowledge, sent: SentLog): DmarcAssessment {
  const reports = distinctReports(all);
  const provider = providerSigns(knowledge);
  const sources = new Map<string, DmarcSource & { reporterSet: Set<string>; keys: Set<string> }>();
  const days = new Map<string, DmarcDay & { keys: Set<string> }>();
  for (const report of reports) {
    const day = reportDay(report);
    const dayKey = `${report.domain}|${day}`;
    let dayRow = days.get(dayKey);
    if (!dayRow) {
      dayRow = { day, domain: report.domain, providerPass: 0, forwarder: 0, unknownFail: 0, other: 0, ownSent: 0, baseline: 0, alarm: false, keys: new Set() };
      days.set(dayKey, dayRow);
    }
    for (const record of report.sources) {
      const sourceClass = classify(record, provider, person);
      const key = `${report.domain}|${record.sourceIp}`;
      let source = sources.get(key);
      if (!source) {
        source = { domain: report.domain, sourceIp: record.sourceIp, class: sourceClass, messages: 0, pass: 0, fail: 0, dkimPass: 0,
          spfPass: 0, quarantined: 0, rejected: 0, reporters: [], firstDay: day, lastDay: day, raised: false, reporterSet: new Set(), keys: new Set() };
        sources.set(key, source);
      }
      // a source is a provider or a forwarder when any of its mail shows it
      if (source.class === "unknown" || (source.class === "forwarder" && sourceClass === "provider")) source.class = sourceClass;
      source.messages += record.count;
      for (const row of record.rows) {
        source[row.dkimAligned || row.spfAligned ? "pass" : "fail"] += row.count;
        if (row.dkimAligned) source.dkimPass += row.count;
        if (row.spfAligned) source.spfPass += row.count;
        if (row.disposition === "quarantine") source.quarantined += row.count;
        if (row.disposition === "reject") source.rejected += row.count;
      }
      source.reporterSet.add(report.orgName);
      source.keys.add(reportKey(report));
      if (day < source.firstDay) source.firstDay = day;
      if (day > source.lastDay) source.lastDay = day;
      dayRow.keys.add(reportKey(report));
    }
  }
  // classes settle over all reports first: a day counts each source by its final class
  for (const report of reports) {
    const dayRow = days.get(`${report.domain}|${reportDay(report)}`)!;
    for (const record of report.sources) {
      const sourceClass = sources.get(`${report.domain}|${record.sourceIp}`)!.class;
      const passed = passedCount(record);
      if (sourceClass === "provider") {
        dayRow.providerPass += passed;
        dayRow.other += record.count - passed;
      } else if (sourceClass === "forwarder") dayRow.forwarder += record.count;
      else {
        dayRow.unknownFail += record.count - passed;
        dayRow.other += passed;
      }
    }
  }

  const reasons = new Set<DmarcReason>();
  const raising: Record<DmarcReason, Set<string>> = { dmarc_volume: new Set(), dmarc_spoofing: new Set() };
  const ordered = [...days.values()].sort((a, b) => a.domain.localeCompare(b.domain) || a.day.localeCompare(b.day));
  const history = new Map<string, number[]>();
  for (const row of ordered) {
    const earlier = history.get(row.domain) ?? [];
    history.set(row.domain, [...earlier, row.providerPass]);
    const start = Date.parse(`${row.day}T00:00:00Z`);
    row.ownSent = sent.recipientsSentWithin(start - SENT_WINDOW_MS, start + DAY_MS + SENT_WINDOW_MS);
    row.baseline = earlier.length >= BASELINE_MIN_DAYS ? median(earlier) : 0;
    row.alarm = isOwnDomain(row.domain, person) && breaksVolumeRule(row.providerPass, row.ownSent, row.baseline);
    if (!row.alarm) continue;
    reasons.add("dmarc_volume");
    for (const key of row.keys) raising.dmarc_volume.add(key);
  }
  // a provider source is behind the volume alarm when most of its passing mail came on alarm days
  const alarmDays = new Set(ordered.filter((row) => row.alarm).map((row) => `${row.domain}|${row.day}`));
  const onAlarmDays = new Map<string, number>();
  for (const report of reports) {
    if (!alarmDays.has(`${report.domain}|${reportDay(report)}`)) continue;
    for (const record of report.sources) {
      const key = `${report.domain}|${record.sourceIp}`;
      onAlarmDays.set(key, (onAlarmDays.get(key) ?? 0) + passedCount(record));
    }
  }
  for (const [key, source] of sources) {
    const alarmDay = 2 * (onAlarmDays.get(key) ?? 0) > source.pass;
    const forged = source.class === "unknown" && source.fail > 0 && isOwnDomain(source.domain, person);
    if (forged) {
      reasons.add("dmarc_spoofing");
      for (const key of source.keys) raising.dmarc_spoofing.add(key);
    }
    source.raised = forged || (source.class === "provider" && alarmDay);
  }

  const sourceList = [...sources.values()]
    .map(({ reporterSet, keys: _keys, ...source }) => ({ ...source, reporters: [...reporterSet].sort() }))
    .sort((a, b) => Number(b.raised) - Number(a.raised) || b.messages - a.messages || a.sourceIp.localeCompare(b.sourceIp));
  return {
    reports: reports.length,
    domains: [...new Set(reports.map((r) => r.domain))].sort(),
    sources: sourceList,
    days: ordered.map(({ keys: _keys, ...row }) => row),
    reasons: (["dmarc_volume", "dmarc_spoofing"] as const).filter((r) => reasons.has(r)),
    raising,
  };
}

/** The _locales key and substitutions that explain one source in plain words (report page and CLI). */
export function dmarcExplanation(source: DmarcSource): [key: string, params: string[]] {
  const messages = String(source.messages);
  if (source.class === "provider") {
    if (source.raised) return ["dmarc_explain_provider_raised", [messages]];
    return source.fail > source.pass ? ["dmarc_explain_provider_fail", [messages, String(source.fail)]] : ["dmarc_explain_provider_pass", [messages]];
  }
  if (source.class === "forwarder") return ["dmarc_explain_forwarder", [messages]];
  return source.fail > 0 ? ["dmarc_explain_unknown_fail", [String(source.fail)]] : ["dmarc_explain_unknown_pass", [messages]];
}

/** Steps of its own (_locales keys) that a DMARC reason adds before the alert's steps. */
const DMARC_STEPS: Record<DmarcReason, readonly string[]> = {
  dmarc_volume: ["reason_dmarc_volume_step1"],
  dmarc_spoofing: ["reason_dmarc_spoofing_step1"],
};

export function dmarcSteps(reason: DmarcReason): readonly string[] {
  return DMARC_STEPS[reason];
}
