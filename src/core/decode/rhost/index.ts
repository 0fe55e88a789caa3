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

/**
 * The families' host entries as lookups (built once), each name to the first family in RHOST_FAMILIES order that
 * has it: a recipient is classified three lookups per name part, where a scan compared every entry three times.
 */
const BY_ENTRY = new Map<string, number>(); // an entry as written ("gmail.com", ".google.com")
const BY_DOTTED = new Map<string, number>(); // an entry with a leading dot (".gmail.com", ".google.com")
const BY_SERVED = new Map<string, number>(); // a domain an entry serves: the entry, or what follows one of its dots
const firstFamily = (map: Map<string, number>, name: string, index: number) => map.has(name) || map.set(name, index);
RHOST_FAMILIES.forEach((family, index) => {
  for (const host of family.hosts) {
    firstFamily(BY_ENTRY, host, index);
    firstFamily(BY_DOTTED, host.startsWith(".") ? host : `.${host}`, index);
    firstFamily(BY_SERVED, host, index);
    for (let dot = host.indexOf("."); dot >= 0; dot = host.indexOf(".", dot + 1)) firstFamily(BY_SERVED, host.slice(dot + 1), index);
  }
});

/** The recipient's domain is one the provider's hosts serve ("ezweb.ne.jp" for ".ezweb.ne.jp"). */
function familyServing(domain: string): RhostFamily | undefined {
  if (!domain.includes(".")) return undefined;
  const index = BY_SERVED.get(domain);
  return index === undefined ? undefined : RHOST_FAMILIES[index];
}

/** The host is one of the provider's ("mx1.mail.aol.com" for ".mail.aol.com"): the entry itself, or a suffix from a dot. */
function familyOfHost(host: string): RhostFamily | undefined {
  if (!host) return undefined;
  let first = BY_ENTRY.get(host) ?? RHOST_FAMILIES.length;
  for (let dot = host.indexOf("."); dot >= 0; dot = host.indexOf(".", dot + 1)) first = Math.min(first, BY_DOTTED.get(host.slice(dot)) ?? first);
  return RHOST_FAMILIES[first];
}

export function rhostFamilyOf(fact: RhostFact): RhostFamily | undefined {
  return familyServing(fact.destination) ?? familyOfHost(fact.remoteHost) ?? familyOfHost(fact.reportingHost);
}

/** The reason a provider's own rules give for this recipient, or "". */
export function rhostReason(fact: RhostFact): Reason | "" {
  if (!fact.diagnostic) return "";
  return rhostFamilyOf(fact)?.reason(fact) ?? "";
}
