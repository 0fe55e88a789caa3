// Authenticated submission: a trusted Received field (or a submission server's own stamp field) records that
// the message was submitted with SMTP AUTH: Postfix "(Authenticated sender: …)", RFC 3848 "with ESMTPA /
// ESMTPSA / LMTPA" (Exim writes them in lower case with "(envelope-from <…>)"), Sendmail "(authenticated
// bits=…)", qmail's SMTP-AUTH patch "(user@domain@ip)", Gmail "with ESMTPSA id", cPanel's
// X-Authenticated-Sender, Exchange's AuthAs: Internal, a webmail's HTTP hop. A chain of Received fields
// proves only which host wrote such a line: a spammer's own server vouches for any login on itself. So a
// stamp counts only when the host that wrote it is the person's provider's (provider.ts); elsewhere it is
// shown and weighs nothing.
import type { Evidence } from "../../types.js";
import { normalizeAddress } from "../../sentlog.js";
import type { ReportContext } from "../context.js";
import { valuesOf } from "../fields.js";
import { evidence } from "../evidence.js";
import { hostNameOf } from "../hosts.js";
import { isProviderHost } from "../learn.js";
import { isAuthProtocol, type HostIdentity } from "../received.js";

/** Submitted with the person's own login at their provider: someone has their password. */
export const AUTH_SUBMISSION_OWN = 70;
/** Submitted with a login the field does not name, at the person's provider, as the person. */
export const AUTH_SUBMISSION = 50;
/** A login stamp written by a host that is not the person's provider's (which is known): it proves nothing. */
export const AUTH_SUBMISSION_FOREIGN_HOST = 0;
/** A login stamp written by a host while the person's provider is not known yet: it proves nothing either. */
export const AUTH_SUBMISSION_UNKNOWN_HOST = 0;
/** Submitted with someone else's login at the person's provider. */
export const AUTH_SUBMISSION_OTHER_LOGIN = 10;

interface Stamp {
  host: HostIdentity;
  login: string;
  /** The address the login came from, as the server that took it recorded it ("" when it did not). */
  client: string;
}

function chainStamps(ctx: ReportContext): Stamp[] {
  return ctx.chain.hops.filter((hop) => hop.authenticated).map((hop) => {
    const fromEnvelope = !hop.login && isAuthProtocol(hop.protocol) && hop.envelopeFrom !== "";
    return { host: hop.by, login: fromEnvelope ? hop.envelopeFrom : hop.login, client: hop.from?.ips[0] ?? "" };
  });
}

/** "X-Authenticated-Sender: host: login", "X-Get-Message-Sender-Via: host: authenticated_id: login" (Exchange's AuthAs marks its hop: exchange.ts). */
function fieldStamps(ctx: ReportContext): Stamp[] {
  const stamps: Stamp[] = [];
  const trusted = (host: string): HostIdentity | null => {
    const name = hostNameOf(host);
    return name && ctx.chainHosts.has(name) ? { names: [name], ips: [] } : null;
  };
  for (const value of [...valuesOf(ctx.headers, "x-authenticated-sender"), ...valuesOf(ctx.headers, "x-get-message-sender-via")]) {
    const match = /^\s*([^\s:]{3,253}):\s*(?:authenticated_id:\s*)?([^\s]{1,320})/i.exec(value.slice(0, 1000));
    const host = match ? trusted(match[1]!) : null;
    if (host) stamps.push({ host, login: match![2]!, client: "" });
  }
  return stamps;
}

function isOwnLogin(login: string, ctx: ReportContext): boolean {
  if (login.includes("@")) return ctx.person.addresses.has(normalizeAddress(login));
  // a bare user name counts when the message went out as the person under that local part
  const local = login.toLowerCase();
  return ctx.fromPerson && [...ctx.person.addresses].some((a) => a.slice(0, a.lastIndexOf("@")) === local);
}

/** Names where the login came from (weight 0: it tells the person and their provider, it decides nothing). */
export const AUTH_SUBMISSION_CLIENT = 0;

function stampEvidence(stamp: Stamp, ctx: ReportContext): Evidence {
  const hostName = stamp.host.names[0] ?? stamp.host.ips[0] ?? "";
  if (!isProviderHost(stamp.host, ctx.knowledge, ctx.person)) {
    return ctx.knowledge.provider.known
      ? evidence("auth_submission_foreign_host", AUTH_SUBMISSION_FOREIGN_HOST, hostName)
      : evidence("auth_submission_unknown_host", AUTH_SUBMISSION_UNKNOWN_HOST, hostName);
  }
  // at the provider, Exim's envelope sender stands for the login (cPanel-style hosts accept no other sender from an account)
  if (stamp.login && isOwnLogin(stamp.login, ctx)) return evidence("auth_submission_own", AUTH_SUBMISSION_OWN, stamp.login, hostName);
  if (stamp.login) return evidence("auth_submission_other_login", AUTH_SUBMISSION_OTHER_LOGIN, stamp.login, hostName);
  return evidence("auth_submission", AUTH_SUBMISSION, hostName);
}

/** Stamps written at the person's provider: only there does the recorded client address say where the login came from. */
const AT_PROVIDER = new Set(["auth_submission_own", "auth_submission_other_login", "auth_submission"]);

/**
 * The strongest submission stamp's evidence, and (when the person's provider wrote it) the address the login came
 * from, as that server recorded it.
 */
export function submissionEvidence(ctx: ReportContext): Evidence[] {
  const ranked = [...chainStamps(ctx), ...fieldStamps(ctx)].map((stamp) => ({ stamp, found: stampEvidence(stamp, ctx) }));
  const strongest = ranked.sort((a, b) => b.found.weight - a.found.weight)[0];
  if (!strongest) return [];
  const { stamp, found } = strongest;
  if (!stamp.client || !AT_PROVIDER.has(found.signal)) return [found];
  const host = stamp.host.names[0] ?? stamp.host.ips[0] ?? "";
  return [found, evidence("auth_submission_client", AUTH_SUBMISSION_CLIENT, stamp.client, host)];
}
