// DMARC aggregate reports (RFC 7489 §7.2 and Appendix C; RFC 9990, namespace urn:ietf:params:xml:ns:dmarc-2.0)
// as the core reads them: one AggregateReport per XML document, one AggregateSource per source IP in it.

/** Messages of one source in one report that had the same results (the report's records summed by these). */
export interface SourceRow {
  count: number;
  /** none, quarantine, reject ("" when missing). */
  disposition: string;
  /** DMARC-aligned passes: policy_evaluated's dkim and spf, else judged from the raw results (relaxed alignment). */
  dkimAligned: boolean;
  spfAligned: boolean;
  /** The receiver overrode the policy for forwarding (forwarded, mailing_list, trusted_forwarder, or an ARC pass). */
  forwarded: boolean;
}

/**
 * One source IP's mail in one report: every <record> of that IP summed into rows by result. Only this is
 * kept of a report, never its records: a report of 40,000 records from 40,000 IPs is 40,000 of these.
 */
export interface AggregateSource {
  /** The connecting IP address in canonical form (as hosts.ts ipOf gives it). */
  sourceIp: string;
  /** Messages from that source. */
  count: number;
  rows: SourceRow[];
  /** Distinct domains of its passing DKIM signatures and of its SPF passes (auth_results), unaligned; a few at most. */
  dkimPassDomains: string[];
  spfPassDomains: string[];
}

export interface AggregateReport {
  schema: "rfc7489" | "rfc9990";
  /** The reporting organisation (report_metadata/org_name) and its contact address. */
  orgName: string;
  email: string;
  reportId: string;
  /** The period the report covers, epoch seconds (date_range). */
  begin: number;
  end: number;
  /** The domain the published policy is for (policy_published/domain). */
  domain: string;
  /** The published policy p= ("" when missing). */
  policy: string;
  /** <record> elements read. */
  recordCount: number;
  sources: AggregateSource[];
}

/** What the aggregate-report attachments of one mail held: the reports read, and why others could not be. */
export interface DmarcReading {
  reports: AggregateReport[];
  /** One line per attachment refused or unreadable ("report.xml.gz: inflates beyond 64 MiB"). */
  errors: string[];
  /** Bytes of XML inflated from the mail's attachments, refused ones included: the work the reading did. */
  inflatedBytes: number;
}
