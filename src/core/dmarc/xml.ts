// Reads one aggregate report's XML as it streams in, with saxes (an evented, non-validating XML parser with
// no DOM, used by jsdom): the document is never held whole, only the report being built. saxes expands
// no entities of a DTD (an unknown entity is an error), and a document with a DTD is refused outright, so
// "billion laughs" cannot grow anything. Both schemas share element names; RFC 9990 only adds some (np,
// discovery_method, testing, generator) and puts the document in its namespace.
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { ipOf, organisationOf } from "../verdict/hosts.js";
import type { AggregateReport, AggregateSource } from "./types.js";

export const DMARC_2_NAMESPACE = "urn:ietf:params:xml:ns:dmarc-2.0";
/** A report lists one record per source and result; more is not a report of one domain's mail. */
export const MAX_RECORDS = 100_000;
/** Aggregate reports nest five levels; extensions may add a few. */
const MAX_DEPTH = 24;
/** Every value in a report is short (a domain, an IP, a number, a comment). */
const MAX_VALUE_CHARS = 1024;
/**
 * Characters without a "<" in between: the parser holds such a run whole (text, a comment, an attribute
 * value), and a report's runs are a value or some blanks, so a longer one (a bomb of blanks) is refused.
 */
export const MAX_TEXT_RUN = 64 * 1024;
/** Text reaches the parser in pieces no longer than a run may be, so that no run inside one goes unseen. */
const PIECE_CHARS = MAX_TEXT_RUN;
/** Distinct DKIM and SPF pass domains kept per source (a signature of the sender, the provider's, an ESP's). */
const MAX_SOURCE_DOMAINS = 8;
const FORWARDING_OVERRIDES = new Set(["forwarded", "mailing_list", "trusted_forwarder"]);

/** Why a document was not read as a report. */
export class ReportRefused extends Error {}

/** The <record> being read: only what its source's rows and domains take from it. */
interface RecordFields {
  sourceIp: string;
  count: number;
  disposition: string;
  dkim: string;
  spf: string;
  forwarded: boolean;
  headerFrom: string;
  /** auth_results (domain, result) pairs */
  dkimAuth: { domain: string; result: string }[];
  spfAuth: { domain: string; result: string }[];
}

function emptyRecord(): RecordFields {
  return { sourceIp: "", count: 0, disposition: "", dkim: "", spf: "", forwarded: false, headerFrom: "", dkimAuth: [], spfAuth: [] };
}

/**
 * A copy of a value that does not keep alive the chunk of text it was cut from (V8's substrings point into
 * their parent string): kept values must not hold the whole document in memory.
 */
const detached = (value: string): string => (" " + value).slice(1);

const sameOrganisation = (domain: string, headerFrom: string): boolean =>
  domain !== "" && (domain === headerFrom || (organisationOf(domain) || domain) === (organisationOf(headerFrom) || headerFrom));

/** The aligned result as the receiver evaluated it, else from the raw results (relaxed alignment). */
function alignedPass(evaluated: string, results: readonly { domain: string; result: string }[], headerFrom: string): boolean {
  if (evaluated === "pass" || evaluated === "fail") return evaluated === "pass";
  return results.some((r) => r.result === "pass" && sameOrganisation(r.domain, headerFrom));
}

