// The provider families and how one is chosen for a recipient: the recipient's domain first (mail to
// a provider's own domain), then the remote server that answered, then the server that reported.
import type { Reason } from "../../types.js";
import { aol } from "./aol.js";
import { apple } from "./apple.js";
import { cloudflare } from "./cloudflare.js";
import { cox } from "./cox.js";
import { facebook } from "./facebook.js";
import type { RhostFact, RhostFamily } from "./family.js";
import { francePtt } from "./franceptt.js";
import { google } from "./google.js";
import { goDaddy } from "./godaddy.js";
import { gsuite } from "./gsuite.js";
import { iua } from "./iua.js";
import { kddi } from "./kddi.js";
import { messageLabs } from "./messagelabs.js";
import { microsoft } from "./microsoft.js";
import { mimecast } from "./mimecast.js";
import { nttDocomo } from "./nttdocomo.js";
import { outlook } from "./outlook.js";
import { spectrum } from "./spectrum.js";
import { tencent } from "./tencent.js";
import { yahooInc } from "./yahooinc.js";
import { zoho } from "./zoho.js";

export type { RhostFact } from "./family.js";

export const RHOST_FAMILIES: readonly RhostFamily[] = [
  aol, apple, cloudflare, cox, facebook, francePtt, goDaddy, google, gsuite, iua, kddi, messageLabs, microsoft, mimecast, nttDocomo,
  outlook, spectrum, tencent, yahooInc, zoho,
];

/** Every family's host entries, each also with a leading dot (built once). */
const HOST_ENTRIES = RHOST_FAMILIES.map((family) => ({
  family,
  entries: family.hosts.map((host) => ({ host, dotted: host.startsWith(".") ? host : `.${host}` })),
}));

/** The recipient's domain is one the provider's hosts serve ("ezweb.ne.jp" for ".ezweb.ne.jp"). */
function familyServing(domain: string): RhostFamily | undefined {
  if (!domain.includes(".")) return undefined;
  const dotted = `.${domain}`;
  return HOST_ENTRIES.find(({ entries }) => entries.some(({ host }) => host === domain || host === dotted || host.endsWith(dotted)))?.family;
}

/** The host is one of the provider's ("mx1.mail.aol.com" for ".mail.aol.com"). */
function familyOfHost(host: string): RhostFamily | undefined {
  if (!host) return undefined;
  return HOST_ENTRIES.find(({ entries }) => entries.some((entry) => host === entry.host || host.endsWith(entry.dotted)))?.family;
}

export function rhostFamilyOf(fact: RhostFact): RhostFamily | undefined {
  return familyServing(fact.destination) ?? familyOfHost(fact.remoteHost) ?? familyOfHost(fact.reportingHost);
}

/** The reason a provider's own rules give for this recipient, or "". */
export function rhostReason(fact: RhostFact): Reason | "" {
  if (!fact.diagnostic) return "";
  return rhostFamilyOf(fact)?.reason(fact) ?? "";
}
