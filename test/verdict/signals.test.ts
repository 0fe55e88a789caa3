// Unit tests of the evidence signals and the verdict rules, on reports built by hand.
import { describe, expect, it } from "vitest";
import type { AccountProfile, BounceReport, HeaderField, Judgement } from "../../src/core/types";
import { SentLog } from "../../src/core/sentlog";
import { assessMailbox } from "../../src/core/verdict/assess";
import { sameSite } from "../../src/core/verdict/hosts";
import { bounce } from "./build";
import { countReads, workOf } from "./work";

const ME = "mika@hanada-design.example.jp";
const PROFILE: AccountProfile = { addresses: [ME, "info@hanada-design.example.jp"] };
const HOUR = 3600 * 1000;

/** The person's provider: submission and outgoing server. */
const SUBMIT = (login: string, client = "198.51.100.93"): HeaderField =>
  ["Received", `from User (unknown [${client}]) (Authenticated sender: ${login}) by smtp.mailhost.example.net (Postfix) with ESMTPA id 3755244C92 for <k@stranger.example.org>; Wed, 14 Oct 2026 02:31:05 +0900 (JST)`];
const RELAY_TO_REMOTE: HeaderField =
  ["Received", "from smtp.mailhost.example.net (smtp.mailhost.example.net [203.0.113.40]) by mx.stranger.example.org (Postfix) with ESMTPS id AA11 for <k@stranger.example.org>; Wed, 14 Oct 2026 02:31:07 +0900"];
const BOTNET_TO_REMOTE = (helo = "hanada-design.example.jp", ip = "192.0.2.66"): HeaderField =>
  ["Received", `from ${helo} (unknown [${ip}]) by mx.stranger.example.org (Postfix) with ESMTP id BB22 for <k@stranger.example.org>; Wed, 14 Oct 2026 02:31:07 +0900`];

function original(extra: HeaderField[], id = "20261014023105271233@hanada-design.example.jp"): HeaderField[] {
  return [...extra,
    ["From", `Mika <${ME}>`], ["To", "<k@stranger.example.org>"], ["Subject", "Invoice"],
    ["Date", "Wed, 14 Oct 2026 02:31:05 +0900"], ["Message-ID", `<${id}>`]];
}

/** The person's Sent folder: two Thunderbird messages. */
function sentLog(): SentLog {
  const log = new SentLog();
  log.add({ messageId: "4a43dfa9-bf07-42b9-a171-52e8aaa422c0@hanada-design.example.jp", date: Date.parse("2026-10-01T01:00:00Z"),
    recipients: ["Friend <friend@client.example.com>"], from: ME });
  log.add({ messageId: "c2392ea9-b833-43e5-99cb-6f78142a36d1@hanada-design.example.jp", date: Date.parse("2026-10-05T01:00:00Z"),
    recipients: ["Y.Tanaka@Tanaka-Shoji.example.co.jp"], from: ME });
  return log;
}

/** An own-mail bounce that shows the provider's path (submission, then the relay to the remote server). */
const OWN_BOUNCE = bounce({
  original: original([RELAY_TO_REMOTE, SUBMIT(ME, "203.0.113.9")], "4a43dfa9-bf07-42b9-a171-52e8aaa422c0@hanada-design.example.jp"),
  recipients: ["friend@client.example.com"],
  date: "2026-10-01T01:05:00.000Z",
});

function judge(report: BounceReport, options: { learn?: boolean; sent?: SentLog; profile?: AccountProfile } = {}): Judgement {
  const reports = options.learn === false ? [report] : [OWN_BOUNCE, report];
  const assessment = assessMailbox(reports, options.sent ?? sentLog(), options.profile ?? PROFILE);
  return assessment.judgements[reports.length - 1]!;
}

const signals = (j: Judgement): string[] => j.evidence.map((e) => e.signal);

describe("Sent log match (own mail)", () => {
  it("matches the original's Message-ID", () => {
    expect(assessMailbox([OWN_BOUNCE], sentLog(), PROFILE).judgements[0]).toMatchObject({ verdict: "own-mail", risk: 0 });
  });

  it("matches a bounce without an original by recipient (case, display name) within the queue lifetime", () => {
    const report = bounce({ original: null, recipients: ["y.tanaka@tanaka-shoji.example.co.jp"], date: "2026-10-07T01:00:00.000Z" });
    expect(judge(report)).toMatchObject({ verdict: "own-mail", evidence: [{ signal: "sent_recipient" }] });
  });

  it("matches by the Original-Recipient the report gives when the final recipient is an expanded alias", () => {
    const report = bounce({ recipients: ["y.tanaka@mailstore.tanaka-shoji.example.co.jp"], date: "2026-10-05T03:00:00.000Z" });
    expect(judge(report, { learn: false }).verdict).not.toBe("own-mail");
    report.recipients[0]!.originalRecipient = "Y.Tanaka@Tanaka-Shoji.example.co.jp";
    const j = judge(report, { learn: false });
    expect(j.verdict).toBe("own-mail");
    expect(signals(j)).toContain("sent_recipient");
  });

  it("does not match by recipient after more than seven days (a delay notice within them does)", () => {
    const late = bounce({ original: null, recipients: ["y.tanaka@tanaka-shoji.example.co.jp"], date: "2026-10-12T02:00:00.000Z" });
    expect(judge(late).verdict).toBe("undetermined");
    const delay = bounce({ original: null, kind: "delayed", recipients: ["y.tanaka@tanaka-shoji.example.co.jp"], date: "2026-10-09T01:00:00.000Z" });
    expect(judge(delay).verdict).toBe("own-mail");
  });

  it("matches a bounce without an original by the Message-ID it refers to", () => {
    const report = bounce({ original: null, recipients: ["someone@else.example.org"],
      envelope: [["References", "<4a43dfa9-bf07-42b9-a171-52e8aaa422c0@hanada-design.example.jp>"]] });
    expect(judge(report).evidence[0]!.signal).toBe("sent_message_id");
  });

  it("does not take a hijacker's mail to a known contact for own mail when the original's date differs", () => {
    const report = bounce({
      original: original([SUBMIT(ME)], "spam1@hanada-design.example.jp").map(([k, v]) =>
        k === "To" ? ["To", "<y.tanaka@tanaka-shoji.example.co.jp>"] as HeaderField : k === "Date" ? ["Date", "Tue, 6 Oct 2026 03:00:00 +0900"] as HeaderField : [k, v]),
      recipients: ["y.tanaka@tanaka-shoji.example.co.jp"], date: "2026-10-06T00:00:00.000Z",
    });
    expect(judge(report).verdict).toBe("compromise");
  });
});

