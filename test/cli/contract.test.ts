// The CLI output contract of shared/docs/cli.md, on real files.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jsonLines, repoRoot, runCli, shared } from "./run-cli";

const corpus = join(shared, "corpus", "sisimai");
const KINDS = ["failed", "delayed", "delivered", "autoreply", "feedback", "none"];
const ACTIONS = ["failed", "delayed", "delivered", "relayed", "expanded", ""];
const VERDICTS = ["own-mail", "compromise", "spoofed", "undetermined", "not-bounce"];
const TRACES = ["bounce", "restriction", "notice", "complaint", "reply", "lookalike", "none"];

function expectParseRecord(rec: any) {
  expect(typeof rec.source).toBe("string");
  expect(typeof rec.isBounce).toBe("boolean");
  expect(KINDS).toContain(rec.kind);
  expect(Array.isArray(rec.recipients)).toBe(true);
  for (const r of rec.recipients) {
    expect(typeof r.address).toBe("string");
    expect(ACTIONS).toContain(r.action);
    expect(r.status).toMatch(/^(\d\.\d{1,3}\.\d{1,3})?$/);
    expect(r.replyCode).toMatch(/^(\d{3})?$/);
    expect(typeof r.reason).toBe("string");
    expect(typeof r.hardBounce).toBe("boolean");
    expect(typeof r.diagnosticCode).toBe("string");
  }
  if (rec.kind === "none") expect(rec.recipients).toEqual([]);
  if (rec.original !== null) {
    for (const f of ["messageId", "from", "returnPath", "subject", "date"]) expect(typeof rec.original[f]).toBe("string");
    expect(rec.original.messageId).not.toMatch(/^<|>$/);
    expect(Array.isArray(rec.original.to)).toBe(true);
    for (const h of rec.original.headers) expect(h).toEqual([expect.any(String), expect.any(String)]);
  }
  if ("error" in rec) {
    expect(rec.isBounce).toBe(false);
    expect(rec.kind).toBe("none");
  }
}

describe("parse --json", () => {
  it("prints one valid line per corpus message, in sorted path order", () => {
    const { status, stdout } = runCli(["parse", "--json", corpus]);
    expect(status).toBe(0);
    const records = jsonLines(stdout);
    records.forEach(expectParseRecord);
    // Every regular file is input (truth.json and LICENSE too); a file whose first line starts with "From "
    // is an mbox and gives PATH#0, PATH#1, ...
    const files = readdirSync(corpus).sort().map((f) => join(corpus, f));
    const fileOf = (source: string) => source.replace(/#\d+$/, "");
    expect([...new Set(records.map((r) => fileOf(r.source)))]).toEqual(files);
    for (const file of files) {
      const sources = records.filter((r) => fileOf(r.source) === file).map((r) => r.source);
      const isMbox = readFileSync(file, "latin1").startsWith("From ");
      expect(sources).toEqual(isMbox ? sources.map((_, n) => `${file}#${n}`) : [file]);
    }
    const emls = files.filter((f) => f.endsWith(".eml"));
    const bounces = records.filter((r) => r.isBounce && emls.includes(fileOf(r.source)));
    expect(bounces.length).toBeGreaterThan(emls.length * 0.8);
  });

  it("numbers the messages of an mbox file as PATH#N and reads LF and CRLF mboxes alike", () => {
    const dir = mkdtempSync(join(tmpdir(), "bs-cli-"));
    const msgs = ["lhost-qmail-03.eml", "lhost-postfix-01.eml", "rfc3834-01.eml"].map((f) => readFileSync(join(corpus, f), "latin1"));
    const mbox = msgs.map((m) => `From MAILER-DAEMON Mon Nov  2 09:12:03 2026\n${m.replace(/\r\n/g, "\n")}\n`).join("");
    writeFileSync(join(dir, "Inbox"), mbox, "latin1");
    writeFileSync(join(dir, "Inbox-crlf"), mbox.replace(/\n/g, "\r\n"), "latin1");
    for (const name of ["Inbox", "Inbox-crlf"]) {
      const { status, stdout } = runCli(["parse", "--json", join(dir, name)]);
      expect(status).toBe(0);
      const records = jsonLines(stdout);
      expect(records.map((r) => r.source)).toEqual([0, 1, 2].map((n) => `${join(dir, name)}#${n}`));
      records.forEach(expectParseRecord);
      expect(records.map((r) => r.isBounce)).toEqual([true, true, false]);
    }
  });

  it("walks Maildir-style directories recursively in sorted path order", () => {
    const dir = mkdtempSync(join(tmpdir(), "bs-cli-"));
    for (const sub of ["cur", "new"]) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, "new", "b"), readFileSync(join(corpus, "lhost-exim-01.eml")));
    writeFileSync(join(dir, "cur", "z"), readFileSync(join(corpus, "lhost-sendmail-01.eml")));
    writeFileSync(join(dir, "cur", "a"), readFileSync(join(corpus, "lhost-qmail-03.eml")));
    const { stdout } = runCli(["parse", "--json", dir]);
    expect(jsonLines(stdout).map((r) => r.source)).toEqual([join(dir, "cur", "a"), join(dir, "cur", "z"), join(dir, "new", "b")]);
  });

  it("gives a message that cannot be decoded a line, and exits 0", () => {
    const dir = mkdtempSync(join(tmpdir(), "bs-cli-"));
    writeFileSync(join(dir, "empty.eml"), "");
    writeFileSync(join(dir, "garbage.eml"), Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)));
    const { status, stdout } = runCli(["parse", "--json", dir]);
    expect(status).toBe(0);
    const records = jsonLines(stdout);
    expect(records).toHaveLength(2);
    records.forEach(expectParseRecord);
    for (const r of records) expect(r.isBounce).toBe(false);
  });
});

