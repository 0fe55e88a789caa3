// AOL: name-server failures written by its outbound relays.
import { reasonByPhrase, type RhostFamily } from "./family.js";

export const aol: RhostFamily = {
  name: "aol",
  hosts: [".mail.aol.com", ".mx.aol.com"],
  reason: (fact) =>
    reasonByPhrase(fact.diagnostic.toLowerCase(), [
      ["hostunknown", ["host or domain name not found"]],
      // a malformed reply to the MX query: the domain cannot take mail as published
      ["notaccept", ["type=mx: malformed or unexpected name server reply"]],
    ]),
};