describe("authenticated submission", () => {
  it("is decisive when a trusted Postfix field names the person's login", () => {
    const j = judge(bounce({ original: original([SUBMIT(ME)]), reportingMta: "smtp.mailhost.example.net", recipients: ["k@stranger.example.org"] }));
    expect(j.verdict).toBe("compromise");
    expect(j.evidence[0]).toEqual({ signal: "auth_submission_own", weight: 70, params: [ME, "smtp.mailhost.example.net"] });
    expect(j.risk).toBeGreaterThanOrEqual(60);
  });

  it("counts an alias of the person as their login, and a stranger's login only a little", () => {
    expect(signals(judge(bounce({ original: original([SUBMIT("info@hanada-design.example.jp")]) })))).toContain("auth_submission_own");
    const other = judge(bounce({ original: original([SUBMIT("neighbour@other-shop.example.com")]) }));
    expect(signals(other)).toContain("auth_submission_other_login");
    expect(other.verdict).not.toBe("compromise");
  });

  it("reads qmail SMTP-AUTH, Exim esmtpsa with envelope-from, Sendmail and Gmail stamps", () => {
    const stamps: HeaderField[] = [
      ["Received", `from unknown (HELO ylmf-pc) (${ME}@198.51.100.77) by smtp.mailhost.example.net with ESMTPA; 13 Oct 2026 18:12:40 -0000`],
      ["Received", `from [198.51.100.140] (port=63123 helo=User) by smtp.mailhost.example.net with esmtpsa (TLS1.2) tls TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 (Exim 4.97.1) (envelope-from <${ME}>) id 1hb4YN-0005JA-Ps for k@stranger.example.org; Sun, 18 Oct 2026 03:14:09 +0200`],
      ["Received", "from [127.0.0.1] (p1-2.example.net [198.51.100.5]) (authenticated bits=0) by smtp.mailhost.example.net (8.17.1/8.17.1) with ESMTPSA id 49E1; Wed, 14 Oct 2026 02:31:05 +0900"],
      ["Received", "from [127.0.0.1] (customer-198-51-100-189.isp.example.net. [198.51.100.189]) by smtp.mailhost.example.net with ESMTPSA id d9443c01a7336; Tue, 27 Oct 2026 23:20:37 -0700 (PDT)"],
    ];
    const found = stamps.map((stamp) => judge(bounce({ original: original([stamp]) })));
    expect(found.map((j) => j.verdict)).toEqual(["compromise", "compromise", "compromise", "compromise"]);
    expect(found.map((j) => j.evidence[0]!.signal)).toEqual(["auth_submission_own", "auth_submission_own", "auth_submission", "auth_submission"]);
  });

  it("weighs a login at a server that is not the person's provider low", () => {
    const foreign: HeaderField = ["Received", `from [192.0.2.9] (unknown [192.0.2.9]) (Authenticated sender: ${ME}) by vps.spammer.example.com (Postfix) with ESMTPSA id 1; Wed, 14 Oct 2026 02:31:05 +0900`];
    const j = judge(bounce({ original: original([foreign]) }));
    expect(signals(j)).toContain("auth_submission_foreign_host");
    expect(j.verdict).not.toBe("compromise");
  });

  it("gives a login stamp at a host not known as the provider no weight, and an unverified signature does not make up for it", () => {
    const elsewhere: HeaderField = ["Received", "from [127.0.0.1] (customer-198-51-100-189.isp.example.net [198.51.100.189]) by smtp.otherhost.example.com with ESMTPSA id d9443c01a7336; Wed, 14 Oct 2026 02:31:05 +0900"];
    const toRemote: HeaderField = ["Received", "from smtp.otherhost.example.com (smtp.otherhost.example.com [192.0.2.80]) by mx.stranger.example.org (Postfix) with ESMTPS id CC33 for <k@stranger.example.org>; Wed, 14 Oct 2026 02:31:07 +0900"];
    const unsigned = judge(bounce({ original: original([toRemote, elsewhere]) }), { learn: false });
    expect(unsigned.evidence.find((e) => e.signal === "auth_submission_unknown_host")?.weight).toBe(0);
    expect(unsigned.evidence.find((e) => e.signal === "chain_entry_unrelated")?.params).toEqual(["smtp.otherhost.example.com"]);
    expect(unsigned.verdict).toBe("spoofed");
    const dkim: HeaderField = ["DKIM-Signature", "v=1; a=rsa-sha256; d=hanada-design.example.jp; s=s1; h=from:to; bh=x; b=y"];
    const signed = judge(bounce({ original: original([toRemote, elsewhere, dkim]) }), { learn: false });
    expect(signals(signed)).toContain("dkim_unverified_claim");
    expect(signed.verdict).not.toBe("compromise");
    // the recipient's own server verified the signature: their provider's, whoever logged in
    const verified: HeaderField = ["Authentication-Results", "mx.stranger.example.org; dkim=pass header.d=hanada-design.example.jp header.s=s1"];
    expect(judge(bounce({ original: original([verified, toRemote, elsewhere, dkim]) }), { learn: false }).verdict).toBe("compromise");
  });

  it("counts a stamp at the server that wrote the bounce and handed it to the person from inside their provider", () => {
    const gmail: HeaderField = ["Received", "from [127.0.0.1] (customer-203-0-113-141.isp.example.net. [203.0.113.141]) by smtp.gmail.example.com with ESMTPSA id a640c23a62f3a; Wed, 14 Oct 2026 02:31:05 +0900"];
    const inside: HeaderField[] = [["Received", "by 2001:db8:9a4:52c1::10 with SMTP id Xq2Wm7Lp4T; Wed, 14 Oct 2026 02:31:09 +0900"],
      ["Received", "from mail-sor-f69.google.example.com (mail-sor-f69.google.example.com. [198.51.100.69]) by mx.google.example.com with ESMTPS id 5b1f17b1; Wed, 14 Oct 2026 02:31:09 +0900"]];
    const written = judge(bounce({ original: original([gmail]), envelope: inside }), { learn: false });
    expect(written.evidence[0]).toMatchObject({ signal: "auth_submission", params: ["smtp.gmail.example.com"] });
    expect(written.verdict).toBe("compromise");
    // the same bounce coming in from another organisation's server says nothing about who runs smtp.gmail
    const outside: HeaderField[] = [inside[0]!, ["Received", "from mx.stranger.example.org (mx.stranger.example.org [192.0.2.90]) by mx.google.example.com with ESMTPS id 5b1f17b2; Wed, 14 Oct 2026 02:31:09 +0900"]];
    expect(judge(bounce({ original: original([gmail]), envelope: outside }), { learn: false }).verdict).not.toBe("compromise");
  });

  it("takes Exim's envelope sender for the login only at the person's provider (a foreign Exim writes the forged sender too)", () => {
    const foreignExim: HeaderField = ["Received", `from [198.51.100.77] (port=52144 helo=User) by server12.webhost-cheap.example.net with esmtpsa (TLS1.3) tls TLS_AES_256_GCM_SHA384 (Exim 4.97.1) (envelope-from <${ME}>) id 1tX-0001-Ab for k@stranger.example.org; Wed, 14 Oct 2026 02:31:03 +0900`];
    const toRemote: HeaderField = ["Received", "from server12.webhost-cheap.example.net (server12.webhost-cheap.example.net [203.0.113.120]) by mx.stranger.example.org (Postfix) with ESMTPS id DD44 for <k@stranger.example.org>; Wed, 14 Oct 2026 02:31:05 +0900"];
    const spfFail: HeaderField = ["Authentication-Results", "mx.stranger.example.org; spf=fail smtp.mailfrom=mika@hanada-design.example.jp; dkim=none; dmarc=fail header.from=hanada-design.example.jp"];
    const j = judge(bounce({ original: original([toRemote, spfFail, foreignExim]) }), { learn: false });
    expect(signals(j)).not.toContain("auth_submission_own");
    expect(signals(j)).toContain("auth_submission_unknown_host");
    expect(j.verdict).toBe("spoofed");
  });

  it("reads a webmail's HTTP hop as a submission, with the login SquirrelMail names", () => {
    const local: HeaderField = ["Received", "from localhost (localhost [127.0.0.1]) by smtp.mailhost.example.net (Postfix) with ESMTP id 4F1A for <k@stranger.example.org>; Wed, 14 Oct 2026 02:31:05 +0900"];
    const squirrel: HeaderField = ["Received", `from 198.51.100.50 (SquirrelMail authenticated user ${ME}) by webmail.mailhost.example.net with HTTP; Wed, 14 Oct 2026 02:31:04 +0900`];
    const roundcube: HeaderField = ["Received", "from [198.51.100.50] by webmail.mailhost.example.net with HTTP (HTTP/1.1 POST); Wed, 14 Oct 2026 02:31:04 +0900"];
    const named = judge(bounce({ original: original([local, squirrel]) }));
    expect(named.evidence[0]).toMatchObject({ signal: "auth_submission_own", params: [ME, "webmail.mailhost.example.net"] });
    const unnamed = judge(bounce({ original: original([local, roundcube]) }));
    expect(unnamed.verdict).toBe("compromise");
    expect(unnamed.evidence[0]!.signal).toBe("auth_submission");
    const yahoo: HeaderField = ["Received", "from [198.51.100.50] by web101.mailhost.example.net via HTTP; Wed, 14 Oct 2026 02:31:04 +0900"];
    expect(judge(bounce({ original: original([local, yahoo]) })).evidence[0]!.signal).toBe("auth_submission");
  });

  it("reads Exchange's AuthAs: Internal as a submission at the AuthSource server, only on that server's own Exchange-form hop", () => {
    const top: HeaderField = ["Received", "from BN9PR03CA0412.namprd03.prod.outlook.example.com (2001:db8:10b6:40b::17) by DM6PR04MB5510.namprd04.prod.outlook.example.com (2001:db8:10b6:18a::9) with Microsoft SMTP Server id 15.20.8158.12"];
    const entry: HeaderField = ["Received", "from [198.51.100.57] (198.51.100.57) by BN9PR03CA0412.namprd03.prod.outlook.example.com (2001:db8:10b6:40b::17) with Microsoft SMTP Server id 15.20.8158.14"];
    const stamps: HeaderField[] = [["X-MS-Exchange-Organization-AuthAs", "Internal"],
      ["X-MS-Exchange-Organization-AuthSource", "BN9PR03CA0412.namprd03.prod.outlook.example.com"]];
    // the tenant's own mailbox server delivered the NDR: a sibling in another numbered server group
    const envelope: HeaderField[] = [["Received", "from DM6PR04MB5510.namprd04.prod.outlook.example.com (2001:db8:10b6:18a::9) by CH2PR04MB6790.namprd04.prod.outlook.example.com with Microsoft SMTP Server id 15.20.8158.17 via Mailbox Transport"]];
    const j = judge(bounce({ original: original([top, entry, ...stamps]), envelope }), { learn: false });
    expect(j.evidence[0]).toMatchObject({ signal: "auth_submission", params: ["bn9pr03ca0412.namprd03.prod.outlook.example.com"] });
    expect(signals(j)).not.toContain("chain_entry_unrelated");
    expect(j.verdict).toBe("compromise");
    // an anonymous submission, or the stamp naming a server whose hop is not Exchange's, is no submission
    const anonymous = judge(bounce({ original: original([top, entry, ["X-MS-Exchange-Organization-AuthAs", "Anonymous"], stamps[1]!]), envelope }), { learn: false });
    expect(signals(anonymous)).not.toContain("auth_submission");
    const postfixTop: HeaderField = ["Received", "from fenwick.example.com (unknown [192.0.2.177]) by mx.stranger.example.org (Postfix) with ESMTP id 1"];
    const forged = judge(bounce({ original: original([postfixTop, ["X-MS-Exchange-Organization-AuthAs", "Internal"],
      ["X-MS-Exchange-Organization-AuthSource", "mx.stranger.example.org"]]) }), { learn: false });
    expect(signals(forged).some((s) => s.startsWith("auth_submission"))).toBe(false);
  });

  it("reads Exchange's mapi hop (Outlook, Outlook on the web) as a submission", () => {
    const mapi: HeaderField = ["Received", "from CH2PR04MB6790.namprd04.prod.outlook.example.com ([2001:db8:10b6:c02:834::34]) by CH2PR04MB6790.namprd04.prod.outlook.example.com ([2001:db8:10b6:282:d78::12%4]) with mapi id 15.20.8158.017"];
    expect(signals(judge(bounce({ original: original([mapi]) }), { learn: false }))).toContain("auth_submission_unknown_host");
  });

  it("takes a submission at the person's own mailbox server for their provider's before their own mail shows it (cPanel)", () => {
    const exim: HeaderField = ["Received", `from [203.0.113.88] (port=51877 helo=User) by server143.hostingco.example.net with esmtpsa (TLS1.2) tls TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 (Exim 4.97.1) (envelope-from <${ME}>) id 1tQ-0001-Ab for k@stranger.example.org; Wed, 14 Oct 2026 02:31:03 +0900`];
    const toRemote: HeaderField = ["Received", "from server143.hostingco.example.net (server143.hostingco.example.net [192.0.2.143]) by mx.stranger.example.org (Postfix) with ESMTPS id DD44 for <k@stranger.example.org>; Wed, 14 Oct 2026 02:31:05 +0900"];
    const delivered = (host: string): HeaderField[] => [["Received", `from mx.stranger.example.org ([192.0.2.61]:51234 helo=mx.stranger.example.org) by ${host} with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384 (Exim 4.97.1) (envelope-from <>) id 1tR-0002-Cd for ${ME}; Wed, 14 Oct 2026 02:31:09 +0900`]];
    const home = judge(bounce({ original: original([toRemote, exim]), envelope: delivered("server143.hostingco.example.net") }), { learn: false });
    expect(home.evidence[0]).toMatchObject({ signal: "auth_submission_own", params: [ME, "server143.hostingco.example.net"] });
    expect(home.verdict).toBe("compromise");
    // delivered by another provider: the Exim is foreign, its envelope sender no login
    const elsewhere = judge(bounce({ original: original([toRemote, exim]), envelope: delivered("mx.nordhost.example.net") }), { learn: false });
    expect(signals(elsewhere)).toContain("auth_submission_unknown_host");
    expect(elsewhere.verdict).not.toBe("compromise");
  });

  it("ignores a forged Authenticated-sender field below a broken link", () => {
    const j = judge(bounce({ original: original([BOTNET_TO_REMOTE(), SUBMIT(ME)]), reportingMta: "mx.stranger.example.org" }));
    expect(signals(j)).not.toContain("auth_submission_own");
    expect(j.evidence.find((e) => e.signal === "chain_broken")?.params).toEqual(["1", "192.0.2.66"]);
    expect(j.verdict).toBe("spoofed");
  });

  it("ignores forged Received fields that continue below a broken link", () => {
    const forged: HeaderField[] = [
      ["Received", "from smtp.mailhost.example.net (smtp.mailhost.example.net [203.0.113.40]) by relay.elsewhere.example.com with ESMTP id 7"],
      SUBMIT(ME),
    ];
    const j = judge(bounce({ original: original([BOTNET_TO_REMOTE("mail.elsewhere.example.com"), ...forged]) }));
    expect(j.verdict).toBe("spoofed");
    expect(signals(j)).not.toContain("chain_entry_provider");
  });
});

