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
    expect(r.recordCount).toBe(3);
    expect(r.sources.map((x) => [x.sourceIp, x.count, x.rows.map((row) => [row.dkimAligned, row.spfAligned])])).toEqual([
      ["203.0.113.21", 14, [[true, true]]], ["2001:db8:4a:12:0:0:0:1f", 2, [[true, false]]], ["198.51.100.73", 3, [[false, false]]]]);
    expect(r.sources[1]!.spfPassDomains).toEqual(["lists.example.org"]);
    expect(r.sources[0]!.dkimPassDomains).toEqual(["hinode-print.example.jp"]);
    expect(r.sources[2]!.dkimPassDomains).toEqual([]);
  });

  it("reads Microsoft's gzip (enterprise.protection.outlook.com) with envelope_to and its 20:00 UTC day", async () => {
    const r = await only("microsoft.eml");
    expect(r).toMatchObject({ orgName: "Enterprise Outlook", reportId: "9c1e5f0a7b2d4e8f93a6c0d1e2f3a4b5", begin: 1760040000, end: 1760126400 });
    expect(r.sources[0]).toEqual({ sourceIp: "203.0.113.22", count: 5,
      rows: [{ count: 5, disposition: "none", dkimAligned: true, spfAligned: true, forwarded: false }],
      dkimPassDomains: ["hinode-print.example.jp"], spfPassDomains: ["hinode-print.example.jp"] });
    expect(r.sources[1]).toMatchObject({ sourceIp: "192.0.2.144", spfPassDomains: ["bulk-sender.example.net"] });
  });

  it("reads Yahoo's gzip sent as application/octet-stream, with the ARC override reason", async () => {
    const r = await only("yahoo.eml");
    expect(r).toMatchObject({ orgName: "Yahoo", reportId: "1760140800.823711" });
    expect(r.sources[1]!.rows).toEqual([{ count: 1, disposition: "none", dkimAligned: true, spfAligned: false, forwarded: true }]);
  });

  it("reads a DMARCbis (RFC 9990) report sent as the whole body", async () => {
    const r = await only("dmarcbis.eml");
    expect(r).toMatchObject({ schema: "rfc9990", orgName: "mail.example.net", policy: "quarantine" });
    expect(r.sources.map((x) => [x.sourceIp, x.count, x.rows[0]!.disposition])).toEqual([["203.0.113.23", 7, "pass"], ["198.51.100.201", 12, "quarantine"]]);
  });
});

describe("what real reporters get wrong", () => {
  it("reads a .xml.gz attachment that is plain XML, and a report with only the required elements", async () => {
    const r = await only("not-gzip.eml");
    // no policy_evaluated: SPF's alignment is judged from the raw result and the header From
    expect(r.sources).toEqual([{ sourceIp: "203.0.113.21", count: 2, rows: [{ count: 2, disposition: "", dkimAligned: false, spfAligned: true, forwarded: false }],
      dkimPassDomains: [], spfPassDomains: ["hinode-print.example.jp"] }]);
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

describe("one source's records", () => {
  const xml = (records: string) => new TextEncoder().encode(`<?xml version="1.0"?><feedback><report_metadata><org_name>r.example</org_name>`
    + `<report_id>sum-1</report_id><date_range><begin>1760054400</begin><end>1760140799</end></date_range></report_metadata>`
    + `<policy_published><domain>hinode-print.example.jp</domain></policy_published>${records}</feedback>`);
  const row = (ip: string, count: number, dkim: string, spf: string) => `<record><row><source_ip>${ip}</source_ip><count>${count}</count>`
    + `<policy_evaluated><disposition>none</disposition><dkim>${dkim}</dkim><spf>${spf}</spf></policy_evaluated></row>`
    + `<identifiers><header_from>hinode-print.example.jp</header_from></identifiers><auth_results><spf><domain>hinode-print.example.jp</domain>`
    + `<result>${spf}</result></spf></auth_results></record>`;

  it("are summed into one source, a row per distinct result, and only the source is kept", async () => {
    const mail = new TextEncoder().encode(`From: dmarc@r.example\r\nSubject: Report Domain: hinode-print.example.jp Report-ID: sum-1\r\n`
      + `Content-Type: text/xml; name="r.xml"\r\n\r\n`);
    const body = xml(row("192.0.2.1", 3, "pass", "pass") + row("192.0.2.1", 4, "pass", "pass") + row("192.0.2.1", 2, "fail", "fail") + row("192.0.2.2", 1, "pass", "fail"));
    const report = (await analyzeMessage(new Uint8Array([...mail, ...body]))).dmarc!.reports[0]!;
    expect(report.recordCount).toBe(4);
    expect(report.sources.map((s) => [s.sourceIp, s.count, s.rows.map((r) => [r.count, r.dkimAligned, r.spfAligned])])).toEqual([
      ["192.0.2.1", 9, [[7, true, true], [2, false, false]]], ["192.0.2.2", 1, [[1, true, false]]]]);
    expect(Object.keys(report)).not.toContain("records");
  });
});
