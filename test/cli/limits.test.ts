// The decoding's bounds in the CLI's records (extra fields of the contract): `limits` on a message that
// reached a bound, `undecodable` in the scan summary.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeMessage } from "../../src/core/analyze";
import { parseRecord } from "../../src/cli/records";
import { Random, SHAPES } from "../fuzz/shapes";
import { jsonLines, runCli } from "./run-cli";

const shape = (name: string, size: number): Uint8Array => SHAPES.find((s) => s.name === name)!.make(new Random(1), size);

describe("limits in the CLI records", () => {
  it("parse --json names the bounds a message reached, after the contract fields; none on ordinary mail", () => {
    const dir = mkdtempSync(join(tmpdir(), "bs-limits-"));
    writeFileSync(join(dir, "1-boundaries.eml"), shape("mime-duplicated-boundaries", 300_000));
    writeFileSync(join(dir, "2-plain.eml"), "From: a@example.org\nSubject: hello\n\nhi\n");
    const { status, stdout } = runCli(["parse", "--json", dir]);
    expect(status).toBe(0);
    const [hostile, plain] = jsonLines(stdout);
    expect(hostile.limits).toContain("mime_parts");
    expect(Object.keys(hostile).at(-1)).toBe("limits");
    expect("limits" in plain).toBe(false);
  });

  it("a message over its time budget is an error record that keeps its limits", async () => {
    const report = await analyzeMessage(shape("dsn-many-recipients", 100_000), { budgetMs: 0 });
    const record = parseRecord("x.eml", report);
    expect(record).toMatchObject({ isBounce: false, kind: "none", recipients: [], error: expect.stringMatching(/^could not fully decode/) });
    expect(record.limits).toContain("time_budget");
  });

  it("scan --json counts the messages that could not be decoded", () => {
    const dir = mkdtempSync(join(tmpdir(), "bs-undecodable-"));
    writeFileSync(join(dir, "1.eml"), "From: a@example.org\nSubject: hello\n\nhi\n");
    const { stdout } = runCli(["scan", "--json", "--me", "me@example.org", dir]);
    expect(jsonLines(stdout).pop().summary.undecodable).toBe(0);
  });
});
