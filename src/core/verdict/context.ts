// What every signal reads about one report: the person, what was learned from their own mail, and the
// original's header fields sorted into trusted and untrusted: the Received chain (chain.ts) and the
// recipient's own authentication results (receiving.ts).
import type { BounceReport, HeaderField } from "../types.js";
import { normalizeAddress, type SentLog } from "../sentlog.js";
import type { AuthResult } from "./authresults.js";
import { HostMap, trustChain, type TrustChain } from "./chain.js";
import { markExchangeSubmissions } from "./exchange.js";
import { valuesOf } from "./fields.js";
import { isWithin } from "./hosts.js";
import type { ProviderHosts } from "./provider.js";
import { receivingSide } from "./receiving.js";

/** Who the person is, normalised. */
export interface Person {
  addresses: Set<string>;
  /** Their own domains (of their addresses, plus configured ones). */
  domains: string[];
}

/** What the person's confirmed own mail and their settings say about their provider. */
export interface Knowledge {
  /** The provider's hosts (provider.ts): learned, configured and the person's mailbox servers. */
  provider: ProviderHosts;
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
  /** Names of the receiving hosts along the trusted chain: who wrote each trusted Received field. */
  chainHosts: Set<string>;
  /** Authentication results the recipient's own servers added (receiving.ts). */
  authResults: AuthResult[];
  /** True when the original's From, Return-Path or envelope sender is one of the person's addresses. */
  fromPerson: boolean;
}

/** The person's domain or a subdomain of it (never a parent: that may be shared with strangers). */
export function isOwnDomain(domain: string, person: Person): boolean {
  return domain !== "" && person.domains.some((own) => domain === own || isWithin(domain, own));
}

export function contextOf(report: BounceReport, person: Person, knowledge: Knowledge, sent: SentLog): ReportContext {
  const headers = report.original?.headers ?? [];
  const received = valuesOf(headers, "received");
  const map = new HostMap(knowledge.hosts);
  // the person's own server verified the names in its fields; a chain links its top field to nothing, so
  // they are read only for an original with fields below the top
  if (received.length > 1) trustChain(valuesOf(report.envelope.headers, "received"), map);
  const chain = trustChain(received, map);
  markExchangeSubmissions(chain.hops, headers);

  const returnPath = normalizeAddress(report.original?.returnPath ?? "");
  const envelopeSender = returnPath || normalizeAddress(report.original?.from ?? "");
  const envelopeDomain = envelopeSender.slice(envelopeSender.lastIndexOf("@") + 1);
  const senders = [report.original?.from ?? "", returnPath, ...chain.hops.map((hop) => hop.envelopeFrom)].map(normalizeAddress);
  return {
    report,
    person,
    knowledge,
    sent,
    headers,
    chain,
    chainHosts: new Set(chain.hops.flatMap((hop) => hop.by.names)),
    authResults: receivingSide(headers, envelopeDomain).results,
    fromPerson: senders.some((a) => a !== "" && person.addresses.has(a)),
  };
}
