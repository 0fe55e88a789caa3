// The CLI on any file system (issue 15): special files, unreadable paths, names that are not UTF-8, deep
// and wide trees, symlinks and loops, a full disk or a closed pipe on stdout, and hostile text in the report.
// Each case runs the built command with a timeout, so a hang fails instead of stalling the suite.
import { afterAll, describe, expect, it } from "vitest";
import { chmodSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { bin, buildCli, jsonLines, runCli, shared } from "./run-cli";

const corpus = join(shared, "corpus", "sisimai");
const bounce = readFileSync(join(corpus, "lhost-postfix-01.eml"));
const TIMEOUT = 30_000;
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "bs-fs-"));
  chmodSync(dir, 0o755); // readable by the unprivileged user of the permission cases
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) {
    spawnSync("chmod", ["-R", "u+rwx", dir]);
    spawnSync("rm", ["-rf", dir]); // rm walks a tree deeper than PATH_MAX; rmSync does not
  }
});

const parse = (paths: string[], options = {}) => runCli(["parse", "--json", ...paths], {}, { timeout: TIMEOUT, ...options });
const sources = (stdout: string) => jsonLines(stdout).map((r) => r.source);
/** No stack trace and no crash: every stderr line is one of the command's own messages. */
const ownMessagesOnly = (stderr: string) => {
  for (const line of stderr.split("\n").filter(Boolean)) expect(line).toMatch(/^bounce-sentinel: /);
};

