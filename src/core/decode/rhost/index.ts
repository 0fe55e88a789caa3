// The provider families and how one is chosen for a recipient: the recipient's domain first (mail to
// a provider's own domain), then the remote server that answered, then the server that reported.
import type { Reason } from "../../types.js";
import { aol } from "./aol.js";
import { cloudflare } from "./cloudflare.js";
import { cox } from "./cox.js";
import type { RhostFact, RhostFamily } from "./family.js";
import { francePtt } from "./franceptt.js";
import { gsuite } from "./gsuite.js";
import { iua } from "./iua.js";
import { kddi } from "./kddi.js";
import { microsoft } from "./microsoft.js";
import { mimecast } from "./mimecast.js";
import { outlook } from "./outlook.js";
import { spectrum } from "./spectrum.js";
import { tencent } from "./tencent.js";
import { yahooInc } from "./yahooinc.js";
import { zoho } from "./zoho.js";

export type { RhostFact } from "./family.js";

export const RHOST_FAMILIES: readonly RhostFamily[] = [
  aol, cloudflare, cox, francePtt, gsuite, iua, kddi, microsoft, mimecast, outlook, spectrum, tencent, yahooInc, zoho,
];

/** The recipient's domain is one the provider's hosts serve ("ezweb.ne.jp" for ".ezweb.ne.jp"). */
function servesDomain(family: RhostFamily, domain: string): boolean {
  if (!domain.includes(".")) return false;
  return family.hosts.some((host) => host === domain || host === `.${domain}` || host.endsWith(`.${domain}`));
}

/** The host is one of the provider's ("mx1.mail.aol.com" for ".mail.aol.com"). */
function isProviderHost(family: RhostFamily, host: string): boolean {
  if (!host) return false;
  return family.hosts.some((entry) => (entry.startsWith(".") ? host.endsWith(entry) : host === entry || host.endsWith(`.${entry}`)));
}

export function rhostFamilyOf(fact: RhostFact): RhostFamily | undefined {
  return (
    RHOST_FAMILIES.find((family) => servesDomain(family, fact.destination)) ??
    RHOST_FAMILIES.find((family) => isProviderHost(family, fact.remoteHost)) ??
    RHOST_FAMILIES.find((family) => isProviderHost(family, fact.reportingHost))
  );
}

/** The reason a provider's own rules give for this recipient, or "". */
export function rhostReason(fact: RhostFact): Reason | "" {
  if (!fact.diagnostic) return "";
  return rhostFamilyOf(fact)?.reason(fact) ?? "";
}
