// Which hosts are the person's provider's: the one place that decides it. A chain of Received fields proves
// which host wrote a line, never that the host is honest, so a submission stamp or a path counts for the
// person's account only at a host known to be their provider's:
//   - learned from their confirmed own mail (the submission server, the relay after it, the outgoing edge);
//   - the servers that deliver their inbound mail (the top of every arrived message's own trace), and the
//     servers that held the original of a bounce their own servers wrote (the bounce never came in from
//     outside: their provider wrote it about mail it had taken in, as Google does for Workspace);
//   - a host under their own domain;
//   - configured in the options (AccountProfile.knownRelays).
// A relay known by name gets the IPs that trace fields pair with that name in a verified identity
// ("name [ip]": the receiving server looked the address up), so that reports, which name servers by address
// only, find it too.
// A sibling of a learned host (same parent domain, or the same numbered server group of one organisation:
// mail-sor-f41 ~ mail-sor-f42.google.com) is the provider's too. Anything else is unknown, whatever it writes.
import type { AccountProfile, BounceReport, HeaderField } from "../types.js";
import { markExchangeSubmissions } from "./exchange.js";
import { valuesOf } from "./fields.js";
import { hostNameOf, ipOf, isLoopback, organisationOf, parentDomain, serverGroupKey } from "./hosts.js";
import { parseReceived, type HostIdentity, type ReceivedHop } from "./received.js";
import { receivingSide } from "./receiving.js";

/** Names whose answer is kept: far more than the receiving hosts of any mailbox, bounded for a hostile one. */
const MAX_ANSWERS = 50_000;
/** Trace fields read from the top of each arrived message: enough to pass a spam filter's local hand-offs. */
const MAILBOX_TRACE_FIELDS = 6;

/** Host names and IPs of the provider, with an index of their sites so that a lookup costs the same for any number. */
export class ProviderHosts {
  /** Learned or configured relays (names and IPs): the provider is "known" once there is one. */
  private readonly relays = new Set<string>();
  private readonly relaySites = new Set<string>();
  /** Names of the servers that deliver the person's mail, and their sites. */
  private readonly mailboxHosts = new Set<string>();
  private readonly mailboxSites = new Set<string>();
  /** The IPs verified identities pair with each name (addRelayAddresses): a relay's whenever the name is one. */
  private readonly addressesOf = new Map<string, Set<string>>();
  /** Answers for names already looked up (the same few receiving hosts recur in every bounce); cleared when learning. */
  private readonly answers = new Map<string, boolean>();

  get known(): boolean {
    return this.relays.size > 0;
  }

  /** The IPs among the learned and configured relays: the provider's sending servers, whose networks are its pool. */
  relayIps(): string[] {
    return [...this.relays].filter((key) => ipOf(key) !== "");
  }

  addRelay(key: string): void {
    // a loopback address names no server: filters and webmail hand over on every machine; a known relay
    // (every own-mail bounce names the same few) would only recompute its sites
    if (!key || isLoopback(key) || this.relays.has(key)) return;
    this.relays.add(key);
    this.answers.clear();
    if (ipOf(key)) return;
    for (const site of sitesOf(key)) this.relaySites.add(site);
    for (const ip of this.addressesOf.get(key) ?? []) this.addRelay(ip);
  }

  addRelayIdentity(identity: HostIdentity | null): void {
    for (const key of [...(identity?.names ?? []), ...(identity?.ips ?? [])]) this.addRelay(key);
  }

  /**
   * A verified sending host: its IPs are a relay's when it carries the relay's name, whether the name is
   * learned as a relay before or after (so that learning reads each report once, in any order).
   */
  addRelayAddresses(identity: HostIdentity | null): void {
    if (!identity || identity.ips.length === 0) return;
    for (const name of identity.names) {
      const addresses = this.addressesOf.get(name);
      if (addresses) for (const ip of identity.ips) addresses.add(ip);
      else this.addressesOf.set(name, new Set(identity.ips));
    }
    if (identity.names.some((name) => this.relays.has(name))) for (const ip of identity.ips) this.addRelay(ip);
  }

  addMailboxHost(name: string): void {
    if (isLoopback(name) || this.mailboxHosts.has(name)) return; // every report names the same few
    this.mailboxHosts.add(name);
    this.answers.clear();
    for (const site of sitesOf(name)) this.mailboxSites.add(site);
  }

  /** True when the host is the provider's: a relay's IP, or a name at a relay's or mailbox server's site, or under `isOwn`. */
  includes(identity: HostIdentity, isOwn: (name: string) => boolean): boolean {
    return identity.ips.some((ip) => this.relays.has(ip)) || identity.names.some((name) => isOwn(name) || this.atSite(name));
  }

  private atSite(name: string): boolean {
    let answer = this.answers.get(name);
    if (answer === undefined) {
      answer = sitesOf(name).some((site) => this.relaySites.has(site) || this.mailboxSites.has(site));
      if (this.answers.size >= MAX_ANSWERS) this.answers.clear();
      this.answers.set(name, answer);
    }
    return answer;
  }
}

/** Keys under which siblings meet (hosts.ts `sameSite`): the name, its parent domain, its server-group form. */
function sitesOf(name: string): string[] {
  const sites = [`=${name}`];
  const parent = parentDomain(name);
  if (parent) sites.push(`^${parent}`);
  const group = serverGroupKey(name);
  if (group) sites.push(`#${group}`);
  return sites;
}

