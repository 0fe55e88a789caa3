// The DMARC judgement's rules at their edges: the volume rule's thresholds, and how sources are classified.
import { describe, expect, it } from "vitest";
import { SentLog } from "../../src/core/sentlog";
import { assessMailbox } from "../../src/core/verdict/assess";
import { breaksVolumeRule, reportDay, VOLUME_MIN_UNEXPLAINED, VOLUME_RATIO } from "../../src/core/dmarc/judge";
import type { AggregateReport, AggregateSource, SourceRow } from "../../src/core/dmarc/types";
import type { HeaderField } from "../../src/core/types";
import { bounce } from "../verdict/build";

const DOMAIN = "hinode-print.example.jp";

/** A source of one report, all its messages with the same results: aligned DKIM and SPF passes by default. */
function record(sourceIp: string, count: number, row: Partial<SourceRow> = {}, domains: Partial<AggregateSource> = {}): AggregateSource {
  const results = { disposition: "none", dkimAligned: true, spfAligned: true, forwarded: false, ...row };
  return { sourceIp, count, rows: [{ count, ...results }], dkimPassDomains: results.dkimAligned ? [DOMAIN] : [],
    spfPassDomains: results.spfAligned ? [DOMAIN] : [], ...domains };
}

function report(day: number, sources: AggregateSource[], id = `r${day}`): AggregateReport {
  const begin = Date.UTC(2025, 9, day) / 1000;
  return { schema: "rfc7489", orgName: "google.com", email: "x@google.com", reportId: id, begin, end: begin + 86399, domain: DOMAIN, policy: "none",
    recordCount: sources.length, sources };
}

const judge = (reports: AggregateReport[], relays: string[] = ["203.0.113.21"], sent = new SentLog()) =>
  assessMailbox([], sent, { addresses: [`sato@${DOMAIN}`], knownRelays: relays }, { aggregateReports: reports });

describe("the volume rule", () => {
  it("needs both the unexplained excess and the ratio", () => {
    expect(breaksVolumeRule(VOLUME_MIN_UNEXPLAINED, 0, 0)).toBe(true);
    expect(breaksVolumeRule(VOLUME_MIN_UNEXPLAINED - 1, 0, 0)).toBe(false);
    expect(breaksVolumeRule(400, 100, 0)).toBe(true);
    expect(breaksVolumeRule(399, 100, 0)).toBe(false); // ratio below 4
    expect(breaksVolumeRule(400, 0, 100)).toBe(true);
    expect(breaksVolumeRule(VOLUME_RATIO * 100 - 1, 0, 100)).toBe(false); // the domain's usual volume explains it
  });

  it("counts a Microsoft 20:00-20:00 report on the day with most of its hours", () => {
    const begin = Date.UTC(2025, 9, 9, 20) / 1000;
    expect(reportDay({ ...report(1, []), begin, end: begin + 86400 })).toBe("2025-10-10");
  });

  it("compares with the Sent log's recipients of the day (+- 6 h), so a sent newsletter explains its day", () => {
    const sent = new SentLog();
    sent.add({ messageId: "n@x", date: Date.UTC(2025, 9, 5, 2), recipients: Array.from({ length: 300 }, (_, i) => `r${i}@example.com`) });
    const reports = [report(5, [record("203.0.113.21", 290)])];
    expect(judge(reports, undefined, sent).alertReasons).toEqual([]);
    expect(judge(reports).alertReasons).toEqual(["dmarc_volume"]);
  });
});

describe("source classes", () => {
  it("takes a learned or configured relay's /24 as the provider's pool", () => {
    const a = judge([report(1, [record("203.0.113.99", 3), record("203.0.114.1", 3, { dkimAligned: false, spfAligned: false })])]);
    expect(Object.fromEntries(a.dmarc.sources.map((s) => [s.sourceIp, s.class]))).toEqual({ "203.0.113.99": "provider", "203.0.114.1": "unknown" });
  });

  it("takes a source whose SPF passed aligned for the person's own domain as the provider, learned or not", () => {
    const a = judge([report(1, [
      record("192.0.2.40", 3, { dkimAligned: false }),
      record("192.0.2.41", 3, { dkimAligned: false }, { spfPassDomains: ["esp.example.net"] }),
      record("192.0.2.42", 3, { dkimAligned: false, spfAligned: false }, { spfPassDomains: [DOMAIN] }),
    ])], []);
    expect(Object.fromEntries(a.dmarc.sources.map((s) => [s.sourceIp, s.class])))
      .toEqual({ "192.0.2.40": "provider", "192.0.2.41": "unknown", "192.0.2.42": "unknown" });
  });

  it("counts a hijack through servers only the SPF record names", () => {
    expect(judge([report(5, [record("192.0.2.40", 900, { dkimAligned: false })])], []).alertReasons).toEqual(["dmarc_volume"]);
  });

  it("calls DKIM-only passes and ARC overrides forwarders; unknown failing both is spoofing", () => {
    const a = judge([report(2, [
      record("198.51.100.9", 2, { spfAligned: false }, { spfPassDomains: ["lists.example.org"] }),
      record("198.51.100.10", 1, { dkimAligned: false, spfAligned: false, forwarded: true }),
      record("192.0.2.201", 5, { dkimAligned: false, spfAligned: false }),
    ])]);
    expect(Object.fromEntries(a.dmarc.sources.map((s) => [s.sourceIp, s.class])))
      .toEqual({ "198.51.100.9": "forwarder", "198.51.100.10": "forwarder", "192.0.2.201": "unknown" });
    expect(a.alert).toBe("spoofing");
    expect(a.alertReasons).toEqual(["dmarc_spoofing"]);
  });

  it("raises nothing for another domain's reports, and counts a repeated Report-ID once", () => {
    const other = { ...report(4, [record("192.0.2.9", 500, { dkimAligned: false, spfAligned: false })]), domain: "client.example.com" };
    expect(judge([other]).alert).toBe("none");
    const twice = judge([report(6, [record("203.0.113.21", 40)]), report(6, [record("203.0.113.21", 40)])]);
    expect(twice.dmarc.reports).toBe(1);
    expect(twice.dmarc.days[0]!.providerPass).toBe(40);
  });
});

