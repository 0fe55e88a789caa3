// Per-field accuracy of the decoding engine over ../shared/corpus (used by the corpus test and by
// `npm run corpus`). Expected values come from the corpus's truth.json (go-sisimai's curated tables).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeMessage } from "../../src/core/analyze.js";
import { isMbox, iterateMbox } from "../../src/core/mbox.js";
import type { BounceReport, RecipientResult } from "../../src/core/types.js";

interface ExpectedRow {
  recipient: string;
  status: string;
  replyCode: string;
  reason: string;
  hardBounce: boolean;
}
interface PerlRow {
  recipient: string;
  reason: string;
  deliverystatus: string;
  replycode: string;
  hardbounce: boolean;
}
interface TruthFile {
  engine: string;
  curated: boolean;
  expected: ExpectedRow[] | null;
  perlSisimai?: PerlRow[];
}

export interface Ratio {
  hit: number;
  total: number;
}
export interface CorpusFigures {
  files: Ratio;
  recall: Ratio;
  precision: Ratio;
  reason: Ratio;
  status: Ratio;
  replyCode: Ratio;
  hardBounce: Ratio;
  uncuratedDetected: Ratio;
  notBounceFalsePositives: Ratio;
  errors: number;
  perlSisimai: { recall: Ratio; reason: Ratio; status: Ratio; replyCode: Ratio; hardBounce: Ratio };
  /** One line per expected row that was missed or differs, for looking into failures. */
  misses: string[];
}

export const CORPUS_DIR = join(process.cwd(), "..", "shared", "corpus");

/** Sisimai writes this placeholder when a feedback report names no recipient: it is not an address. */
const PLACEHOLDER = /@libsisimai\.org\.invalid$/i;

/** A real RFC 3463 code; Sisimai's own x.0.9xx pseudo-codes are not compared. */
function isRealStatus(status: string): boolean {
  return /^[245]\.\d{1,3}\.\d{1,3}$/.test(status) && !/^\d\.0\.9\d\d$/.test(status);
}

const ratio = (): Ratio => ({ hit: 0, total: 0 });
export const percent = (r: Ratio): number => (r.total === 0 ? 100 : (100 * r.hit) / r.total);

function count(r: Ratio, ok: boolean): void {
  r.total++;
  if (ok) r.hit++;
}

function loadTruth(dir: string): Record<string, TruthFile> {
  return JSON.parse(readFileSync(join(dir, "truth.json"), "utf8")).files;
}

/**
 * A file read as the CLI reads it (shared/docs/cli.md): an mbox file (first line "From ") holds several
 * messages, whose reports are taken together (the first detected one, with every message's recipients).
 */
async function analyzeFile(path: string): Promise<BounceReport> {
  const bytes = new Uint8Array(readFileSync(path));
  const reports = await Promise.all((isMbox(bytes) ? [...iterateMbox(bytes)] : [bytes]).map((message) => analyzeMessage(message)));
  const main = reports.find((report) => report.kind !== "none") ?? reports[0]!;
  const recipients = reports.flatMap((report) => report.recipients);
  return { ...main, recipients: recipients.filter((r, i) => recipients.findIndex((o) => o.address === r.address) === i) };
}

/**
 * Sisimai's placeholder row of a feedback report without a recipient is matched by the report itself:
 * its kind says "feedback", and nothing in it bounced.
 */
function unnamedFeedback(report: BounceReport): RecipientResult | undefined {
  if (report.kind !== "feedback") return undefined;
  return { address: "", action: "", status: "", replyCode: "", reason: "feedback", hardBounce: false, diagnosticCode: "" };
}

