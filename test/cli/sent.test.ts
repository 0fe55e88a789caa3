// Sent folders as the CLI reads them: every line-end convention, and a visible warning (stderr, the readable
// report, the JSON summary) when a Sent folder that is not empty gives no sent message.
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jsonLines, repoRoot, runCli } from "./run-cli";

const demo = join(repoRoot, "demo");
const me = JSON.parse(readFileSync(join(demo, "scenario.json"), "utf8")).me.join(",");
const expected = JSON.parse(readFileSync(join(demo, "scenario.json"), "utf8")).expected.messages as Record<string, string>;
const sentMbox = readFileSync(join(demo, "sent.mbox"), "latin1").replace(/\r\n/g, "\n");
const en = JSON.parse(readFileSync(join(repoRoot, "_locales/en/messages.json"), "utf8"));
const unreadText = (folder: string) => en.sent_folderUnread.message.replace("$1", folder);

describe("scan --sent", () => {
  const dir = mkdtempSync(join(tmpdir(), "bs-sent-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const variants = { lf: sentMbox, crlf: sentMbox.replace(/\n/g, "\r\n"), cr: sentMbox.replace(/\n/g, "\r") };
  for (const [name, text] of Object.entries(variants)) writeFileSync(join(dir, `Sent-${name}`), text, "latin1");

  it.each(Object.keys(variants))("reads a Sent mbox with %s line ends: the demo's own mail stays own mail", (name) => {
    const run = runCli(["scan", "--json", "--me", me, "--sent", join(dir, `Sent-${name}`), "demo/inbox"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const lines = jsonLines(run.stdout);
    const summary = lines.pop().summary;
    expect(Object.fromEntries(lines.map((l) => [l.source.replace(/^demo\//, ""), l.verdict]))).toEqual(expected);
    expect(summary.warnings).toEqual([]);
    expect(readdirSync(join(demo, "inbox")).length).toBe(lines.length);
  });

  it("warns about a Sent folder that holds data but gives no sent message, on stderr, in the report and in the JSON summary", () => {
    const junk = join(dir, "Sent-junk");
    writeFileSync(junk, "this is not a mail folder\n".repeat(100));
    const json = runCli(["scan", "--json", "--me", me, "--sent", junk, "demo/inbox"]);
    expect(json.status).toBe(0);
    expect(json.stderr).toBe(`bounce-sentinel: ${unreadText(junk)}\n`);
    const summary = jsonLines(json.stdout).pop().summary;
    expect(summary.warnings).toEqual([{ kind: "sent-folder-unread", folder: junk, size: 2600, detail: unreadText(junk) }]);
    const readable = runCli(["scan", "--me", me, "--sent", junk, "demo/inbox"]);
    expect(readable.stdout.split("\n").slice(0, 3)).toContain(`!! ${unreadText(junk)}`);
    const ja = runCli(["scan", "--me", me, "--sent", junk, "demo/inbox"], { BOUNCE_SENTINEL_LANG: "ja" });
    expect(ja.stdout).toContain("送信済みトレイ");
  });

  it("does not warn about an empty Sent folder, nor about one that gave messages", () => {
    writeFileSync(join(dir, "Sent-empty"), "");
    const run = runCli(["scan", "--json", "--me", me, "--sent", join(dir, "Sent-empty"), "--sent", join(dir, "Sent-lf"), "demo/inbox"]);
    expect(run.stderr).toBe("");
    expect(jsonLines(run.stdout).pop().summary.warnings).toEqual([]);
  });
});