describe("trust chain", () => {
  it("follows the provider's relay down to the submission and credits the provider path", () => {
    const j = judge(bounce({ original: original([RELAY_TO_REMOTE, SUBMIT(ME)]), reportingMta: "mx.stranger.example.org" }));
    expect(signals(j).slice(0, 2)).toEqual(["auth_submission_own", "chain_entry_provider"]);
  });

  it("links an IP-only sending host to a named receiving host through names the person's server verified", () => {
    const exchangeTop: HeaderField = ["Received", "from relay.isp-out.example.net (192.0.2.170) by mail01.stranger.example.org (192.0.2.171) with Microsoft SMTP Server id 14.3.498.0; Wed, 14 Oct 2026 07:14:42 +0000"];
    const below: HeaderField = ["Received", `from [198.51.100.93] (unknown [198.51.100.93]) (Authenticated sender: ${ME}) by relay.isp-out.example.net (Postfix) with ESMTPA id 1`];
    const envelope: HeaderField[] = [["Received", "from relay.isp-out.example.net (relay.isp-out.example.net [192.0.2.170]) by mx.hanada-design.example.jp (Postfix) with ESMTPS id 9"]];
    const withoutMap = judge(bounce({ original: original([exchangeTop, below]) }), { learn: false });
    const withMap = judge(bounce({ original: original([exchangeTop, below]), envelope }), { learn: false });
    expect(signals(withoutMap)).toContain("chain_broken");
    expect(signals(withMap)).not.toContain("chain_broken");
  });

  it("takes qmail's leading name for verified when it leaves out the HELO (it equals the rDNS name), not Exchange's", () => {
    const qmail: HeaderField = ["Received", "from smtp.mailhost.example.net (203.0.113.40) by mx.stranger.example.org with ESMTPS; 14 Oct 2026 17:31:07 -0000"];
    expect(signals(judge(bounce({ original: original([qmail, SUBMIT(ME)]) }), { learn: false }))).not.toContain("chain_broken");
    const exchange: HeaderField = ["Received", "from smtp.mailhost.example.net (203.0.113.40) by mx.stranger.example.org with Microsoft SMTP Server id 15.20.8137.21; Wed, 14 Oct 2026 17:31:07 +0000"];
    expect(signals(judge(bounce({ original: original([exchange, SUBMIT(ME)]) }), { learn: false }))).toContain("chain_broken");
  });

  it("follows hops inside the receiving organisation that name one host differently (Office 365)", () => {
    const fields: HeaderField[] = [
      ["Received", "from BN8NAM04FT54.eop-nam04.prod.protection.outlook.example.com (2001:db8:4:10::2f) by BN8PR04MB2583.namprd04.prod.outlook.example.com with Microsoft SMTP Server id 15.20.8137.21"],
      ["Received", "from smtp.mailhost.example.net (203.0.113.40) by BN8NAM04FT54.mail.protection.outlook.example.com (2001:db8:4:11::8) with Microsoft SMTP Server id 15.20.8137.21 via Frontend Transport"],
      SUBMIT(ME),
    ];
    const j = judge(bounce({ original: original(fields) }));
    expect(signals(j)).toEqual(expect.arrayContaining(["auth_submission_own", "chain_entry_provider"]));
    const outsider: HeaderField = ["Received", "from mail.spammer.example.com (2001:db8:4:10::2f) by BN8PR04MB2583.namprd04.prod.outlook.example.com with Microsoft SMTP Server id 15.20.8137.21"];
    expect(signals(judge(bounce({ original: original([outsider, ...fields.slice(1)]) })))).toContain("chain_broken");
  });

  it("continues through a local re-injection on the same machine, and reads a bare [ip] peer address", () => {
    const fields: HeaderField[] = [
      ["Received", "from smtp.mailhost.example.net [203.0.113.40] by mx.stranger.example.org (SMTPD-8.22) id 00000000"],
      ["Received", "by smtp.mailhost.example.net (Postfix, from userid 2202) id AAAAAAAACCCCC"],
      ["Received", "from localhost.localdomain (localhost.localdomain [127.0.0.1]) by mail.mailhost.example.net (Postfix) with ESMTP id 2"],
      SUBMIT(ME),
    ];
    const j = judge(bounce({ original: original(fields) }));
    expect(signals(j)).toEqual(expect.arrayContaining(["auth_submission_own", "chain_entry_provider"]));
    expect(signals(j)).not.toContain("chain_broken");
  });

  it("passes over local hand-offs: loopback hops and from-less stamps at the top", () => {
    const fields: HeaderField[] = [
      ["Received", "(qmail 93732 invoked from network); 13 Oct 2026 18:12:40 -0000"],
      ["Received", "by 2001:db8:6a21:1dfe::a86 with SMTP id k7FmJRB3pHkn; Tue, 27 Oct 2026 23:20:38 -0700 (PDT)"],
      ["Received", "from localhost (localhost [127.0.0.1]) by smtp.mailhost.example.net (Postfix) with ESMTP id 2"],
      SUBMIT(ME),
    ];
    expect(judge(bounce({ original: original(fields) })).evidence[0]!.signal).toBe("auth_submission_own");
  });
});