describe("exit status", () => {
  it("is 2 for wrong usage", () => {
    expect(runCli([]).status).toBe(2);
    expect(runCli(["frobnicate", "x"]).status).toBe(2);
    expect(runCli(["parse"]).status).toBe(2);
    expect(runCli(["scan", join(corpus, "lhost-qmail-03.eml")]).status).toBe(2);
    expect(runCli(["parse", "--bogus", "x"]).status).toBe(2);
  });

  it("is 1 when an input cannot be read, after reporting the readable ones", () => {
    const { status, stdout, stderr } = runCli(["parse", "--json", "/nonexistent/mail", join(corpus, "lhost-qmail-03.eml")]);
    expect(status).toBe(1);
    expect(stderr).toContain("/nonexistent/mail");
    expect(jsonLines(stdout)).toHaveLength(1);
  });
});

describe("--help and --version", () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
  const locale = (lang: string) => JSON.parse(readFileSync(join(repoRoot, "_locales", lang, "messages.json"), "utf8"));

  it("prints the version of package.json, with or without a command", () => {
    for (const args of [["--version"], ["scan", "--version"]]) {
      const run = runCli(args);
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(`bounce-sentinel ${pkg.version}\n`);
    }
  });

  it("prints every command and option, in the person's language, and exits 0", () => {
    const run = runCli(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    for (const word of ["parse", "scan", "--json", "--me", "--sent", "--help", "--version", "PATH"]) expect(run.stdout).toContain(word);
    expect(run.stdout).toContain(locale("en").cli_help_intro.message);
    const ja = runCli(["parse", "-h"], { BOUNCE_SENTINEL_LANG: "ja" });
    expect(ja.status).toBe(0);
    expect(ja.stdout).toContain(locale("ja").cli_help_intro.message);
  });

  it("points to --help after wrong usage, on stderr", () => {
    const run = runCli(["frobnicate"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("bounce-sentinel --help");
  });
});

describe("scan --json", () => {
  const scenariosDir = join(shared, "scenarios");
  const scenario = readdirSync(scenariosDir).find((d) => d.startsWith("mixed-own-spoofed"))!;
  const dir = join(scenariosDir, scenario);
  const me = JSON.parse(readFileSync(join(dir, "scenario.json"), "utf8")).me as string[];

  it("prints one line per message with verdict, risk and evidence, then a summary", () => {
    const { status, stdout } = runCli(["scan", "--json", "--me", me.join(","), "--sent", join(dir, "sent.mbox"), join(dir, "inbox")]);
    expect(status).toBe(0);
    const lines = jsonLines(stdout);
    const summary = lines.pop();
    const inbox = readdirSync(join(dir, "inbox")).sort();
    expect(lines.map((l) => l.source)).toEqual(inbox.map((f) => join(dir, "inbox", f)));
    for (const l of lines) {
      expectParseRecord(l);
      expect(VERDICTS).toContain(l.verdict);
      expect(l.risk).toBeGreaterThanOrEqual(0);
      expect(l.risk).toBeLessThanOrEqual(100);
      for (const e of l.evidence) {
        expect(typeof e.signal).toBe("string");
        expect(e.detail.length).toBeGreaterThan(0);
        expect(e.detail).not.toMatch(/^evidence_/); // every signal has its text
      }
      expect(l.verdict === "not-bounce").toBe(!l.isBounce);
      expect(TRACES).toContain(l.trace);
    }
    const s = summary.summary;
    expect(s.messages).toBe(lines.length);
    expect(s.bounces).toBe(lines.filter((l) => l.isBounce).length);
    expect(Object.values(s.verdicts).reduce((a: number, b: any) => a + b, 0)).toBe(lines.length);
    for (const v of VERDICTS) expect(s.verdicts[v]).toBe(lines.filter((l) => l.verdict === v).length);
    expect(["compromise", "spoofing", "none"]).toContain(s.alert);
    for (const t of TRACES) expect(s.traces[t]).toBe(lines.filter((l) => l.trace === t).length);
    expect(Array.isArray(s.alertReasons)).toBe(true);
    expect(s.warnings).toEqual([]);
    expect(s.alertReasons.length === 0).toBe(s.alert === "none");
    const bounceDates = lines.filter((l) => l.isBounce).map((l) => Date.parse(l.date)).sort((a, b) => a - b);
    expect(Date.parse(s.firstSeen)).toBe(bounceDates[0]);
    expect(Date.parse(s.lastSeen)).toBe(bounceDates.at(-1));
  });
});
