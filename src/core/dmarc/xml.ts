// Reads one aggregate report's XML as it streams in, with saxes (an evented, non-validating XML parser with
// no DOM, used by jsdom): the document is never held whole, only the report being built. saxes expands
// no entities of a DTD (an unknown entity is an error), and a document with a DTD is refused outright, so
// "billion laughs" cannot grow anything. Both schemas share element names; RFC 9990 only adds some (np,
// discovery_method, testing, generator) and puts the document in its namespace.
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { ipOf } from "../verdict/hosts.js";
import type { AggregateRecord, AggregateReport } from "./types.js";

export const DMARC_2_NAMESPACE = "urn:ietf:params:xml:ns:dmarc-2.0";
/** A report lists one record per source and result; more is not a report of one domain's mail. */
export const MAX_RECORDS = 100_000;
/** Aggregate reports nest five levels; extensions may add a few. */
const MAX_DEPTH = 24;
/** Every value in a report is short (a domain, an IP, a number, a comment). */
const MAX_VALUE_CHARS = 1024;

/** Why a document was not read as a report. */
export class ReportRefused extends Error {}

function emptyRecord(): AggregateRecord {
  return {
    sourceIp: "", count: 0, disposition: "", dkim: "", spf: "", overrides: [], headerFrom: "", envelopeFrom: "",
    envelopeTo: "", dkimAuth: [], spfAuth: [],
  };
}

/** An element's name without its namespace prefix. */
function localName(name: string): string {
  return name.slice(name.indexOf(":") + 1);
}

const epoch = (text: string): number => (/^\d{1,12}$/.test(text) ? Number(text) : NaN);

/** Builds an AggregateReport from `write`s of the XML text; `finish` returns it or throws ReportRefused. */
export class AggregateXmlReader {
  private readonly parser = new SaxesParser({ xmlns: false, position: false });
  /** The open elements' paths ("feedback/record/row"), innermost last: built once per element, not joined per event. */
  private readonly path: string[] = [];
  private text = "";
  private readonly report: AggregateReport = {
    schema: "rfc7489", orgName: "", email: "", reportId: "", begin: NaN, end: NaN, domain: "", policy: "", records: [],
  };
  private record = emptyRecord();
  private override = { type: "", comment: "" };
  private dkim = { domain: "", selector: "", result: "" };
  private spf = { domain: "", scope: "", result: "" };
  private failure: ReportRefused | null = null;

  constructor() {
    this.parser.on("error", (error) => { throw new ReportRefused(`not well-formed XML (${error.message})`); });
    this.parser.on("doctype", () => { throw new ReportRefused("XML with a document type declaration (DTD) is refused"); });
    this.parser.on("opentag", (tag) => this.open(tag));
    this.parser.on("closetag", () => this.close());
    this.parser.on("text", (text) => this.addText(text));
    this.parser.on("cdata", (text) => this.addText(text));
  }

  /** Adds the next piece of the document; throws ReportRefused as soon as it is not a readable report. */
  write(chunk: string): void {
    if (this.failure) throw this.failure;
    try {
      this.parser.write(chunk);
    } catch (error) {
      this.failure = error instanceof ReportRefused ? error : new ReportRefused(String(error));
      throw this.failure;
    }
  }

  finish(): AggregateReport {
    this.write("");
    try {
      this.parser.close();
    } catch (error) {
      throw error instanceof ReportRefused ? error : new ReportRefused(String(error));
    }
    const report = this.report;
    if (!report.reportId && !report.orgName) throw new ReportRefused("no report_metadata");
    if (!Number.isFinite(report.begin) || !Number.isFinite(report.end)) throw new ReportRefused("no readable date_range");
    if (!report.domain) throw new ReportRefused("no policy_published domain");
    return report;
  }

  private addText(text: string): void {
    if (this.text.length < MAX_VALUE_CHARS) this.text += text.slice(0, MAX_VALUE_CHARS - this.text.length);
  }