function addDomain(domains: string[], domain: string): void {
  if (domain && domains.length < MAX_SOURCE_DOMAINS && !domains.includes(domain)) domains.push(detached(domain));
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
    schema: "rfc7489", orgName: "", email: "", reportId: "", begin: NaN, end: NaN, domain: "", policy: "", recordCount: 0, sources: [],
  };
  private readonly sources = new Map<string, AggregateSource>();
  private record = emptyRecord();
  private override = { type: "", comment: "" };
  private dkim = { domain: "", result: "" };
  private spf = { domain: "", result: "" };
  private failure: ReportRefused | null = null;
  /** Characters since the last "<". */
  private textRun = 0;

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
      for (let at = 0; at < chunk.length; at += PIECE_CHARS) {
        const piece = chunk.slice(at, at + PIECE_CHARS);
        const first = piece.indexOf("<");
        if ((first < 0 ? this.textRun + piece.length : this.textRun + first) > MAX_TEXT_RUN) {
          throw new ReportRefused(`more than ${MAX_TEXT_RUN / 1024} KiB of text without markup`);
        }
        this.textRun = first < 0 ? this.textRun + piece.length : piece.length - piece.lastIndexOf("<") - 1;
        this.parser.write(piece);
      }
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
    report.sources = [...this.sources.values()];
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
    else if (at === "feedback/record/auth_results/dkim") this.dkim = { domain: "", result: "" };
    else if (at === "feedback/record/auth_results/spf") this.spf = { domain: "", result: "" };
  }

  private close(): void {
    const at = this.path.pop() ?? "";
    const value = this.text.trim();
    this.text = "";
    const report = this.report;
    const record = this.record;
    switch (at) {
      case "feedback/report_metadata/org_name": report.orgName = detached(value); break;
      case "feedback/report_metadata/email": report.email = detached(value); break;
      case "feedback/report_metadata/report_id": report.reportId = detached(value); break;
      case "feedback/report_metadata/date_range/begin": report.begin = epoch(value); break;
      case "feedback/report_metadata/date_range/end": report.end = epoch(value); break;
      case "feedback/policy_published/domain": report.domain = detached(value.toLowerCase()); break;
      case "feedback/policy_published/p": report.policy = detached(value.toLowerCase()); break;
      case "feedback/record/row/source_ip": record.sourceIp = ipOf(value) || value.slice(0, 64); break;
      case "feedback/record/row/count": record.count = /^\d{1,9}$/.test(value) ? Number(value) : 0; break;
      case "feedback/record/row/policy_evaluated/disposition": record.disposition = value.toLowerCase(); break;
      case "feedback/record/row/policy_evaluated/dkim": record.dkim = value.toLowerCase(); break;
      case "feedback/record/row/policy_evaluated/spf": record.spf = value.toLowerCase(); break;
      case "feedback/record/row/policy_evaluated/reason/type": this.override.type = value.toLowerCase(); break;
      case "feedback/record/row/policy_evaluated/reason/comment": this.override.comment = value; break;
      case "feedback/record/row/policy_evaluated/reason":
        if (FORWARDING_OVERRIDES.has(this.override.type) || /\barc=pass\b/i.test(this.override.comment)) record.forwarded = true;
        break;
      case "feedback/record/identifiers/header_from": record.headerFrom = value.toLowerCase(); break;
      case "feedback/record/auth_results/dkim/domain": this.dkim.domain = value.toLowerCase(); break;
      case "feedback/record/auth_results/dkim/result": this.dkim.result = value.toLowerCase(); break;
      case "feedback/record/auth_results/dkim": record.dkimAuth.push(this.dkim); break;
      case "feedback/record/auth_results/spf/domain": this.spf.domain = value.toLowerCase(); break;
      case "feedback/record/auth_results/spf/result": this.spf.result = value.toLowerCase(); break;
      case "feedback/record/auth_results/spf": record.spfAuth.push(this.spf); break;
      case "feedback/record":
        if (++report.recordCount > MAX_RECORDS) throw new ReportRefused(`more than ${MAX_RECORDS} records`);
        if (record.sourceIp && record.count > 0) this.addRecord(record);
        break;
    }
  }

  /** Sums a record into its source's row of the same results. */
  private addRecord(record: RecordFields): void {
    const from = record.headerFrom || this.report.domain;
    const dkimAligned = alignedPass(record.dkim, record.dkimAuth, from);
    const spfAligned = alignedPass(record.spf, record.spfAuth, from);
    let source = this.sources.get(record.sourceIp);
    if (!source) {
      const sourceIp = detached(record.sourceIp);
      source = { sourceIp, count: 0, rows: [], dkimPassDomains: [], spfPassDomains: [] };
      this.sources.set(sourceIp, source);
    }
    source.count += record.count;
    const row = source.rows.find((r) => r.disposition === record.disposition && r.dkimAligned === dkimAligned
      && r.spfAligned === spfAligned && r.forwarded === record.forwarded);
    if (row) row.count += record.count;
    else source.rows.push({ count: record.count, disposition: detached(record.disposition), dkimAligned, spfAligned, forwarded: record.forwarded });
    for (const r of record.dkimAuth) if (r.result === "pass") addDomain(source.dkimPassDomains, r.domain);
    for (const r of record.spfAuth) if (r.result === "pass") addDomain(source.spfPassDomains, r.domain);
  }
}
