// Exchange records an authenticated submission in its own header fields rather than in its Received line:
// X-MS-Exchange-Organization-AuthAs: Internal (the CrossTenant- pair survives leaving the tenant) with
// -AuthSource naming the server that took the message. The Received field that server wrote in Exchange's
// own form ("with Microsoft SMTP Server", "with mapi") is then the submission hop. A forger cannot make a
// foreign receiving server write that form, and the hop must stand on the trusted chain to count at all.
import type { HeaderField } from "../types.js";
import { valuesOf } from "./fields.js";
import { hostNameOf } from "./hosts.js";
import type { ReceivedHop } from "./received.js";

const PREFIXES = ["x-ms-exchange-organization-", "x-ms-exchange-crosstenant-"];
const EXCHANGE_PROTOCOL = /^(?:microsoft|mapi)$/i;

/** The servers Exchange says took the message from an internal (authenticated) sender. */
export function exchangeSubmissionHosts(headers: readonly HeaderField[]): Set<string> {
  const hosts = new Set<string>();
  for (const prefix of PREFIXES) {
    if (!valuesOf(headers, `${prefix}authas`).some((v) => /^\s*internal\b/i.test(v))) continue;
    for (const value of valuesOf(headers, `${prefix}authsource`)) {
      const host = hostNameOf(value);
      if (host) hosts.add(host);
    }
  }
  return hosts;
}

/** Marks the hops that Exchange's AuthAs/AuthSource fields show to be authenticated submissions. */
export function markExchangeSubmissions(hops: readonly ReceivedHop[], headers: readonly HeaderField[]): void {
  const hosts = exchangeSubmissionHosts(headers);
  if (hosts.size === 0) return;
  for (const hop of hops) {
    if (EXCHANGE_PROTOCOL.test(hop.protocol) && hop.by.names.some((name) => hosts.has(name))) hop.authenticated = true;
  }
}
