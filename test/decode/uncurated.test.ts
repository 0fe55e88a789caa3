// The corpus files go-sisimai has no curated row for (truth.json "curated": false), in formats the
// decoders first missed: each is read as the CLI reads it (an mbox file is split), and the kind, the
// recipients and the reason are the ones the file states in plain words.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeMessage } from "../../src/core/analyze.js";
import { isMbox, splitMbox } from "../../src/core/mbox.js";
import type { BounceReport } from "../../src/core/types.js";
import { CORPUS_DIR } from "./corpus-score.js";

interface Case {
  file: string;
  /** What the file is, in the format's terms. */
  format: string;
  kind: BounceReport["kind"];
  recipients: string[];
  reason: string;
}

const CASES: Case[] = [
  { file: "arf-22.eml", format: "Hotmail JMRP complaint (no feedback-report part)", kind: "feedback", recipients: ["kijitora@example.com"], reason: "feedback" },
  { file: "arf-23.eml", format: "Hotmail JMRP complaint, From in angle brackets", kind: "feedback", recipients: ["kijitora@example.com"], reason: "feedback" },
  { file: "arf-24.eml", format: "Hotmail JMRP complaint, folded From in the original", kind: "feedback", recipients: ["kijitora@example.com"], reason: "feedback" },
];

async function analyzeFile(name: string): Promise<BounceReport> {
  const bytes = new Uint8Array(readFileSync(join(CORPUS_DIR, "sisimai", name)));
  const reports = await Promise.all((isMbox(bytes) ? splitMbox(bytes) : [bytes]).map((message) => analyzeMessage(message)));
  return reports.find((report) => report.kind !== "none") ?? reports[0]!;
}

describe("uncurated corpus files", () => {
  for (const c of CASES) {
    it(`${c.file}: ${c.format}`, async () => {
      const report = await analyzeFile(c.file);
      expect(report.kind).toBe(c.kind);
      expect(report.recipients.map((r) => r.address.toLowerCase())).toEqual(c.recipients);
      for (const recipient of report.recipients) expect(recipient.reason).toBe(c.reason);
    });
  }
});
