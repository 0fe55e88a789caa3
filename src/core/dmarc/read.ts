// Recognises a DMARC aggregate report mail by its MIME structure: an attachment (or the whole body) that is
// XML, gzip or zip, by media type or file name (.xml, .xml.gz, .gz, .zip), whose content is a <feedback>
// document. The subject ("Report Domain: … Submitter: … Report-ID: …") is only a hint: with it, attachments
// that cannot be read are reported as errors; without it, a mail whose attachments are no reports is none.
import type { MimeLeaf } from "../decode/mime.js";
import { ArchiveRefused, InflateBudget, unpackDocuments } from "./archive.js";
import type { AggregateReport, DmarcReading } from "./types.js";
import { AggregateXmlReader, ReportRefused } from "./xml.js";

/** Reports read from one mail; reporters send one, a few when they batch. */
export const MAX_REPORTS_PER_MAIL = 32;

const REPORT_TYPES = new Set([
  "application/gzip", "application/x-gzip", "application/x-gunzip", "application/gzip-compressed", "application/zip",
  "application/x-zip", "application/x-zip-compressed", "application/xml", "text/xml",
]);
const REPORT_NAME = /\.(?:xml|xml\.gz|gz|gzip|zip)$/i;
const SUBJECT_HINT = /\breport[\s-]*domain\s*:|\bdmarc\b.*\breport\b|\breport-id\s*:/i;
/** Reporters send from mailboxes named for DMARC (noreply-dmarc-support@, dmarcreport@, dmarc_support@ ...). */
const SENDER_HINT = /dmarc/i;

export interface ReportMail {
  subject: string;
  /** The From address. */
  from: string;
  parts: readonly MimeLeaf[];
}

/** A part that may hold an aggregate report: its media type or its file name says XML, gzip or zip. */
function mayHoldReport(part: MimeLeaf): boolean {
  return REPORT_TYPES.has(part.type) || REPORT_NAME.test(part.filename);
}

const shownName = (part: MimeLeaf): string => (part.filename || part.type).slice(0, 120);

/** The reports of one attachment; every document in it must be a report, else the attachment is refused. */
function readPart(part: MimeLeaf, budget: InflateBudget): AggregateReport[] {
  const readers: AggregateXmlReader[] = [];
  unpackDocuments(part.body, budget, () => {
    if (readers.length >= MAX_REPORTS_PER_MAIL) throw new ArchiveRefused(`more than ${MAX_REPORTS_PER_MAIL} reports`);
    const reader = new AggregateXmlReader();
    const decoder = new TextDecoder("utf-8");
    readers.push(reader);
    return {
      chunk: (bytes) => reader.write(decoder.decode(bytes, { stream: true })),
      end: () => reader.write(decoder.decode()),
    };
  });
  return readers.map((reader) => reader.finish());
}

const reportKey = (report: AggregateReport): string => `${report.orgName.toLowerCase()}|${report.reportId}`;

/** The aggregate reports of a mail, or null when it is not an aggregate report mail. */
export function readAggregateReports(mail: ReportMail): DmarcReading | null {
  const candidates = mail.parts.filter(mayHoldReport);
  if (candidates.length === 0) return null;
  const hinted = SUBJECT_HINT.test(mail.subject.slice(0, 500)) || SENDER_HINT.test(mail.from.slice(0, 320));
  const budget = new InflateBudget();
  const reports: AggregateReport[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const part of candidates) {
    try {
      for (const report of readPart(part, budget)) {
        // a batch may carry the same report twice; the first copy counts
        if (seen.has(reportKey(report)) || reports.length >= MAX_REPORTS_PER_MAIL) continue;
        seen.add(reportKey(report));
        reports.push(report);
      }
    } catch (error) {
      if (!(error instanceof ArchiveRefused || error instanceof ReportRefused)) throw error;
      errors.push(`${shownName(part)}: ${error.message}`);
    }
  }
  if (reports.length === 0 && !hinted) return null;
  return { reports, errors, inflatedBytes: budget.used };
}