export async function scoreCorpus(corpusDir = CORPUS_DIR): Promise<CorpusFigures> {
  const figures: CorpusFigures = {
    files: ratio(), recall: ratio(), precision: ratio(), reason: ratio(), status: ratio(), replyCode: ratio(),
    hardBounce: ratio(), uncuratedDetected: ratio(), notBounceFalsePositives: ratio(), errors: 0,
    perlSisimai: { recall: ratio(), reason: ratio(), status: ratio(), replyCode: ratio(), hardBounce: ratio() },
    misses: [],
  };
  const bounceDir = join(corpusDir, "sisimai");
  for (const [name, truth] of Object.entries(loadTruth(bounceDir))) {
    const report = await analyzeFile(join(bounceDir, name));
    if (report.error) figures.errors++;
    // a feedback report that names no recipient is still recognised for what it is
    const detected = report.kind !== "none" && (report.recipients.length > 0 || report.kind === "feedback");
    if (!truth.curated || !truth.expected) {
      count(figures.uncuratedDetected, detected);
      continue;
    }
    count(figures.files, detected);
    const rows = truth.expected.filter((row) => !PLACEHOLDER.test(row.recipient));
    const wanted = new Set(rows.map((row) => row.recipient.toLowerCase()));
    for (const got of report.recipients) count(figures.precision, wanted.has(got.address.toLowerCase()));
    for (const row of truth.expected) {
      const got = PLACEHOLDER.test(row.recipient)
        ? report.recipients[0] ?? unnamedFeedback(report)
        : report.recipients.find((r) => r.address.toLowerCase() === row.recipient.toLowerCase());
      if (!PLACEHOLDER.test(row.recipient)) count(figures.recall, got !== undefined);
      count(figures.reason, got?.reason === row.reason);
      count(figures.hardBounce, got !== undefined && got.hardBounce === row.hardBounce);
      count(figures.replyCode, got !== undefined && got.replyCode === row.replyCode);
      if (isRealStatus(row.status)) count(figures.status, got?.status === row.status);
      if (!got || got.reason !== row.reason || got.hardBounce !== row.hardBounce || (isRealStatus(row.status) && got.status !== row.status)) {
        figures.misses.push(
          `${name}\t${row.recipient}\twant ${row.reason} ${row.status} ${row.replyCode} ${row.hardBounce}` +
            `\tgot ${got ? `${got.reason} ${got.status} ${got.replyCode} ${got.hardBounce}` : "(none)"}\t${report.decoder}`,
        );
      }
      const perl = truth.perlSisimai?.find((p) => p.recipient.toLowerCase() === row.recipient.toLowerCase());
      if (!PLACEHOLDER.test(row.recipient)) count(figures.perlSisimai.recall, perl !== undefined);
      count(figures.perlSisimai.reason, perl?.reason === row.reason);
      count(figures.perlSisimai.hardBounce, perl !== undefined && perl.hardbounce === row.hardBounce);
      count(figures.perlSisimai.replyCode, perl !== undefined && perl.replycode === row.replyCode);
      if (isRealStatus(row.status)) count(figures.perlSisimai.status, perl?.deliverystatus === row.status);
    }
  }
  const notDir = join(corpusDir, "not-bounce");
  for (const name of Object.keys(loadTruth(notDir))) {
    const report = await analyzeFile(join(notDir, name));
    count(figures.notBounceFalsePositives, report.isBounce);
  }
  return figures;
}

export function formatFigures(f: CorpusFigures): string {
  const row = (label: string, r: Ratio, perl?: Ratio): string =>
    `${label.padEnd(34)} ${percent(r).toFixed(1).padStart(6)}%  (${r.hit}/${r.total})` +
    (perl ? `   perl-sisimai ${percent(perl).toFixed(1)}%` : "");
  return [
    "Bounce decoding over ../shared/corpus",
    row("curated files detected", f.files),
    row("recipient recall", f.recall, f.perlSisimai.recall),
    row("recipient precision", f.precision),
    row("reason", f.reason, f.perlSisimai.reason),
    row("status (real RFC 3463 codes)", f.status, f.perlSisimai.status),
    row("replyCode", f.replyCode, f.perlSisimai.replyCode),
    row("hardBounce", f.hardBounce, f.perlSisimai.hardBounce),
    row("uncurated files detected", f.uncuratedDetected),
    `${"not-bounce false positives".padEnd(34)} ${f.notBounceFalsePositives.hit} of ${f.notBounceFalsePositives.total}`,
    `${"decode errors".padEnd(34)} ${f.errors}`,
  ].join("\n");
}
