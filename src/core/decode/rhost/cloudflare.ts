// Cloudflare Email Routing (developers.cloudflare.com/email-routing/postmaster).
import { reasonByPhrase, type RhostFamily } from "./family.js";

export const cloudflare: RhostFamily = {
  name: "cloudflare",
  hosts: [".mx.cloudflare.net"],
  reason: (fact) =>
    reasonByPhrase(fact.diagnostic.toLowerCase(), [
      ["blocked", ["found on one or more dnsbls"]],
      ["systemerror", ["upstream error"]],
    ]),
};