describe("special files", () => {
  it("reports a FIFO, /dev/zero and a socket per path, never reading them, and reads the rest", async () => {
    const dir = tempDir();
    const fifo = join(dir, "fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const socket = join(dir, "socket");
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    const mail = join(dir, "mail.eml");
    writeFileSync(mail, bounce);
    try {
      const started = Date.now();
      const run = parse([fifo, "/dev/zero", socket, mail]);
      expect(run.signal).toBeNull(); // not killed by the timeout
      expect(Date.now() - started).toBeLessThan(TIMEOUT);
      expect(run.status).toBe(1);
      expect(sources(run.stdout)).toEqual([mail]);
      expect(run.stderr).toContain(`${fifo}: not a regular file (a FIFO)`);
      expect(run.stderr).toContain("/dev/zero: not a regular file (a character device)");
      expect(run.stderr).toContain(`${socket}: not a regular file (a socket)`);
      ownMessagesOnly(run.stderr);
    } finally {
      server.close();
    }
  });

  it("reports a FIFO or a device given as --sent and still scans", () => {
    const dir = tempDir();
    const fifo = join(dir, "Sent");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    writeFileSync(join(dir, "mail.eml"), bounce);
    const run = runCli(["scan", "--json", "--me", "me@example.com", "--sent", fifo, "--sent", "/dev/zero", join(dir, "mail.eml")], {},
      { timeout: TIMEOUT });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${fifo}: not a regular file (a FIFO)`);
    expect(run.stderr).toContain("/dev/zero: not a regular file (a character device)");
    expect(jsonLines(run.stdout).at(-1).summary.messages).toBe(1);
  });

  it("leaves FIFOs inside a directory alone (only regular files are input)", () => {
    const dir = tempDir();
    expect(spawnSync("mkfifo", [join(dir, "a-fifo")]).status).toBe(0);
    writeFileSync(join(dir, "b.eml"), bounce);
    const run = parse([dir]);
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
    expect(sources(run.stdout)).toEqual([join(dir, "b.eml")]);
  });
});

describe("unreadable paths", () => {
  // As root every file is readable: the command then runs as an unprivileged user (setpriv, util-linux).
  const asUser = process.getuid?.() === 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"] : [];

  it("reports an unreadable file and an unreadable directory, reads everything else, and exits 1", () => {
    const dir = tempDir();
    for (const name of ["a.eml", "secret.eml", "z.eml"]) writeFileSync(join(dir, name), bounce, { mode: 0o644 });
    mkdirSync(join(dir, "locked"));
    writeFileSync(join(dir, "locked", "x.eml"), bounce, { mode: 0o644 });
    mkdirSync(join(dir, "open"), { mode: 0o755 });
    writeFileSync(join(dir, "open", "y.eml"), bounce, { mode: 0o644 });
    chmodSync(join(dir, "secret.eml"), 0);
    chmodSync(join(dir, "locked"), 0);
    const run = parse([dir], { prefix: asUser });
    expect(run.status).toBe(1);
    expect(sources(run.stdout)).toEqual([join(dir, "a.eml"), join(dir, "open", "y.eml"), join(dir, "z.eml")]);
    expect(run.stderr).toContain(`${join(dir, "secret.eml")}: permission denied (EACCES)`);
    expect(run.stderr).toContain(`${join(dir, "locked")}: permission denied (EACCES)`);
    ownMessagesOnly(run.stderr);
  });
});

describe("file names that are not UTF-8", () => {
  it("reads them inside a directory and as arguments, shown with \\xNN for the other bytes", () => {
    const dir = tempDir();
    const name = Buffer.concat([Buffer.from("caf"), Buffer.from([0xe9]), Buffer.from(".eml")]); // Latin-1 "café.eml"
    writeFileSync(Buffer.concat([Buffer.from(dir + "/"), name]), bounce);
    const inDir = parse([dir]);
    expect(inDir.status).toBe(0);
    expect(inDir.stderr).toBe("");
    expect(sources(inDir.stdout)).toEqual([`${dir}/caf\\xe9.eml`]);
    expect(jsonLines(inDir.stdout)[0].isBounce).toBe(true);
    // Node cannot pass such an argument itself; the shell can.
    const asArgument = spawnSync("bash", ["-c", `exec "$0" "$1" parse --json "$(printf '%s/caf\\351.eml' "$2")"`, process.execPath, bin, dir],
      { encoding: "utf8", timeout: TIMEOUT });
    expect(asArgument.stderr).toBe("");
    expect(asArgument.status).toBe(0);
    expect(sources(asArgument.stdout)).toEqual([`${dir}/caf\\xe9.eml`]);
  });
});

describe("deep and wide trees", () => {
  it("reads a 3,000-deep tree, past the system's path length limit", () => {
    const dir = tempDir();
    // Made by a child that walks down with chdir (no path it uses is long); a shell's cd is quadratic here.
    const made = spawnSync(process.execPath, ["-e", `const fs = require("node:fs"); process.chdir(process.argv[1]);
      for (let i = 1; i <= 3000; i++) { fs.mkdirSync("d"); process.chdir("d"); if (i % 1500 === 0) fs.copyFileSync(process.argv[2], "m.eml"); }`,
      dir, join(corpus, "lhost-postfix-01.eml")], { encoding: "utf8" });
    expect(made.stderr).toBe("");
    const run = parse([dir]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const deep = (levels: number) => join(dir, ...Array.from({ length: levels }, () => "d"), "m.eml");
    expect(sources(run.stdout)).toEqual([deep(3000), deep(1500)]); // sorted paths: ".../d/d/..." before ".../d/m.eml"
    expect(Buffer.byteLength(deep(3000))).toBeGreaterThan(4096);
    expect(jsonLines(run.stdout).every((r) => r.isBounce)).toBe(true);
  });

  it("reads a subdirectory of 130,000 files", { timeout: 300_000 }, () => {
    const dir = tempDir();
    const made = spawnSync("bash", ["-c", `mkdir "$1/sub" && cd "$1/sub" && seq -w 1 130000 | xargs touch`, "bash", dir]);
    expect(made.status).toBe(0);
    const run = runCli(["parse", "--json", dir], {}, { timeout: 240_000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const got = sources(run.stdout);
    expect(got.length).toBe(130_000);
    expect(got[0]).toBe(join(dir, "sub", "000001"));
    expect(got.at(-1)).toBe(join(dir, "sub", "130000"));
  });
});

describe("symlinks", () => {
  it("follows links to files and directories, reads a file once, and reports loops and broken links", () => {
    const outside = tempDir();
    writeFileSync(join(outside, "elsewhere.eml"), bounce);
    mkdirSync(join(outside, "folder"));
    writeFileSync(join(outside, "folder", "f.eml"), bounce);
    const dir = tempDir();
    writeFileSync(join(dir, "a.eml"), bounce);
    symlinkSync(join(outside, "elsewhere.eml"), join(dir, "b-link.eml"));
    symlinkSync("a.eml", join(dir, "c-same.eml")); // the same file as a.eml: read once
    symlinkSync(join(outside, "folder"), join(dir, "d-folder"));
    mkdirSync(join(dir, "e"));
    symlinkSync("..", join(dir, "e", "up")); // back to dir: a loop
    symlinkSync("self", join(dir, "self")); // a link to itself
    symlinkSync("nowhere", join(dir, "x-broken"));
    const run = parse([dir]);
    expect(run.signal).toBeNull();
    expect(run.status).toBe(1);
    expect(sources(run.stdout)).toEqual([join(dir, "a.eml"), join(dir, "b-link.eml"), join(dir, "d-folder", "f.eml")]);
    expect(run.stderr).toContain(`${join(dir, "e", "up")}: symlink loop`);
    expect(run.stderr).toContain(`${join(dir, "self")}: too many symbolic links encountered (ELOOP)`);
    expect(run.stderr).toContain(`${join(dir, "x-broken")}: no such file or directory (ENOENT)`);
    ownMessagesOnly(run.stderr);
  });
});

describe("stdout that fails", () => {
  it("ends quietly with status 1 on a full disk (ENOSPC), without a stack trace", () => {
    buildCli();
    const full = openSync("/dev/full", "w");
    try {
      const run = runCli(["parse", "--json", corpus], {}, { timeout: TIMEOUT, stdio: ["ignore", full, "pipe"] });
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toMatch(/^bounce-sentinel: cannot write the output: ENOSPC/);
      expect(run.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    } finally {
      closeSync(full);
    }
  });

  it("stops quietly with status 0 when the reader closes the pipe (EPIPE)", () => {
    buildCli();
    const run = spawnSync("bash", ["-c", `"$0" "$1" parse --json "$2" | head -c 100 >/dev/null; echo "status=\${PIPESTATUS[0]}"`,
      process.execPath, bin, corpus], { encoding: "utf8", timeout: TIMEOUT });
    expect(run.stdout.trim()).toBe("status=0");
    expect(run.stderr).toBe("");
  });
});

describe("hostile text in the readable report", () => {
  const hostile = "\x1b]0;pwned\x07\x1b[2J\u202eGREAT\u2066 \x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\ \x9b31m\u200fend";
  const dsn = (subject: string) => [
    "From: MAILER-DAEMON@mx.example.net", "To: me@example.com", "Subject: Undelivered Mail Returned to Sender",
    "Date: Mon, 2 Nov 2026 09:12:03 +0000", "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"', "",
    "--B", "Content-Type: text/plain", "", "This is the mail system at host mx.example.net.", "",
    "--B", "Content-Type: message/delivery-status", "", "Reporting-MTA: dns; mx.example.net", "",
    "Final-Recipient: rfc822; nobody@example.org", "Action: failed", "Status: 5.1.1", "Diagnostic-Code: smtp; 550 5.1.1 user unknown", "",
    "--B", "Content-Type: message/rfc822", "", "From: me@example.com", "To: nobody@example.org",
    `Subject: =?UTF-8?B?${Buffer.from(subject).toString("base64")}?=`, "Message-ID: <hostile-1@example.com>", "", "hello", "--B--", "",
  ].join("\r\n");
  const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

  it("strips escape sequences, C0/C1 and bidi controls from mail text and file names; JSON stays exact", () => {
    const dir = tempDir();
    const file = join(dir, "evil\x1b[31m\u202e.eml");
    writeFileSync(file, dsn(hostile));
    const json = parse([file]);
    expect(json.status).toBe(0);
    expect(jsonLines(json.stdout)[0].original.subject).toBe(hostile);
    expect(jsonLines(json.stdout)[0].source).toBe(file);
    for (const command of [["parse", file], ["scan", "--me", "me@example.com", file]]) {
      const run = runCli(command, {}, { timeout: TIMEOUT });
      expect(run.status).toBe(0);
      expect(run.stdout).toContain("GREAT");
      expect(run.stdout).toContain("click");
      expect(run.stdout).not.toContain("pwned");
      expect(run.stdout).not.toContain("evil.example");
      expect(run.stdout).toContain(join(dir, "evil.eml"));
      expect(run.stdout).not.toMatch(UNSAFE);
    }
    const missing = runCli(["parse", join(dir, "gone\x1b]0;x\x07\u202e")], {}, { timeout: TIMEOUT });
    expect(missing.status).toBe(1);
    expect(missing.stderr.replace(/\n/g, "")).not.toMatch(UNSAFE);
  });
});
