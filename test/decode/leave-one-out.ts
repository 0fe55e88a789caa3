// Leave-one-format-out: for each format module, that module is switched off (registry option `without`) and its
// bounces are read by the rest of the engine. A format's files are its corpus files (by the engine prefix of their
// name in truth.json) and the fixture files (test/fixtures/bounces*) that the module reads with every module on.
// This measures how far the engine reaches beyond the formats it has modules for.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeMessage } from "../../src/core/analyze.js";
import { DECODERS } from "../../src/core/decode/registry.js";
import { isMbox, iterateMbox } from "../../src/core/mbox.js";
import type { BounceReport, ReportKind } from "../../src/core/types.js";
import { CORPUS_DIR, type Ratio } from "./corpus-score.js";

/** What a file must be read as: a bounce (failed or delayed) or another kind of report, and its recipients. */
interface Case {
  file: string;
  bytes: Uint8Array;
  expectedKind: "bounce" | ReportKind;
  recipients: string[];
  reasons: string[];
}

export interface FormatFigures {
  format: string;
  files: number;
  detected: Ratio;
  recipients: Ratio;
  reason: Ratio;
  /** Files that are not bounces (feedback, auto-replies, success reports) but were read as bounces. */
  falseBounces: number;
  /** Files not read as expected, for looking into them. */
  misses: string[];
}

/**
 * Module names of formats the engine reads besides DECODERS (tried before and after them). The generic decoder
 * is not among them: it is what reads the files of a format whose module is off.
 */
const OTHER_MODULES = ["arf", "rfc3464", "rfc3834"];
/** Corpus engines whose module has another name: 1&1 (Eins und Eins) is read by the GMX module. */
const ENGINE_MODULE: Record<string, string> = { "lhost-einsundeins": "gmx" };

const FIXTURE_SETS = readdirSync(join(import.meta.dirname, "..", "fixtures")).filter((name) => /^bounces/.test(name)).sort();

function kindOfReasons(reasons: readonly string[]): Case["expectedKind"] {
  if (reasons.every((reason) => reason === "vacation")) return "autoreply";
  if (reasons.every((reason) => reason === "feedback")) return "feedback";
  if (reasons.every((reason) => reason === "delivered")) return "delivered";
  return "bounce";
}

/** A file as the CLI reads it: an mbox file's messages are taken together (see corpus-score.ts). */
async function analyzeFile(bytes: Uint8Array, without: ReadonlySet<string>): Promise<BounceReport> {
  const reports = await Promise.all((isMbox(bytes) ? [...iterateMbox(bytes)] : [bytes]).map((message) => analyzeMessage(message, { without })));
  const main = reports.find((report) => report.kind !== "none") ?? reports[0]!;
  return { ...main, recipients: reports.flatMap((report) => report.recipients) };
}

/** The format module of a corpus engine ("lhost-postfix" → "postfix") or of a decoder name, if it is one. */
function moduleOfEngine(engine: string): string | undefined {
  const name = ENGINE_MODULE[engine] ?? engine.replace(/^lhost-/, "");
  return DECODERS.some((decoder) => decoder.name === name) || OTHER_MODULES.includes(name) ? name : undefined;
}

/** The files of every format module: corpus files by engine prefix, fixture files by the module that reads them. */
export async function casesByFormat(corpusDir = CORPUS_DIR): Promise<Map<string, Case[]>> {
  const byFormat = new Map<string, Case[]>();
  const add = (format: string, item: Case): void => {
    byFormat.set(format, [...(byFormat.get(format) ?? []), item]);
  };
  const bounceDir = join(corpusDir, "sisimai");
  const truth = JSON.parse(readFileSync(join(bounceDir, "truth.json"), "utf8")).files as Record<
    string,
    { engine: string; curated: boolean; expected: Array<{ recipient: string; reason: string }> | null }
  >;
  for (const [file, entry] of Object.entries(truth)) {
    const format = moduleOfEngine(entry.engine);
    if (!format || !entry.curated || !entry.expected) continue;
    const reasons = entry.expected.map((row) => row.reason);
    add(format, {
      file: `corpus/${file}`,
      bytes: new Uint8Array(readFileSync(join(bounceDir, file))),
      expectedKind: kindOfReasons(reasons),
      // Sisimai's placeholder for a feedback report without a recipient is no address to find
      recipients: entry.expected.map((row) => row.recipient).filter((address) => !/@libsisimai\.org\.invalid$/i.test(address)),
      reasons,
    });
  }
  for (const set of FIXTURE_SETS) {
    const dir = join(import.meta.dirname, "..", "fixtures", set);
    const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")).files as Record<
      string,
      { kind: ReportKind; recipients: Array<{ address: string; reason: string }> }
    >;
    for (const [file, want] of Object.entries(expected)) {
      if (want.kind === "none") continue;
      const bytes = new Uint8Array(readFileSync(join(dir, file)));
      const format = (await analyzeFile(bytes, new Set())).decoder;
      if (!moduleOfEngine(format)) continue;
      add(format, {
        file: `${set}/${file}`,
        bytes,
        expectedKind: want.kind === "failed" || want.kind === "delayed" ? "bounce" : want.kind,
        recipients: want.recipients.map((row) => row.address),
        reasons: want.recipients.map((row) => row.reason),
      });
    }
  }
  return byFormat;
}