  private open(tag: SaxesTagPlain): void {
    const name = localName(tag.name);
    const at = this.path.length === 0 ? name : `${this.path[this.path.length - 1]}/${name}`;
    this.path.push(at);
    this.text = "";
    if (this.path.length > MAX_DEPTH) throw new ReportRefused(`elements nested deeper than ${MAX_DEPTH}`);
    if (this.path.length === 1) {
      if (name !== "feedback") throw new ReportRefused(`root element <${name}> is not <feedback>`);
      const namespaces = Object.entries(tag.attributes).filter(([key]) => key === "xmlns" || key.startsWith("xmlns:"));
      if (namespaces.some(([, uri]) => uri === DMARC_2_NAMESPACE)) this.report.schema = "rfc9990";
      return;
    }
    if (at === "feedback/record") this.record = emptyRecord();
    else if (at === "feedback/record/row/policy_evaluated/reason") this.override = { type: "", comment: "" };
    else if (at === "feedback/record/auth_results/dkim") this.dkim = { domain: "", selector: "", result: "" };
    else if (at === "feedback/record/auth_results/spf") this.spf = { domain: "", scope: "", result: "" };
  }

  private close(): void {
    const at = this.path.pop() ?? "";
    const value = this.text.trim();
    this.text = "";
    const report = this.report;
    const record = this.record;
    switch (at) {
      case "feedback/report_metadata/org_name": report.orgName = value; break;
      case "feedback/report_metadata/email": report.email = value; break;
      case "feedback/report_metadata/report_id": report.reportId = value; break;
      case "feedback/report_metadata/date_range/begin": report.begin = epoch(value); break;
      case "feedback/report_metadata/date_range/end": report.end = epoch(value); break;
      case "feedback/policy_published/domain": report.domain = value.toLowerCase(); break;
      case "feedback/policy_published/p": report.policy = value.toLowerCase(); break;
      case "feedback/record/row/source_ip": record.sourceIp = ipOf(value) || value.slice(0, 64); break;
      case "feedback/record/row/count": record.count = /^\d{1,9}$/.test(value) ? Number(value) : 0; break;
      case "feedback/record/row/policy_evaluated/disposition": record.disposition = value.toLowerCase(); break;
      case "feedback/record/row/policy_evaluated/dkim": record.dkim = value.toLowerCase(); break;
      case "feedback/record/row/policy_evaluated/spf": record.spf = value.toLowerCase(); break;
      case "feedback/record/row/policy_evaluated/reason/type": this.override.type = value.toLowerCase(); break;
      case "feedback/record/row/policy_evaluated/reason/comment": this.override.comment = value; break;
      case "feedback/record/row/policy_evaluated/reason": record.overrides.push(this.override); break;
      case "feedback/record/identifiers/header_from": record.headerFrom = value.toLowerCase(); break;
      case "feedback/record/identifiers/envelope_from": record.envelopeFrom = value.toLowerCase(); break;
      case "feedback/record/identifiers/envelope_to": record.envelopeTo = value.toLowerCase(); break;
      case "feedback/record/auth_results/dkim/domain": this.dkim.domain = value.toLowerCase(); break;
      case "feedback/record/auth_results/dkim/selector": this.dkim.selector = value; break;
      case "feedback/record/auth_results/dkim/result": this.dkim.result = value.toLowerCase(); break;
      case "feedback/record/auth_results/dkim": record.dkimAuth.push(this.dkim); break;
      case "feedback/record/auth_results/spf/domain": this.spf.domain = value.toLowerCase(); break;
      case "feedback/record/auth_results/spf/scope": this.spf.scope = value.toLowerCase(); break;
      case "feedback/record/auth_results/spf/result": this.spf.result = value.toLowerCase(); break;
      case "feedback/record/auth_results/spf": record.spfAuth.push(this.spf); break;
      case "feedback/record":
        if (report.records.length >= MAX_RECORDS) throw new ReportRefused(`more than ${MAX_RECORDS} records`);
        if (record.sourceIp && record.count > 0) report.records.push(record);
        break;
    }
  }
}
