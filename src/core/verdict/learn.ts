// First pass: what the person's confirmed own mail says about their provider. Own-mail bounces (and mail
// to themselves) show the submission server and the outgoing relay their mail really takes, and whether
// and by which domain it is DKIM-signed; the Sent log shows the form of their Message-IDs.
import type { AccountProfile, BounceReport, HeaderField } from "../types.js";
import { normalizeAddress, type SentLog } from "../sentlog.js";
import { dkimSigningDomain } from "./authresults.js";
import { HostMap, trustChain } from "./chain.js";
import { isOwnDomain, valuesOf, type Knowledge, type Person } from "./context.js";
import { markExchangeSubmissions } from "./exchange.js";
import { hostNameOf, ipOf, isLoopback, organisationOf, sameSite } from "./hosts.js";
import { messageIdStyle } from "./messageid.js";
import { parseReceived, type HostIdentity, type ReceivedHop } from "./received.js";

/** Enough Message-IDs to know the person's styles; more only cost time. */
const MAX_STYLE_SAMPLES = 20_000;

function addIdentity(relays: Set<string>, identity: HostIdentity | null): void {
  // a loopback address names no server: content filters and webmail hand over on every machine
  for (const key of [...(identity?.names ?? []), ...(identity?.ips ?? [])]) if (!isLoopback(key)) relays.add(key);
}

/**
 * The provider's outgoing relay: going up from the lowest field, the sending host of the first field written
 * outside the provider's organisation (the receiving side took the message from it), when that host is
 * inside it. Providers whose submission and outgoing servers are named apart (Office 365's
 * "*.prod.outlook.com" inside, "*.outbound.protection.outlook.com" at the edge) show it nowhere else.
 */
function learnExitRelay(relays: Set<string>, hops: readonly ReceivedHop[]): void {
  const provider = new Set(hops[hops.length - 1]!.by.names.map(organisationOf).filter(Boolean));
  if (provider.size === 0) return;
  for (const hop of [...hops].reverse().slice(1)) {
    if (hop.by.names.some((name) => provider.has(organisationOf(name)))) continue;
    if (hop.from?.names.some((name) => provider.has(organisationOf(name)))) addIdentity(relays, hop.from);
    return;
  }
}

/**
 * The provider's hosts in a confirmed own message's Received fields: the server the person submitted to
 * (the lowest field, when authenticated) and the host that passed it on next; without an authenticated
 * submission, the lowest field's sending host; and the outgoing relay the receiving side took it from.
 */
function learnRelays(relays: Set<string>, headers: readonly HeaderField[]): void {
  const hops = valuesOf(headers, "received").map(parseReceived).filter((hop) => hop.by.names.length + hop.by.ips.length > 0);
  markExchangeSubmissions(hops, headers);
  const lowest = hops[hops.length - 1];
  if (!lowest) return;
  learnExitRelay(relays, hops);
  if (!lowest.authenticated) {
    addIdentity(relays, lowest.from);
    return;
  }
  addIdentity(relays, lowest.by);
  const next = hops.slice(0, -1).reverse().find((hop) => hop.from);
  if (next?.from) {
    addIdentity(relays, next.from);
    if (hostNameOf(next.helo)) relays.add(hostNameOf(next.helo)); // confirmed own mail: its HELO is the relay's name
  }
}

/** Trace fields read from the top of each arrived message: enough to pass a spam filter's local hand-offs. */
const MAILBOX_TRACE_FIELDS = 6;

/**
 * The person's mailbox servers in one arrived message's own trace: the receiving hosts from the top down to
 * the first field whose sender is another machine (the server that took the message in). The person's own
 * servers wrote these fields, so they are true whatever the message is.
 */
function learnMailboxHosts(hosts: Set<string>, receivedValues: readonly string[]): void {
  for (const value of receivedValues.slice(0, MAILBOX_TRACE_FIELDS)) {
    const hop = parseReceived(value);
    for (const name of hop.by.names) if (!isLoopback(name)) hosts.add(name);
    if (hop.from && hop.from.ips.some((ip) => !isLoopback(ip))) return;
  }
}

/** Header blocks of the person's confirmed own mail: originals of own-mail bounces, and mail to themselves. */
function ownHeaderBlocks(reports: readonly BounceReport[], ownMail: readonly boolean[], person: Person, sent: SentLog): HeaderField[][] {
  const blocks: HeaderField[][] = [];
  reports.forEach((report, i) => {
    if (ownMail[i] && report.original) blocks.push(report.original.headers);
    const toSelf = !report.isBounce && person.addresses.has(normalizeAddress(report.envelope.from))
      && report.envelope.messageId !== "" && sent.sentDateOf(report.envelope.messageId) !== undefined;
    if (toSelf) blocks.push(report.envelope.headers);
  });
  return blocks;
}

export function learnKnowledge(
  reports: readonly BounceReport[], ownMail: readonly boolean[], person: Person, sent: SentLog, profile: AccountProfile,
): Knowledge {
  const knowledge: Knowledge = {
    relays: new Set(), mailboxHosts: new Set(), providerDkimDomains: new Set(), ownMailSigned: false, messageIdStyles: new Set(), hosts: new HostMap(),
  };
  for (const relay of profile.knownRelays ?? []) {
    const key = ipOf(relay) || hostNameOf(relay);
    if (key) knowledge.relays.add(key);
  }
  for (const report of reports) learnMailboxHosts(knowledge.mailboxHosts, valuesOf(report.envelope.headers, "received"));
  for (const headers of ownHeaderBlocks(reports, ownMail, person, sent)) {
    learnRelays(knowledge.relays, headers);
    trustChain(valuesOf(headers, "received"), knowledge.hosts);
    for (const domain of valuesOf(headers, "dkim-signature").map(dkimSigningDomain)) {
      if (!domain) continue;
      knowledge.ownMailSigned = true;
      if (!isOwnDomain(domain, person)) knowledge.providerDkimDomains.add(domain);
    }
  }
  let samples = 0;
  for (const id of sent.messageIds()) {
    if (samples++ >= MAX_STYLE_SAMPLES) break;
    const style = messageIdStyle(id);
    if (style) knowledge.messageIdStyles.add(style);
  }
  return knowledge;
}

/**
 * True when a host is the person's provider: a learned or configured relay, one of their mailbox servers,
 * a sibling of either, or under their own domain.
 */
export function isProviderHost(identity: HostIdentity, knowledge: Knowledge, person: Person): boolean {
  return identity.ips.some((ip) => knowledge.relays.has(ip))
    || identity.names.some((name) => isOwnDomain(name, person)
      || [...knowledge.relays].some((relay) => !ipOf(relay) && sameSite(name, relay))
      || [...knowledge.mailboxHosts].some((host) => sameSite(name, host)));
}