function isDetected(report: BounceReport, expected: Case["expectedKind"]): boolean {
  return expected === "bounce" ? report.isBounce : report.kind === expected;
}

/** Reads every format's files with that format's module switched off. */
export async function leaveOneOut(corpusDir = CORPUS_DIR): Promise<FormatFigures[]> {
  const figures: FormatFigures[] = [];
  for (const [format, cases] of [...(await casesByFormat(corpusDir))].sort(([a], [b]) => a.localeCompare(b))) {
    const row: FormatFigures = {
      format, files: cases.length, detected: { hit: 0, total: 0 }, recipients: { hit: 0, total: 0 }, reason: { hit: 0, total: 0 }, falseBounces: 0, misses: [],
    };
    for (const item of cases) {
      const report = await analyzeFile(item.bytes, new Set([format]));
      const detected = isDetected(report, item.expectedKind);
      row.detected.total++;
      if (detected) row.detected.hit++;
      if (item.expectedKind !== "bounce" && report.isBounce) row.falseBounces++;
      const missing: string[] = [];
      item.recipients.forEach((address, index) => {
        const found = report.recipients.find((r) => [r.address, r.originalRecipient ?? ""].some((a) => a.toLowerCase() === address.toLowerCase()));
        row.recipients.total++;
        row.reason.total++;
        if (found) row.recipients.hit++;
        else missing.push(address);
        if (found?.reason === item.reasons[index]) row.reason.hit++;
      });
      if (!detected || missing.length) {
        row.misses.push(`${format}\t${item.file}\t${detected ? "detected" : `not detected (${report.kind}${report.decoder ? ` by ${report.decoder}` : ""})`}` +
          (missing.length ? `\tmissing ${missing.join(", ")}` : ""));
      }
    }
    figures.push(row);
  }
  return figures;
}

export function totalOf(figures: readonly FormatFigures[]): FormatFigures {
  const sum = (pick: (row: FormatFigures) => Ratio): Ratio => ({
    hit: figures.reduce((n, row) => n + pick(row).hit, 0),
    total: figures.reduce((n, row) => n + pick(row).total, 0),
  });
  return {
    format: "total", files: figures.reduce((n, row) => n + row.files, 0),
    detected: sum((row) => row.detected), recipients: sum((row) => row.recipients), reason: sum((row) => row.reason),
    falseBounces: figures.reduce((n, row) => n + row.falseBounces, 0), misses: [],
  };
}

/** The table: bounce formats, their total, then the formats of other reports (whose files must not turn into bounces). */
export function formatTable(bounceFormats: readonly FormatFigures[], bounceTotal: FormatFigures, otherFormats: readonly FormatFigures[]): string {
  const cell = (r: Ratio): string => `${(r.total ? (100 * r.hit) / r.total : 100).toFixed(1).padStart(6)}% ${`(${r.hit}/${r.total})`.padEnd(10)}`;
  const line = (row: FormatFigures): string =>
    `${row.format.padEnd(16)} ${String(row.files).padStart(5)}  ${cell(row.detected)} ${cell(row.recipients)} ${cell(row.reason)} ${String(row.falseBounces).padStart(4)}`;
  return [
    "Leave-one-format-out: each format's files read with its own module switched off",
    `${"format".padEnd(16)} ${"files".padStart(5)}  ${"detected".padEnd(18)} ${"recipients".padEnd(18)} ${"reason (informative)".padEnd(18)} as bounce`,
    ...bounceFormats.map(line),
    line({ ...bounceTotal, format: "total" }),
    "reports other than bounces (detected: read as what they are; as bounce: taken for a bounce)",
    ...otherFormats.map(line),
  ].join("\n");
}
