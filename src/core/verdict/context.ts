// What every signal reads about one report: the person, what was learned from their own mail, and the
// original's header fields sorted into trusted and untrusted by the trust chain.
import type { BounceReport, HeaderField } from "../types.js";
import { normalizeAddress, type SentLog } from "../sentlog.js";
import { parseAuthenticationResults, parseReceivedSpf, type AuthResult } from "./authresults.js";
import { HostMap, trustChain, type TrustChain } from "./chain.js";
import { markExchangeSubmissions } from "./exchange.js";
import { hostNameOf, isWithin } from "./hosts.js";

/** Who the person is, normalised. */
export interface Person {
  addresses: Set<string>;
  /** Their own domains (of their addresses, plus configured ones). */
  domains: string[];
}

/** What the person's confirmed own mail and their settings say about their provider. */
export interface Knowledge {
  /** Names and IPs of the provider's submission and outgoing servers. */
  relays: Set<string>;
  /**
   * Names of the servers that deliver mail into the person's mailbox (the top of each message's own trace).
   * Their provider's: a submission there is at their provider even before their own mail shows its relays.
   */
  mailboxHosts: Set<string>;
  /** DKIM signing domains of the provider (not the person's own domains). */
  providerDkimDomains: Set<string>;
  /** True when the person's own mail was seen DKIM-signed. */
  ownMailSigned: boolean;
  /** Message-ID styles ("shape@domain") of the person's sent mail. */
  messageIdStyles: Set<string>;
  /** Name ↔ IP pairs verified along the trace of their own mail. */
  hosts: HostMap;
}

export interface ReportContext {
  report: BounceReport;
  person: Person;
  knowledge: Knowledge;
  sent: SentLog;
  /** The original's header fields, [] when the report carries none. */
  headers: HeaderField[];
  chain: TrustChain;
  /** Names of the receiving side's servers: the authserv-ids to believe. */
  trustedNames: Set<string>;
  /** Authentication results stamped by the receiving side (see `trustedResults`). */
  authResults: AuthResult[];
  /** True when the original's From, Return-Path or envelope sender is one of the person's addresses. */
  fromPerson: boolean;
}

export function valuesOf(headers: readonly HeaderField[], name: string): string[] {
  return headers.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value);
}

/** The person's domain or a subdomain of it (never a parent: that may be shared with strangers). */
export function isOwnDomain(domain: string, person: Person): boolean {
  return domain !== "" && person.domains.some((own) => domain === own || isWithin(domain, own));
}

const NEGATIVE = /^(?:fail|softfail|hardfail)$/;

/**
 * Results whose stamping server is one of the receiving side's by name. A result merely stamped by that
 * server's organisation (an ancestor domain, as Received-SPF comments often write it) is believed only
 * when it is negative: a forger gains nothing by failing the person's domain.
 */
function trustedResults(results: AuthResult[], trustedNames: Set<string>): AuthResult[] {
  return results.filter((r) => r.stampedBy !== "" && (trustedNames.has(r.stampedBy)
    || (NEGATIVE.test(r.result) && [...trustedNames].some((name) => isWithin(name, r.stampedBy)))));
}

export function contextOf(report: BounceReport, person: Person, knowledge: Knowledge, sent: SentLog): ReportContext {
  const headers = report.original?.headers ?? [];
  const map = new HostMap(knowledge.hosts);
  trustChain(valuesOf(report.envelope.headers, "received"), map); // the person's own server verified these names
  const chain = trustChain(valuesOf(headers, "received"), map);
  markExchangeSubmissions(chain.hops, headers);
  const trustedNames = new Set(chain.hops.flatMap((hop) => hop.by.names));
  const reporter = hostNameOf(report.reportingMta.split(/[\s;]+/).pop() ?? "");
  if (reporter) trustedNames.add(reporter);

  const returnPath = normalizeAddress(report.original?.returnPath ?? "");
  const envelopeSender = returnPath || normalizeAddress(report.original?.from ?? "");
  const envelopeDomain = envelopeSender.slice(envelopeSender.lastIndexOf("@") + 1);
  const results = [
    ...valuesOf(headers, "authentication-results").flatMap(parseAuthenticationResults),
    ...valuesOf(headers, "received-spf").flatMap((v) => parseReceivedSpf(v, envelopeDomain) ?? []),
  ];
  const senders = [report.original?.from ?? "", returnPath, ...chain.hops.map((hop) => hop.envelopeFrom)].map(normalizeAddress);
  return {
    report,
    person,
    knowledge,
    sent,
    headers,
    chain,
    trustedNames,
    authResults: trustedResults(results, trustedNames),
    fromPerson: senders.some((a) => a !== "" && person.addresses.has(a)),
  };
}
