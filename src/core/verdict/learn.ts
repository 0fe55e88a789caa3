// First pass: what the person's confirmed own mail says about their provider. Own-mail bounces (and mail
// to themselves) show the submission server and the outgoing relay their mail really takes (provider.ts),
// and whether and by which domain it is DKIM-signed; the Sent log shows the form of their Message-IDs.
import type { AccountProfile, BounceReport, HeaderField } from "../types.js";
import { normalizeAddress, type SentLog } from "../sentlog.js";
import { dkimSigningDomain } from "./authresults.js";
import { HostMap, trustChain } from "./chain.js";
import { isOwnDomain, type Knowledge, type Person } from "./context.js";
import { valuesOf } from "./fields.js";
import { messageIdStyle } from "./messageid.js";
import { learnProviderHosts } from "./provider.js";
import type { HostIdentity } from "./received.js";

/** Enough Message-IDs to know the person's styles; more only cost time. */
const MAX_STYLE_SAMPLES = 20_000;

/** Each report's header block of the person's confirmed own mail: an own-mail bounce's original, mail to themselves; else null. */
function ownHeaderBlocks(reports: readonly BounceReport[], ownMail: readonly boolean[], person: Person, sent: SentLog): (HeaderField[] | null)[] {
  return reports.map((report, i) => {
    if (ownMail[i] && report.original) return report.original.headers;
    const toSelf = !report.isBounce && person.addresses.has(normalizeAddress(report.envelope.from))
      && report.envelope.messageId !== "" && sent.sentDateOf(report.envelope.messageId) !== undefined;
    return toSelf ? report.envelope.headers : null;
  });
}

export function learnKnowledge(
  reports: readonly BounceReport[], ownMail: readonly boolean[], person: Person, sent: SentLog, profile: AccountProfile,
): Knowledge {
  const hosts = new HostMap();
  const providerDkimDomains = new Set<string>();
  let ownMailSigned = false;
  const learnOwnBlock = (headers: readonly HeaderField[]): void => {
    trustChain(valuesOf(headers, "received"), hosts);
    for (const domain of valuesOf(headers, "dkim-signature").map(dkimSigningDomain)) {
      if (!domain) continue;
      ownMailSigned = true;
      if (!isOwnDomain(domain, person)) providerDkimDomains.add(domain);
    }
  };
  const provider = learnProviderHosts(reports, ownHeaderBlocks(reports, ownMail, person, sent), profile, learnOwnBlock);
  const knowledge: Knowledge = { provider, providerDkimDomains, ownMailSigned, messageIdStyles: new Set(), hosts };
  let samples = 0;
  for (const id of sent.messageIds()) {
    if (samples++ >= MAX_STYLE_SAMPLES) break;
    const style = messageIdStyle(id);
    if (style) knowledge.messageIdStyles.add(style);
  }
  return knowledge;
}

/** True when a host is the person's provider's (provider.ts), their own domain's hosts included. */
export function isProviderHost(identity: HostIdentity, knowledge: Knowledge, person: Person): boolean {
  return knowledge.provider.includes(identity, (name) => isOwnDomain(name, person));
}