/**
 * The provider's outgoing relay: going up from the lowest field, the sending host of the first field written
 * outside the provider's organisation (the receiving side took the message from it), when that host is
 * inside it. Providers whose submission and outgoing servers are named apart (Office 365's
 * "*.prod.outlook.com" inside, "*.outbound.protection.outlook.com" at the edge) show it nowhere else.
 */
function learnExitRelay(provider: ProviderHosts, hops: readonly ReceivedHop[]): void {
  const organisations = new Set(hops[hops.length - 1]!.by.names.map(organisationOf).filter(Boolean));
  if (organisations.size === 0) return;
  for (const hop of [...hops].reverse().slice(1)) {
    if (hop.by.names.some((name) => organisations.has(organisationOf(name)))) continue;
    if (hop.from?.names.some((name) => organisations.has(organisationOf(name)))) provider.addRelayIdentity(hop.from);
    return;
  }
}

/**
 * True when the lowest field's sender is the person's own mail program, though the field records no login:
 * a mail server greets with its host name, a mail program with an address literal (Thunderbird's
 * "[192.168.1.12]") or its computer's name without a domain (Outlook's "DESKTOP-4GQ2T7"). Its address is the
 * person's own connection (a home or office line), never the provider's.
 */
const sentByMailProgram = (hop: ReceivedHop): boolean => hop.helo !== "" && !hostNameOf(hop.helo);

/**
 * The provider's hosts in a confirmed own message's Received fields: the server the person submitted to
 * (the lowest field, when authenticated or sent by their mail program) and the host that passed it on next;
 * otherwise the lowest field's sending host (a server: the provider left its own fields out); and the
 * outgoing relay the receiving side took it from. The fields' sending hosts give the addresses of those that
 * carry a relay's name (ProviderHosts.addRelayAddresses).
 */
function learnRelays(provider: ProviderHosts, headers: readonly HeaderField[]): void {
  const hops = valuesOf(headers, "received").map(parseReceived).filter((hop) => hop.by.names.length + hop.by.ips.length > 0);
  markExchangeSubmissions(hops, headers);
  for (const hop of hops) provider.addRelayAddresses(hop.from);
  const lowest = hops[hops.length - 1];
  if (!lowest) return;
  learnExitRelay(provider, hops);
  if (!lowest.authenticated && !sentByMailProgram(lowest)) {
    provider.addRelayIdentity(lowest.from);
    return;
  }
  provider.addRelayIdentity(lowest.by);
  const next = hops.slice(0, -1).reverse().find((hop) => hop.from);
  if (next?.from) {
    provider.addRelayIdentity(next.from);
    provider.addRelay(hostNameOf(next.helo)); // confirmed own mail: its HELO is the relay's name
  }
}

/**
 * The person's mailbox servers in one arrived message's own trace: the receiving hosts from the top down to
 * the first field whose sender is another machine (the server that took the message in). The person's own
 * servers wrote these fields, so they are true whatever the message is, and so is the address they give a
 * relay that handed them mail (their provider's bounces come in from its outgoing servers).
 */
function learnMailboxHosts(provider: ProviderHosts, headers: readonly HeaderField[]): void {
  for (const value of valuesOf(headers, "received").slice(0, MAILBOX_TRACE_FIELDS)) {
    const hop = parseReceived(value);
    for (const name of hop.by.names) provider.addMailboxHost(name);
    provider.addRelayAddresses(hop.from);
    if (hop.from && hop.from.ips.some((ip) => !isLoopback(ip))) return;
  }
}

/**
 * A bounce that reached the person without coming in from outside was written by their provider: the
 * servers that held its original (from the top down to where they took it in) are the provider's.
 */
function learnBounceWriter(provider: ProviderHosts, report: BounceReport): void {
  if (!report.isBounce || !report.original || receivingSide(report.envelope.headers).fromOutside) return;
  if (!report.envelope.headers.some(([key]) => key.toLowerCase() === "received")) return;
  for (const name of receivingSide(report.original.headers).names) provider.addMailboxHost(name);
}

/**
 * The provider's hosts: configured relays, the relays of confirmed own mail (`ownHeaders[i]`: report i's
 * original, or the report itself for mail to themselves; null for the others) and the addresses trace fields
 * give their names, every report's mailbox servers and the servers behind the bounces the provider wrote.
 * Each report is read whole at once, its own block's relays and `eachOwn` (learn.ts: the block's trust chain),
 * then its arrival, while its Received fields are still among parseReceived's recent answers (each parsed once).
 */
export function learnProviderHosts(
  reports: readonly BounceReport[], ownHeaders: readonly (readonly HeaderField[] | null)[], profile: AccountProfile,
  eachOwn: (headers: readonly HeaderField[]) => void = () => {},
): ProviderHosts {
  const provider = new ProviderHosts();
  for (const relay of profile.knownRelays ?? []) provider.addRelay(ipOf(relay) || hostNameOf(relay));
  reports.forEach((report, i) => {
    const own = ownHeaders[i];
    if (own) {
      learnRelays(provider, own);
      eachOwn(own);
    }
    learnMailboxHosts(provider, report.envelope.headers);
    learnBounceWriter(provider, report);
  });
  return provider;
}
