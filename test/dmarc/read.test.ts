// Aggregate-report mails as Google (zip), Microsoft (gzip), Yahoo (gzip named by file only) and a DMARCbis
// reporter (the whole body gzip) send them, plus what real reporters get wrong. Every field the judgement
// reads is compared with the hand-written XML in test/fixtures/dmarc/xml.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeMessage } from "../../src/core/analyze";
import type { AggregateReport } from "../../src/core/dmarc/types";

const dir = join(import.meta.dirname, "..", "fixtures", "dmarc");
const read = async (name: string) => analyzeMessage(new Uint8Array(readFileSync(join(dir, "mail", name))));
const only = async (name: string): Promise<AggregateReport> => {
  const report = await read(name);
  expect(report.error).toBeUndefined();
  expect(report.isBounce).toBe(false);
  expect(report.decoder).toBe("dmarc");
  expect(report.dmarc?.errors).toEqual([]);
  expect(report.dmarc?.reports).toHaveLength(1);
  return report.dmarc!.reports[0]!;
};

describe("aggregate reports of the big reporters", () => {
  it("reads Google's zip", async () => {
    const r = await only("google.eml");
    expect(r).toMatchObject({ schema: "rfc7489", orgName: "google.com", email: "noreply-dmarc-support@google.com",
      reportId: "4127760382915640218", begin: 1760054400, end: 1760140799, domain: "hinode-print.example.jp", policy: "none" });
    expect(r.records.map((x) => [x.sourceIp, x.count, x.dkim, x.spf])).toEqual([
      ["203.0.113.21", 14, "pass", "pass"], ["2001:db8:4a:12:0:0:0:1f", 2, "pass", "fail"], ["198.51.100.73", 3, "fail", "fail"]]);
    expect(r.records[1]!.spfAuth).toEqual([{ domain: "lists.example.org", scope: "", result: "pass" }]);
    expect(r.records[0]!.dkimAuth).toEqual([{ domain: "hinode-print.example.jp", selector: "rs2024", result: "pass" }]);
    expect(r.records[2]!.dkimAuth).toEqual([]);
  });

  it("reads Microsoft's gzip (enterprise.protection.outlook.com) with envelope_to and its 20:00 UTC day", async () => {
    const r = await only("microsoft.eml");
    expect(r).toMatchObject({ orgName: "Enterprise Outlook", reportId: "9c1e5f0a7b2d4e8f93a6c0d1e2f3a4b5", begin: 1760040000, end: 1760126400 });
    expect(r.records[0]).toMatchObject({ sourceIp: "203.0.113.22", count: 5, envelopeTo: "partner.example.com",
      envelopeFrom: "hinode-print.example.jp", headerFrom: "hinode-print.example.jp", disposition: "none" });
    expect(r.records[0]!.spfAuth[0]).toEqual({ domain: "hinode-print.example.jp", scope: "mfrom", result: "pass" });
  });

  it("reads Yahoo's gzip sent as application/octet-stream, with the ARC override reason", async () => {
    const r = await only("yahoo.eml");
    expect(r).toMatchObject({ orgName: "Yahoo", reportId: "1760140800.823711" });
    expect(r.records[1]!.overrides).toEqual([{ type: "local_policy", comment: "arc=pass as.1.example.org=pass" }]);
  });

  it("reads a DMARCbis (RFC 9990) report sent as the whole body", async () => {
    const r = await only("dmarcbis.eml");
    expect(r).toMatchObject({ schema: "rfc9990", orgName: "mail.example.net", policy: "quarantine" });
    expect(r.records.map((x) => [x.sourceIp, x.count, x.disposition])).toEqual([["203.0.113.23", 7, "pass"], ["198.51.100.201", 12, "quarantine"]]);
  });
});

describe("what real reporters get wrong", () => {
  it("reads a .xml.gz attachment that is plain XML, and a report with only the required elements", async () => {
    const r = await only("not-gzip.eml");
    expect(r.records).toEqual([{ sourceIp: "203.0.113.21", count: 2, disposition: "", dkim: "", spf: "", overrides: [],
      headerFrom: "hinode-print.example.jp", envelopeFrom: "", envelopeTo: "", dkimAuth: [],
      spfAuth: [{ domain: "hinode-print.example.jp", scope: "", result: "pass" }] }]);
  });

  it("reads an uncompressed text/xml attachment", async () => {
    expect((await only("plain-xml.eml")).reportId).toBe("sparse-1");
  });

  it("reads several reports of one mail and keeps one copy of a repeated Report-ID", async () => {
    const report = await read("batch.eml");
    expect(report.dmarc?.errors).toEqual([]);
    expect(report.dmarc?.reports.map((r) => r.reportId)).toEqual(["4127760382915640218", "4127760382915640219"]);
  });

  it("leaves an invoice archive without a hint alone (not a report, no error)", async () => {
    const report = await read("invoice-zip.eml");
    expect(report.dmarc).toBeUndefined();
    expect(report.decoder).toBe("");
  });
});