describe("host siblings", () => {
  it("matches hosts under one parent and in numbered server groups of one organisation, not place names of a pool", () => {
    expect(sameSite("mail-sor-f41.google.example.com", "mail-sor-f42.google.example.com")).toBe(true);
    expect(sameSite("sn4pr05ca4786.namprd05.prod.outlook.example.com", "by5pr12mb4131.namprd12.prod.outlook.example.com")).toBe(true);
    expect(sameSite("sn4pr05ca4786.namprd05.prod.outlook.example.com", "mail-bn8nam12on2101.outbound.protection.outlook.example.com")).toBe(false);
    expect(sameSite("p1234-ipngn.tokyo.isp.example.ne.jp", "p5678-ipngn.osaka.isp.example.ne.jp")).toBe(false);
    expect(sameSite("smtp.mailhost.example.net", "smtp.otherhost.example.net")).toBe(false);
  });
});

describe("Authentication-Results", () => {
  const ar = (id: string, results: string): HeaderField => ["Authentication-Results", `${id}; ${results}`];

  it("believes the receiving server's results above its own Received line, never below it (the sender's, which Exim keeps)", () => {
    const passes = ar("mx.stranger.example.org", "dkim=pass header.d=hanada-design.example.jp header.s=rs1; spf=pass smtp.mailfrom=mika@hanada-design.example.jp");
    const signature: HeaderField = ["DKIM-Signature", "v=1; a=rsa-sha256; d=hanada-design.example.jp; s=rs1; bh=x; b=y"];
    const above = judge(bounce({ original: original([passes, BOTNET_TO_REMOTE("mail.example.net", "203.0.113.5"), signature]) }));
    expect(signals(above)).toEqual(expect.arrayContaining(["ar_dkim_pass", "ar_spf_pass"]));
    expect(above.verdict).toBe("compromise");
    const below = judge(bounce({ original: original([BOTNET_TO_REMOTE("mail.example.net", "203.0.113.5"), ["X-Spam", "yes"], passes, signature]) }));
    expect(signals(below).filter((s) => s.startsWith("ar_"))).toEqual([]);
    expect(below.verdict).toBe("spoofed");
  });

  it("takes a dkim=pass for a domain that signed nothing in the message for forged, with the rest of its field", () => {
    const passes = ar("mx.stranger.example.org", "dkim=pass header.d=hanada-design.example.jp; spf=pass smtp.mailfrom=mika@hanada-design.example.jp");
    const j = judge(bounce({ original: original([passes, BOTNET_TO_REMOTE("mail.example.net", "203.0.113.5")]) }));
    expect(signals(j).filter((s) => s.startsWith("ar_"))).toEqual([]);
    expect(j.verdict).toBe("spoofed");
  });

  it("never lets a pass decide against the same server's own SPF or DMARC failure", () => {
    const signature: HeaderField = ["DKIM-Signature", "v=1; a=rsa-sha256; d=hanada-design.example.jp; s=rs1; bh=x; b=y"];
    const mixed = ar("mx.stranger.example.org", "spf=fail smtp.mailfrom=hanada-design.example.jp; dkim=pass header.d=hanada-design.example.jp; dmarc=fail header.from=hanada-design.example.jp");
    const j = judge(bounce({ original: original([mixed, BOTNET_TO_REMOTE("mail.example.net", "203.0.113.5"), signature]) }));
    expect(signals(j)).toEqual(expect.arrayContaining(["ar_dkim_pass", "ar_spf_fail", "ar_dmarc_fail"]));
    expect(j.verdict).not.toBe("compromise");
    // another receiving server's failure (an internal hop re-checking SPF) does not take the decision away
    const inner: HeaderField = ["Received", "from mx.stranger.example.org (mx.stranger.example.org [192.0.2.200]) by store.stranger.example.org (Postfix) with ESMTP id 9; Wed, 14 Oct 2026 02:31:08 +0900"];
    const split = judge(bounce({ original: original([ar("store.stranger.example.org", "spf=fail smtp.mailfrom=hanada-design.example.jp"), inner,
      ar("mx.stranger.example.org", "dkim=pass header.d=hanada-design.example.jp"), BOTNET_TO_REMOTE("mail.example.net", "203.0.113.5"), signature]) }));
    expect(split.verdict).toBe("compromise");
  });

  it("decides on the receiving server's SPF pass for the person's domain alone, its authorised host not being unrelated", () => {
    const fromRelay: HeaderField = ["Received", "from out2.unknownhost.example.com (out2.unknownhost.example.com [198.51.100.33]) by mx.stranger.example.org (Postfix) with ESMTPS id EE55 for <k@stranger.example.org>; Wed, 14 Oct 2026 02:31:07 +0900"];
    const j = judge(bounce({ original: original([ar("mx.stranger.example.org", "spf=pass smtp.mailfrom=mika@hanada-design.example.jp; dkim=none"), fromRelay]) }), { learn: false });
    expect(j.verdict).toBe("compromise");
    expect(signals(j)).not.toContain("chain_entry_unrelated");
  });

  it("ignores results the sender wrote into the original (another authserv-id)", () => {
    const forged = ar("smtp.mailhost.example.net", "dkim=pass header.d=hanada-design.example.jp; spf=pass smtp.mailfrom=hanada-design.example.jp");
    const j = judge(bounce({ original: original([BOTNET_TO_REMOTE(), forged]) }));
    expect(signals(j).filter((s) => s.startsWith("ar_"))).toEqual([]);
    expect(j.verdict).toBe("spoofed");
  });

  it("ignores a field without an authserv-id, and results about other domains", () => {
    const fields = [BOTNET_TO_REMOTE(), ["Authentication-Results", "spf=pass (sender IP is 192.0.2.66) smtp.mailfrom=hanada-design.example.jp"] as HeaderField,
      ar("mx.stranger.example.org", "spf=fail smtp.mailfrom=other.example.com")];
    expect(signals(judge(bounce({ original: original(fields) }))).filter((s) => s.startsWith("ar_"))).toEqual([]);
  });

  it("reads SPF failures from the receiving organisation's Received-SPF and fails a forged DKIM signature", () => {
    const fields: HeaderField[] = [
      ["Received-SPF", "SoftFail (stranger.example.org: domain of transitioning mika@hanada-design.example.jp discourages use of 192.0.2.66 as permitted sender)"],
      ar("mx.stranger.example.org", "dkim=fail (body hash did not verify) header.d=hanada-design.example.jp"),
      BOTNET_TO_REMOTE(),
      ["DKIM-Signature", "v=1; a=rsa-sha256; d=hanada-design.example.jp; s=rs1; b=AAAA"],
    ];
    const j = judge(bounce({ original: original(fields) }));
    expect(signals(j)).toEqual(expect.arrayContaining(["ar_spf_fail", "ar_dkim_fail"]));
    expect(signals(j)).not.toContain("dkim_own_domain");
    expect(j.verdict).toBe("spoofed");
  });

  it("does not trust a positive result from a mere ancestor domain of the receiving server", () => {
    const fields = [BOTNET_TO_REMOTE(), ar("stranger.example.org", "dkim=pass header.d=hanada-design.example.jp")];
    expect(signals(judge(bounce({ original: original(fields) })))).not.toContain("ar_dkim_pass");
  });
});

