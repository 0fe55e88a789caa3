// Which fields are the receiving side's own (src/core/verdict/receiving.ts), on the layouts real servers write.
import { describe, expect, it } from "vitest";
import type { HeaderField } from "../../src/core/types";
import { receivingSide } from "../../src/core/verdict/receiving";

const DOMAIN = "nordvik-design.example.com";
const SIGNATURE: HeaderField = ["DKIM-Signature", `v=1; a=rsa-sha256; c=relaxed/relaxed; d=${DOMAIN}; s=fj1; bh=x; b=y`];
const results = (headers: HeaderField[]): string[] => receivingSide(headers).results.map((r) => `${r.stampedBy} ${r.method}=${r.result}`);

describe("the receiving side's own authentication results", () => {
  it("takes Exim's results added at the start, not the field in its name that the sender wrote below its line", () => {
    const headers: HeaderField[] = [
      ["Authentication-Results", `mail.oakridge-law.example.net; iprev=fail smtp.remote-ip=192.0.2.87 (NXDOMAIN); spf=fail smtp.mailfrom=${DOMAIN}; dkim=none; dmarc=fail header.from=${DOMAIN}`],
      ["Received", `from [192.0.2.87] (port=51234 helo=mail.${DOMAIN}) by mail.oakridge-law.example.net with esmtp (Exim 4.96) (envelope-from <ingrid@${DOMAIN}>) id 1tZq4K-0003Xy-2v for partner@oakridge-law.example.net; Tue, 10 Nov 2026 09:30:00 +0100`],
      ["Authentication-Results", `mail.oakridge-law.example.net; dkim=pass header.d=${DOMAIN}; spf=pass smtp.mailfrom=${DOMAIN}; dmarc=pass header.from=${DOMAIN}`],
      SIGNATURE,
    ];
    expect(results(headers)).toEqual(["mail.oakridge-law.example.net iprev=fail", "mail.oakridge-law.example.net spf=fail",
      "mail.oakridge-law.example.net dkim=none", "mail.oakridge-law.example.net dmarc=fail"]);
    expect([...receivingSide(headers).names]).toEqual(["mail.oakridge-law.example.net"]);
  });

  it("takes Postfix's milter results and policyd-spf's Received-SPF (which names no server) above its line, as that server's", () => {
    const headers: HeaderField[] = [
      ["Authentication-Results", `mx.lindqvist-bygg.example.org; dmarc=fail (p=quarantine dis=none) header.from=${DOMAIN}`],
      ["Received-SPF", `Fail (mailfrom) identity=mailfrom; client-ip=192.0.2.91; helo=mail.${DOMAIN}; envelope-from=ingrid@${DOMAIN}; receiver=<UNKNOWN>`],
      ["Received", `from mail.${DOMAIN} (unknown [192.0.2.91]) by mx.lindqvist-bygg.example.org (Postfix) with ESMTP id 4C1D; Tue, 10 Nov 2026 12:30:00 +0100`],
      ["Received-SPF", `pass (mx.lindqvist-bygg.example.org: domain of ingrid@${DOMAIN} designates 192.0.2.91 as permitted sender)`],
    ];
    const side = receivingSide(headers, DOMAIN);
    expect(side.results.map((r) => [r.stampedBy, r.method, r.result, r.subject])).toEqual([
      ["mx.lindqvist-bygg.example.org", "dmarc", "fail", DOMAIN],
      ["mx.lindqvist-bygg.example.org", "spf", "fail", DOMAIN],
    ]);
  });

  it("follows the receiving side's internal hops down to the one that took the message from outside, never below", () => {
    const headers: HeaderField[] = [
      ["Received", "from localhost (localhost [127.0.0.1]) by mx.stranger.example.org (Postfix) with ESMTP id 2; Wed, 14 Oct 2026 02:31:09 +0900"],
      ["Authentication-Results", `mx.stranger.example.org; spf=softfail smtp.mailfrom=${DOMAIN}`],
      ["Received", "from relay.spammer.example.net (relay.spammer.example.net [192.0.2.10]) by mx.stranger.example.org (Postfix) with ESMTP id 1; Wed, 14 Oct 2026 02:31:08 +0900"],
      ["Authentication-Results", `relay.spammer.example.net; dkim=pass header.d=${DOMAIN}`],
      ["Received", `from [192.0.2.44] (unknown [192.0.2.44]) (Authenticated sender: ingrid@${DOMAIN}) by relay.spammer.example.net (Postfix) with ESMTPSA id 0; Wed, 14 Oct 2026 02:31:07 +0900`],
      SIGNATURE,
    ];
    expect(results(headers)).toEqual(["mx.stranger.example.org spf=softfail"]);
    expect([...receivingSide(headers).names]).toEqual(["mx.stranger.example.org"]);
  });

  it("drops a field whose dkim=pass is about a domain that signed nothing in the message", () => {
    const headers: HeaderField[] = [
      ["Authentication-Results", `mx.stranger.example.org; dkim=pass header.d=${DOMAIN}; spf=pass smtp.mailfrom=${DOMAIN}`],
      ["Received", "from pc01 (unknown [192.0.2.10]) by mx.stranger.example.org (Postfix) with ESMTP id 1; Wed, 14 Oct 2026 02:31:08 +0900"],
    ];
    expect(results(headers)).toEqual([]);
    expect(results([...headers, SIGNATURE])).toEqual(["mx.stranger.example.org dkim=pass", "mx.stranger.example.org spf=pass"]);
    // header.i of a subdomain is the signing domain's identity
    const identity: HeaderField = ["Authentication-Results", `mx.stranger.example.org; dkim=pass header.i=@mail.${DOMAIN}`];
    expect(results([identity, headers[1]!, SIGNATURE])).toEqual(["mx.stranger.example.org dkim=pass"]);
  });

  it("takes Exchange Online's unnamed results inside its own block as the server's below them, not below its edge", () => {
    const top: HeaderField = ["Received", "from BN9PR03CA0412.namprd03.prod.outlook.example.com (2001:db8:10b6:40b::17) by DM6PR04MB5510.namprd04.prod.outlook.example.com (2001:db8:10b6:18a::9) with Microsoft SMTP Server id 15.20.8158.12; Wed, 11 Nov 2026 01:10:00 +0000"];
    const edge: HeaderField = ["Received", "from mail.sender.example.net (198.51.100.40) by BN9PR03CA0412.namprd03.prod.outlook.example.com (2001:db8:10b6:40b::17) with Microsoft SMTP Server id 15.20.8158.14 via Frontend Transport; Wed, 11 Nov 2026 01:09:58 +0000"];
    const unnamed: HeaderField = ["Authentication-Results", `spf=pass (sender IP is 198.51.100.40) smtp.mailfrom=${DOMAIN}; dkim=pass (signature was verified) header.d=${DOMAIN};dmarc=pass action=none header.from=${DOMAIN};compauth=pass reason=100`];
    expect(results([top, unnamed, edge, SIGNATURE])).toEqual(["bn9pr03ca0412.namprd03.prod.outlook.example.com spf=pass",
      "bn9pr03ca0412.namprd03.prod.outlook.example.com dkim=pass", "bn9pr03ca0412.namprd03.prod.outlook.example.com dmarc=pass"]);
    expect(results([top, edge, unnamed, SIGNATURE])).toEqual([]);
    // an unnamed field above a Postfix server's line is nobody's
    const postfix: HeaderField = ["Received", "from mail.sender.example.net (mail.sender.example.net [198.51.100.40]) by mx.stranger.example.org (Postfix) with ESMTP id 1; Wed, 11 Nov 2026 01:09:58 +0000"];
    expect(results([unnamed, postfix, SIGNATURE])).toEqual([]);
  });

  it("takes a result in a server's name only above that server's own line", () => {
    const inner: HeaderField = ["Received", "from mx.stranger.example.org (mx.stranger.example.org [192.0.2.200]) by store.stranger.example.org (Postfix) with ESMTP id 9; Wed, 14 Oct 2026 02:31:09 +0900"];
    const edge: HeaderField = ["Received", "from pc01 (unknown [192.0.2.10]) by mx.stranger.example.org (Postfix) with ESMTP id 1; Wed, 14 Oct 2026 02:31:08 +0900"];
    const storeResult: HeaderField = ["Authentication-Results", `store.stranger.example.org; spf=fail smtp.mailfrom=${DOMAIN}`];
    expect(results([storeResult, inner, edge])).toEqual(["store.stranger.example.org spf=fail"]);
    expect(results([inner, storeResult, edge])).toEqual([]);
    // the organisation's name (as Received-SPF comments write it) counts anywhere inside the block
    const spf: HeaderField = ["Received-SPF", `softfail (stranger.example.org: domain of transitioning ingrid@${DOMAIN} discourages use of 192.0.2.10 as permitted sender)`];
    expect(results([inner, spf, edge])).toEqual(["stranger.example.org spf=softfail"]);
  });

  it("says whether the message came in from outside: a bounce the person's provider wrote did not", () => {
    const written: HeaderField[] = [["Received", "by out2.mailroute-hosting.example.net (Postfix) id 4F2A; Mon, 16 Nov 2026 07:01:00 +0000"]];
    expect(receivingSide(written).fromOutside).toBe(false);
    const relayed: HeaderField[] = [["Received", "from mx.trailgear.example.com (mx.trailgear.example.com [203.0.113.21]) by mx-in.mailroute-hosting.example.net (Postfix) with ESMTPS id 4F2B; Mon, 16 Nov 2026 07:01:00 +0000"]];
    expect(receivingSide(relayed).fromOutside).toBe(true);
  });
});
