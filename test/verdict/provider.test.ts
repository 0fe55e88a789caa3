// What learning keeps of the provider's sending servers from confirmed own mail and the person's own trace
// fields: relays known by name get the addresses a verified identity gives that name, and the person's own
// connection (their mail program's address) is never one of the provider's servers.
import { describe, expect, it } from "vitest";
import { learnProviderHosts } from "../../src/core/verdict/provider";
import type { HeaderField } from "../../src/core/types";
import { bounce } from "./build";

const DATE = "Tue, 13 Oct 2026 10:00:00 +0900";
const received = (value: string): HeaderField => ["Received", `${value}; ${DATE}`];

/** Thunderbird at home submits with a login: the provider's submission server is known by name only. */
const SUBMIT = received("from [192.168.1.12] (p4213-ipngn.example.ne.jp [198.51.100.150]) (Authenticated sender: sato@hinode-print.example.jp) by smtp.rental-host.example.net (Postfix) with ESMTPSA id 9A1B2C3D");
/** The same without a login recorded (the provider lets its own lines send, or writes no login). */
const SUBMIT_NO_LOGIN = received("from [192.168.1.12] (p4213-ipngn.example.ne.jp [198.51.100.150]) by smtp.rental-host.example.net (Postfix) with ESMTP id 9A1B2C3D");
/** The person's mailbox server taking mail in from the provider's outgoing server (a bounce it wrote). */
const FROM_RELAY = received("from smtp.rental-host.example.net (smtp.rental-host.example.net [203.0.113.21]) by mx.rental-host.example.net (Postfix) with ESMTPS id 4C7F21A0");

/** Own mail's originals (reports of their own) and other reports' arrival fields. */
const learn = (own: HeaderField[][], envelopes: HeaderField[][] = [], knownRelays: string[] = []) => learnProviderHosts(
  [...own.map((headers) => bounce({ original: headers })), ...envelopes.map((envelope) => bounce({ envelope }))],
  [...own, ...envelopes.map(() => null)], { addresses: ["sato@hinode-print.example.jp"], knownRelays });

describe("the provider's sending servers", () => {
  it("gives a relay known by name the address the person's mailbox server verified for it", () => {
    expect(learn([[SUBMIT]]).relayIps()).toEqual([]);
    expect(learn([[SUBMIT]], [[FROM_RELAY]]).relayIps()).toEqual(["203.0.113.21"]);
  });

  it("gives a configured name the address confirmed own mail's trace fields pair with it, wherever they stand", () => {
    const own = [
      received("from out7.mailrelay-cloud.example.com (out7.mailrelay-cloud.example.com [192.0.2.77]) by mx.client.example.org (Postfix) with ESMTPS id 77A"),
      received("from smtp.rental-host.example.net (smtp.rental-host.example.net [203.0.113.21]) by out7.mailrelay-cloud.example.com (Postfix) with ESMTPS id 66B"),
      SUBMIT,
    ];
    expect(learn([own]).relayIps()).toEqual(["203.0.113.21"]);
    expect(learn([own], [], ["out7.mailrelay-cloud.example.com"]).relayIps().sort()).toEqual(["192.0.2.77", "203.0.113.21"]);
  });

  it("never takes an address a stranger's name is paired with", () => {
    const stranger = received("from mail.client.example.org (mail.client.example.org [192.0.2.150]) by mx.rental-host.example.net (Postfix) with ESMTPS id 5D");
    expect(learn([[SUBMIT]], [[stranger]]).relayIps()).toEqual([]);
  });

  it("takes the person's mail program's address for their own line, not the provider's, login recorded or not", () => {
    for (const lowest of [SUBMIT, SUBMIT_NO_LOGIN]) {
      const provider = learn([[FROM_RELAY, lowest]]);
      expect(provider.relayIps()).toEqual(["203.0.113.21"]);
      expect(provider.includes({ names: ["smtp.rental-host.example.net"], ips: [] }, () => false)).toBe(true);
      expect(provider.includes({ names: ["p4213-ipngn.example.ne.jp"], ips: ["198.51.100.150"] }, () => false)).toBe(false);
    }
  });

  it("keeps a server's address when the lowest line is the receiver's (the provider left its own lines out)", () => {
    const exit = received("from mail.webspace-pro.example.net (mail.webspace-pro.example.net [192.0.2.50]) by relay.stoneworks-quarry.example.org (OpenSMTPD) with ESMTPS id 3e1a77c0");
    expect(learn([[exit]]).relayIps()).toEqual(["192.0.2.50"]);
  });
});