describe("DKIM signatures, path and Message-ID form", () => {
  it("takes a DKIM signature of the person's domain as compromise evidence", () => {
    const fields: HeaderField[] = [["DKIM-Signature", "v=1; a=rsa-sha256; c=relaxed/relaxed; d=hanada-design.example.jp; s=rs1; bh=x; b=y"], RELAY_TO_REMOTE];
    const j = judge(bounce({ original: original(fields) }));
    expect(j.verdict).toBe("compromise");
    expect(signals(j)).toEqual(expect.arrayContaining(["dkim_own_domain", "chain_entry_provider"]));
  });

  it("does not take a parent domain's signature for the person's", () => {
    const fields: HeaderField[] = [["DKIM-Signature", "v=1; d=example.jp; s=s1; b=y"], BOTNET_TO_REMOTE("mx.example.jp")];
    expect(signals(judge(bounce({ original: original(fields) })))).not.toContain("dkim_own_domain");
  });

  it("takes the provider's signing name for the person's domain (Workspace's gappssmtp tenant key) as their provider's signature", () => {
    const signed = (d: string): HeaderField[] => [["DKIM-Signature", `v=1; a=rsa-sha256; d=${d}; s=20230601; bh=x; b=y`],
      ["Received", "from [127.0.0.1] (customer-203-0-113-141.isp.example.net [203.0.113.141]) by smtp.gmail.example.com with ESMTPA id a640c23a62f3a"]];
    // Google wrote the bounce and delivered it to the person from inside: smtp.gmail is their provider's
    const envelope: HeaderField[] = [["Received", "from mail-sor-f69.google.example.com (mail-sor-f69.google.example.com. [198.51.100.69]) by mx.google.example.com with ESMTPS id 5b1f17b1; Wed, 14 Oct 2026 02:31:09 +0900"]];
    const tenant = judge(bounce({ original: original(signed("hanada-design-example-jp.20230601.gappssmtp.example.com")), envelope }), { learn: false });
    expect(signals(tenant)).toEqual(expect.arrayContaining(["dkim_provider_domain", "auth_submission"]));
    const lookalike = judge(bounce({ original: original(signed("hanada-design.20230601.gappssmtp.example.com")), envelope }), { learn: false });
    expect(signals(lookalike)).not.toContain("dkim_provider_domain");
  });

  it("calls a botnet entry forged: unrelated host, HELO impersonation, missing DKIM, foreign Message-ID", () => {
    const j = judge(bounce({ original: original([BOTNET_TO_REMOTE()], "GBSZVWGGPA13VXJ7BT6X@DESKTOP-WTRZB5C") }));
    expect(j.verdict).toBe("spoofed");
    expect(signals(j)).toEqual(expect.arrayContaining(["chain_entry_unrelated", "helo_impersonation", "dkim_missing", "message_id_foreign"]));
    expect(j.evidence.find((e) => e.signal === "chain_entry_unrelated")!.weight).toBe(-30);
  });

  it("weighs an unrelated entry less when the provider is not known yet", () => {
    const j = judge(bounce({ original: original([BOTNET_TO_REMOTE("mail.example.net")]) }), { learn: false, sent: new SentLog() });
    expect(j.evidence.find((e) => e.signal === "chain_entry_unrelated")!.weight).toBe(-15);
  });

  it("learns the outgoing relay where the receiving side took the person's own mail in, not the receiving side's hosts", () => {
    const hop = (from: string, ip: string, by: string): HeaderField =>
      ["Received", `from ${from} (${from} [${ip}]) by ${by} (Postfix) with ESMTPS id Q1 for <k@stranger.example.org>; Wed, 14 Oct 2026 02:31:07 +0900`];
    // submission and outgoing edge named apart: core.bigmail.example.net inside, edge.bigmail.example.net at the edge
    const submit: HeaderField = ["Received", `from [192.168.0.3] (unknown [203.0.113.9]) (Authenticated sender: ${ME}) by submit1.core.bigmail.example.net (Postfix) with ESMTPSA id Z1; Thu, 1 Oct 2026 10:00:01 +0900`];
    const own = bounce({
      original: original([hop("mail-ab1.edge.bigmail.example.net", "203.0.113.70", "mx.client.example.com"),
        hop("filter2.core.bigmail.example.net", "198.51.100.20", "relay5.core.bigmail.example.net"), submit],
      "4a43dfa9-bf07-42b9-a171-52e8aaa422c0@hanada-design.example.jp"),
      recipients: ["friend@client.example.com"], date: "2026-10-01T01:05:00.000Z",
    });
    const judged = (fields: HeaderField[]): Judgement =>
      assessMailbox([own, bounce({ original: original(fields) })], sentLog(), PROFILE).judgements[1]!;
    const viaEdge = judged([hop("mail-ab7.edge.bigmail.example.net", "203.0.113.77", "mx.stranger.example.org")]);
    expect(signals(viaEdge)).toContain("chain_entry_provider");
    const viaReceiver = judged([hop("mx.client.example.com", "192.0.2.80", "mx.stranger.example.org")]);
    expect(signals(viaReceiver)).toContain("chain_entry_unrelated");
  });

  it("uses configured relays like learned ones", () => {
    const j = judge(bounce({ original: original([RELAY_TO_REMOTE]) }), { learn: false, profile: { ...PROFILE, knownRelays: ["203.0.113.40"] } });
    expect(signals(j)).toContain("chain_entry_provider");
  });
});

