// The Received parser on the fields real MTAs write, and on HELO text a sending client chose: what is
// inside "from <HELO>" is the sender's and must not read as a login, a by-clause, a protocol or a verified name.
import { describe, expect, it } from "vitest";
import { parseReceived } from "../../src/core/verdict/received";
import { workOf } from "./work";

const POSTFIX_TAIL = "by mx.stranger.example.org (Postfix) with ESMTP id 4C1D2E3F for <k@stranger.example.org>; Wed, 14 Oct 2026 02:31:07 +0900";
/** The receiving Postfix's own line for a client that said HELO `helo` from 192.0.2.66 (no rDNS). */
const postfix = (helo: string): string => `from ${helo} (unknown [192.0.2.66]) ${POSTFIX_TAIL}`;

describe("Received fields as MTAs write them", () => {
  it("reads Postfix, Exim, qmail, Yahoo and Exchange from-clauses", () => {
    expect(parseReceived("from mail.client.example.com (mail.client.example.com [203.0.113.5]) (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)) (Authenticated sender: mika@hanada-design.example.jp) by smtp.mailhost.example.net (Postfix) with ESMTPSA id 3755244C92; Wed, 14 Oct 2026 02:31:05 +0900"))
      .toMatchObject({ by: { names: ["smtp.mailhost.example.net"] }, from: { names: ["mail.client.example.com"], ips: ["203.0.113.5"] },
        helo: "mail.client.example.com", login: "mika@hanada-design.example.jp", authenticated: true });
    expect(parseReceived("from host-1.isp.example.net ([198.51.100.140]:63123 helo=User) by server12.webhost.example.net with esmtpsa (TLS1.3) tls TLS_AES_256_GCM_SHA384 (Exim 4.96) (envelope-from <mika@hanada-design.example.jp>) id 1tX-0001-Ab for k@stranger.example.org; Wed, 14 Oct 2026 02:31:03 +0900"))
      .toMatchObject({ from: { names: ["host-1.isp.example.net"], ips: ["198.51.100.140"] }, helo: "User", protocol: "esmtpsa",
        envelopeFrom: "mika@hanada-design.example.jp", authenticated: true, login: "" });
    expect(parseReceived("from unknown (HELO ylmf-pc) (mika@hanada-design.example.jp@198.51.100.77) by smtp.mailhost.example.net with ESMTPA; 13 Oct 2026 18:12:40 -0000"))
      .toMatchObject({ from: { names: [], ips: ["198.51.100.77"] }, helo: "ylmf-pc", login: "mika@hanada-design.example.jp", authenticated: true });
    expect(parseReceived("from p225-ix6.kyoto.example.ne.jp (EHLO [192.0.2.225]) ([198.51.100.225]) by smtp420.mail.example.com (Oath Hermes SMTP Server) with ESMTPA ID 509d918b; Mon, 21 May 2018 05:27:46 +0000"))
      .toMatchObject({ from: { names: ["p225-ix6.kyoto.example.ne.jp"], ips: ["198.51.100.225"] }, helo: "[192.0.2.225]" });
    expect(parseReceived("from smtp.mailhost.example.net (203.0.113.40) by mx.stranger.example.org with Microsoft SMTP Server id 15.20.8137.21; Wed, 14 Oct 2026 17:31:07 +0000"))
      .toMatchObject({ from: { names: [], ips: ["203.0.113.40"] }, helo: "smtp.mailhost.example.net", protocol: "Microsoft" });
  });

  it("reads OpenSMTPD's clauses, which it separates with semicolons", () => {
    expect(parseReceived("from localhost (localhost [local]); by mail.selfhost.example.org (OpenSMTPD) with ESMTPA id 1e2a9eaa; for <k@stranger.example.org>; Thu, 17 Jul 2026 11:20:14 +0000 (UTC)"))
      .toMatchObject({ by: { names: ["mail.selfhost.example.org"] }, protocol: "ESMTPA", authenticated: true });
  });
});

describe("HELO text inside the receiving server's own line", () => {
  it("does not read a qmail-style login from the HELO", () => {
    const hop = parseReceived(postfix("x(mika@hanada-design.example.jp@198.51.100.77)"));
    expect(hop).toMatchObject({ login: "", authenticated: false, from: { names: [], ips: ["192.0.2.66"] }, by: { names: ["mx.stranger.example.org"] } });
  });

  it("does not read a Postfix login or Sendmail's authenticated mark from the HELO", () => {
    expect(parseReceived(postfix("x (Authenticated sender: mika@hanada-design.example.jp)"))).toMatchObject({ login: "", authenticated: false });
    expect(parseReceived(postfix("x (authenticated bits=0)"))).toMatchObject({ authenticated: false });
  });

  it("does not take a by-clause or a with keyword from the HELO", () => {
    const hop = parseReceived(postfix("x by smtp.mailhost.example.net with ESMTPSA id 1 for <k@stranger.example.org>"));
    expect(hop).toMatchObject({ by: { names: ["mx.stranger.example.org"] }, protocol: "ESMTP", authenticated: false, from: { ips: ["192.0.2.66"] } });
  });

  it("does not take the provider's identity, or a qmail or Exim form making the lead name verified, from the HELO", () => {
    expect(parseReceived(postfix("x (smtp.mailhost.example.net [203.0.113.40])")).from).toEqual({ names: [], ips: ["192.0.2.66"] });
    expect(parseReceived(postfix("smtp.mailhost.example.net (HELO x)")).from).toEqual({ names: [], ips: ["192.0.2.66"] });
    expect(parseReceived(`from smtp.mailhost.example.net (HELO x) (unknown [192.0.2.66]) ${POSTFIX_TAIL.replace("ESMTP", "esmtp")}`).from)
      .toEqual({ names: [], ips: ["192.0.2.66"] });
    expect(parseReceived(postfix("smtp.mailhost.example.net ([203.0.113.40]:25 helo=x)")).from).toEqual({ names: [], ips: ["192.0.2.66"] });
  });

  it("keeps the by-clause past an unclosed parenthesis, a semicolon and a quoted recipient", () => {
    expect(parseReceived(postfix("x(")).by.names).toEqual(["mx.stranger.example.org"]);
    expect(parseReceived(postfix("x;y")).by.names).toEqual(["mx.stranger.example.org"]);
    const quoted = "from a.example.net (a.example.net [192.0.2.5]) by mx.stranger.example.org (Postfix) with ESMTP id 1 for <\"k by evil.example.com\"@stranger.example.org>; Wed, 14 Oct 2026 02:31:07 +0900";
    expect(parseReceived(quoted).by.names).toEqual(["mx.stranger.example.org"]);
  });

  it("keeps the by-clause when comments are huge, in one linear pass", () => {
    const huge = parseReceived(postfix(`x (${"a".repeat(12_000)}) (${"(".repeat(3000)}`));
    expect(huge).toMatchObject({ by: { names: ["mx.stranger.example.org"] }, from: { ips: ["192.0.2.66"] } });
    // work (work.ts), not time: four times the unclosed parentheses and words, about four times the steps
    const work = (n: number): number => workOf(() => parseReceived(postfix(`${"(".repeat(n)}${"x ".repeat(n / 2)}`))).work;
    const [small, large] = [work(2000), work(8000)];
    expect(large / small).toBeLessThan(4 * 1.3);
    expect(parseReceived(postfix(`${"(".repeat(8000)}`)).by.names).toEqual(["mx.stranger.example.org"]);
  });
});