describe("the provider learned from the person's own mail", () => {
  const DATE = "Tue, 30 Sep 2025 10:00:00 +0900";
  const received = (value: string): HeaderField => ["Received", `${value}; ${DATE}`];
  const HOME = "from [192.168.1.12] (p4213-ipngn.example.ne.jp [198.51.100.150])";
  const LOGIN = `(Authenticated sender: sato@${DOMAIN}) `;
  /**
   * A bounce of the person's own mail that their provider wrote: the original shows only their submission
   * (the provider's server by name), and the bounce came in from the provider's outgoing server.
   */
  const ownBounce = (login: string) => bounce({
    original: [received(`${HOME} ${login}by smtp.rental-host.example.net (Postfix) with ESMTP${login ? "SA" : ""} id 9A1B2C3D`),
      ["Message-ID", `<own1@${DOMAIN}>`], ["From", `sato@${DOMAIN}`], ["To", "old@client.example.com"], ["Date", DATE]],
    recipients: ["old@client.example.com"], date: "2025-09-30T02:00:00.000Z",
    envelope: [received("from smtp.rental-host.example.net (smtp.rental-host.example.net [203.0.113.21]) by mx.rental-host.example.net (Postfix) with ESMTPS id 4C7F")],
  });
  const learned = (login: string, reports: AggregateReport[]) => {
    const sent = new SentLog();
    sent.add({ messageId: `own1@${DOMAIN}`, date: Date.parse(DATE), recipients: ["old@client.example.com"] });
    return assessMailbox([ownBounce(login)], sent, { addresses: [`sato@${DOMAIN}`] }, { aggregateReports: reports });
  };
  // the provider's servers sign with the person's domain and pass SPF for the provider's own bounce domain
  const viaProvider = (ip: string, count: number) => record(ip, count, { spfAligned: false }, { spfPassDomains: ["rental-host.example.net"] });

  it("knows the provider's servers by the address its name was verified with, and raises a hijack through them", () => {
    const quiet = learned(LOGIN, [report(1, [viaProvider("203.0.113.40", 3)])]);
    expect(quiet.judgements[0]!.verdict).toBe("own-mail");
    expect(quiet.dmarc.sources.map((s) => s.class)).toEqual(["provider"]);
    expect(learned(LOGIN, [report(5, [viaProvider("203.0.113.40", 900)])]).alertReasons).toEqual(["dmarc_volume"]);
  });

  it("never takes the network of the person's own connection for the provider's pool", () => {
    for (const login of [LOGIN, ""]) {
      const a = learned(login, [report(2, [record("198.51.100.77", 40, { dkimAligned: false, spfAligned: false }), viaProvider("203.0.113.40", 3)])]);
      expect(Object.fromEntries(a.dmarc.sources.map((s) => [s.sourceIp, s.class]))).toEqual({ "198.51.100.77": "unknown", "203.0.113.40": "provider" });
      expect(a.alertReasons).toEqual(["dmarc_spoofing"]);
    }
  });
});

describe("after the person said they dealt with it", () => {
  // a hijack on day 5; they mark the account resolved on day 7 at 09:00 UTC
  const resolvedAt = Date.UTC(2025, 9, 7, 9);
  const afterResolve = (r: AggregateReport) => r.end * 1000 > resolvedAt;
  const quiet = (days: number[]) => days.map((day) => report(day, [record("203.0.113.21", 3)]));
  const resolvedJudge = (reports: AggregateReport[]) => assessMailbox([], new SentLog(), { addresses: [`sato@${DOMAIN}`], knownRelays: ["203.0.113.21"] },
    { aggregateReports: reports, aggregateRaisesAlert: afterResolve });

  it("no longer raises for the days before it, yet keeps them in the record", () => {
    const a = resolvedJudge([...quiet([1, 2, 3, 4]), report(5, [record("203.0.113.21", 900)]), ...quiet([6, 7, 8])]);
    expect(a.alert).toBe("none");
    expect(a.alertCauses).toEqual([]);
    expect(a.dmarc.days.filter((d) => d.alarm).map((d) => d.day)).toEqual(["2025-10-05"]);
    expect(judge([...quiet([1, 2, 3, 4]), report(5, [record("203.0.113.21", 900)])]).alertReasons).toEqual(["dmarc_volume"]);
  });

  it("raises again for a new rise after it", () => {
    const a = resolvedJudge([...quiet([1, 2, 3, 4]), report(5, [record("203.0.113.21", 900)]), ...quiet([6, 7]), report(8, [record("203.0.113.21", 700)])]);
    expect(a.alert).toBe("compromise");
    expect(a.alertCauses).toEqual([{ reason: "dmarc_volume", provider: "", count: 1 }]);
  });

  it("counts only forgeries reported after it", () => {
    const forger = (day: number) => report(day, [record("192.0.2.201", 5, { dkimAligned: false, spfAligned: false })], `f${day}`);
    expect(resolvedJudge([forger(3), forger(6)]).alert).toBe("none");
    const again = resolvedJudge([forger(3), forger(6), forger(8)]);
    expect(again.alert).toBe("spoofing");
    expect(again.alertCauses).toEqual([{ reason: "dmarc_spoofing", provider: "", count: 1 }]);
  });
});