describe("bounces without an original, delays, rate", () => {
  const noOriginal = (i: number, date: string) => bounce({ original: null, recipients: [`stranger${i}@far.example.com`], date });

  it("leaves a bounce without an original and without a Sent match undetermined", () => {
    const j = judge(noOriginal(1, "2026-10-20T00:00:00.000Z"));
    expect(j.verdict).toBe("undetermined");
    expect(signals(j)).toEqual(expect.arrayContaining(["no_original", "recipient_stranger"]));
  });

  it("treats a delay notice about a compromise message as compromise", () => {
    const j = judge(bounce({ kind: "delayed", original: original([SUBMIT(ME)]), recipients: ["k@stranger.example.org"] }));
    expect(j.verdict).toBe("compromise");
  });

  it("raises the compromise alert for ten undetermined bounces to strangers within 24 hours, not nine or spread out", () => {
    const start = Date.parse("2026-11-03T00:00:00Z");
    const burst = Array.from({ length: 10 }, (_, i) => noOriginal(i, new Date(start + i * 2 * HOUR).toISOString()));
    const nine = burst.slice(0, 9);
    const spread = Array.from({ length: 10 }, (_, i) => noOriginal(i, new Date(start + i * 8 * HOUR).toISOString()));
    const a = assessMailbox(burst, sentLog(), PROFILE);
    expect(a.alert).toBe("compromise");
    expect(a.judgements.every((j) => j.verdict === "undetermined" && j.evidence.some((e) => e.signal === "burst"))).toBe(true);
    expect(assessMailbox(nine, sentLog(), PROFILE).alert).toBe("none");
    expect(assessMailbox(spread, sentLog(), PROFILE).alert).toBe("none");
  });

  it("does not count bounces to people the person writes to as a burst", () => {
    const start = Date.parse("2026-10-02T00:00:00Z");
    const known = Array.from({ length: 12 }, (_, i) => bounce({ original: null, recipients: ["friend@client.example.com"],
      date: new Date(start + 10 * 24 * HOUR + i * HOUR).toISOString() }));
    expect(assessMailbox(known, sentLog(), PROFILE).alert).toBe("none");
  });
});

