// DMARC aggregate reports (RFC 7489 §7.2 and Appendix C; RFC 9990, namespace urn:ietf:params:xml:ns:dmarc-2.0)
// as the core reads them: one AggregateReport per XML document, one AggregateRecord per <record>.

/** One DKIM result the receiver found (auth_results/dkim), unaligned. */
export interface DkimAuth {
  domain: string;
  selector: string;
  /** none, pass, fail, policy, neutral, temperror, permerror ("" when missing) */
  result: string;
}

/** One SPF result the receiver found (auth_results/spf), unaligned. */
export interface SpfAuth {
  domain: string;
  /** mfrom or helo ("" when missing) */
  scope: string;
  result: string;
}

/** Why the receiver applied another disposition than the policy asked (forwarded, mailing_list, local_policy, ...). */
export interface PolicyOverride {
  type: string;
  comment: string;
}

export interface AggregateRecord {
  /** The connecting IP address in canonical form (as hosts.ts ipOf gives it). */
  sourceIp: string;
  /** Messages from that source with these results. */
  count: number;
  /** none, quarantine, reject ("" when missing). */
  disposition: string;
  /** DMARC-aligned results (policy_evaluated): pass or fail, "" when missing. */
  dkim: string;
  spf: string;
  overrides: PolicyOverride[];
  headerFrom: string;
  envelopeFrom: string;
  envelopeTo: string;
  dkimAuth: DkimAuth[];
  spfAuth: SpfAuth[];
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
  records: AggregateRecord[];
}

/** What the aggregate-report attachments of one mail held: the reports read, and why others could not be. */
export interface DmarcReading {
  reports: AggregateReport[];
  /** One line per attachment refused or unreadable ("report.xml.gz: inflates beyond 64 MiB"). */
  errors: string[];
}