describe("the mailbox assessment", () => {
  it("counts verdicts, dates the first and last bounce, and raises spoofing for backscatter only", () => {
    const reports = [
      bounce({ isBounce: false, date: "2026-09-01T00:00:00.000Z" }),
      OWN_BOUNCE,
      bounce({ original: original([BOTNET_TO_REMOTE()]), date: "2026-10-20T10:00:00.000Z" }),
    ];
    const a = assessMailbox(reports, sentLog(), PROFILE);
    expect(a.verdicts).toEqual({ "own-mail": 1, compromise: 0, spoofed: 1, undetermined: 0, "not-bounce": 1 });
    expect(a.alert).toBe("spoofing");
    expect([a.firstSeen, a.lastSeen]).toEqual(["2026-10-01T01:05:00.000Z", "2026-10-20T10:00:00.000Z"]);
    expect(assessMailbox([], new SentLog(), PROFILE)).toMatchObject({ alert: "none", firstSeen: null, lastSeen: null });
  });

  it("is deterministic and does not change its inputs", () => {
    const reports = [OWN_BOUNCE, bounce({ original: original([SUBMIT(ME)]) })];
    const copy = JSON.stringify(reports);
    expect(JSON.stringify(assessMailbox(reports, sentLog(), PROFILE))).toBe(JSON.stringify(assessMailbox(reports, sentLog(), PROFILE)));
    expect(JSON.stringify(reports)).toBe(copy);
  });

  it("survives hostile header values, in work that grows with their size, not its square", () => {
    const hostile = (n: number): HeaderField[] => [
      ["Received", `from ${"(".repeat(n)}x by ${"a.".repeat(n)}b`],
      ["Authentication-Results", "mx.stranger.example.org; spf=constructor smtp.mailfrom=hanada-design.example.jp; dkim=__proto__"],
      ["Received-SPF", "x".repeat(20 * n)],
      ["DKIM-Signature", "d=" + "x".repeat(20 * n)],
    ];
    // work (work.ts), not time: four times the size, about four times the steps
    const [small, large] = [1250, 5000].map((n) => workOf(() => judge(bounce({ original: original(hostile(n)) }))));
    expect(large!.work / small!.work).toBeLessThan(4 * 1.3);
    expect(large!.result.evidence.every((e) => typeof e.signal === "string" && Number.isFinite(e.weight))).toBe(true);
  });

  it("re-assesses four times as many reports in about four times the work (the mailbox scale: scale.test.ts)", () => {
    const mailbox = (n: number): BounceReport[] => Array.from({ length: n }, (_, i) => i % 3 === 0
      ? bounce({ original: original([BOTNET_TO_REMOTE(), SUBMIT(ME)], `id${i}@x.example.com`) })
      : i % 3 === 1 ? bounce({ original: original([RELAY_TO_REMOTE, SUBMIT(ME)], `id${i}@x.example.com`) })
      : bounce({ original: null, recipients: [`r${i}@far.example.com`], date: new Date(Date.parse("2026-01-01T00:00:00Z") + i * HOUR).toISOString() }));
    const [small, large] = [750, 3000].map((n) => {
      const reports = countReads(mailbox(n));
      return workOf(() => assessMailbox(reports, sentLog(), PROFILE));
    });
    const a = large!.result;
    expect(a.verdicts.spoofed + a.verdicts.compromise + a.verdicts.undetermined).toBe(3000);
    expect(large!.work / small!.work).toBeLessThan(4 * 1.15);
  });
});

describe("verdict rules", () => {
  it("calls mail that left through the provider's relay compromise even unsigned and with a spam tool's Message-ID", () => {
    const j = judge(bounce({ original: original([RELAY_TO_REMOTE], "960CC6A2FB2A$0d1279be$73dfa186@ylmf-pc") }));
    expect(signals(j)).toEqual(expect.arrayContaining(["chain_entry_provider", "dkim_missing", "message_id_foreign"]));
    expect(j.verdict).toBe("compromise");
  });

  it("counts an own-domain signature nobody verified on a botnet's mail as no signature: it never outweighs the path", () => {
    const fields: HeaderField[] = [["DKIM-Signature", "v=1; d=hanada-design.example.jp; s=rs1; b=y"], BOTNET_TO_REMOTE("pc01.example.net")];
    const known = judge(bounce({ original: original(fields) }));
    expect(signals(known)).toContain("dkim_unverified_claim");
    expect(known.verdict).toBe("spoofed");
    // while the provider is not known: 55 - 15 = 40 reached the compromise threshold before
    const unknown = judge(bounce({ original: original(fields) }), { learn: false, sent: new SentLog() });
    expect(unknown.verdict).toBe("spoofed");
  });
});
