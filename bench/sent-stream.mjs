// Sent folders of any size (issue 15 item 3): `bounce-sentinel scan --sent FILE` over generated Thunderbird-style
// Sent mbox files of BENCH_SENT_GIB GiB each (default 1 and 4), made in the temp directory and deleted afterwards.
// Side by side in the same run, as baselines: the same file read in 1 MiB chunks by a bare Node process (the cost
// of the reading alone), and the CLI over a 16 MiB Sent file (the memory the command needs anyway). Peak memory is
// each process's maxRSS at exit; time is wall time. Prints one JSON line.
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const GiB = 2 ** 30;
const sizes = (process.env.BENCH_SENT_GIB ?? "1,4").split(",").map(Number).filter((n) => n > 0);
const work = mkdtempSync(join(tmpdir(), "bs-bench-sent-"));

execFileSync(process.execPath, [join(root, "scripts/build.mjs"), "--cli-only"], { stdio: "inherit" });

// Preloaded into each measured process: at exit it writes its peak RSS to a side file.
const report = join(work, "rss.json");
const preload = join(work, "measure.mjs");
writeFileSync(preload, `import { writeFileSync } from "node:fs";
process.on("exit", () => writeFileSync(${JSON.stringify(report)}, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS })));
`);
const readAlone = join(work, "read-alone.mjs");
writeFileSync(readAlone, `import { openSync, readSync } from "node:fs";
const fd = openSync(process.argv[2], "r");
let total = 0;
for (let got; (got = readSync(fd, Buffer.allocUnsafe(1 << 20), 0, 1 << 20, null)) > 0; ) total += got;
console.log(total);
`);

/** Base64 lines of an attachment, sliced to each message's size (76 characters and LF a line). */
const BASE64_LINE = Buffer.from(Array.from({ length: 57 }, (_, i) => (i * 37) % 256)).toString("base64") + "\n";
const ATTACHMENT = BASE64_LINE.repeat(Math.ceil((512 << 10) / BASE64_LINE.length));

/**
 * A sent message as Thunderbird stores it: text and HTML (~3.5 KB) with a body line escaped as ">From ", and one
 * message in four with a PDF of 64-448 KB, so that a Sent folder averages ~65 KB a message (a 4 GiB folder holds
 * ~66,000 messages, like the 50,000-message Sent folder of issue 13).
 */
function sentMessage(n) {
  const text = `Dear customer ${n},\n\nthank you for your order. Your plants leave our nursery on Monday.\n>From the garden team, with care.\n`
    + "Watering: twice a week in the first month, then as the soil dries.\n".repeat(12);
  const html = `<html><body><p>Dear customer ${n},</p>` + "<p>Watering: twice a week in the first month, then as the soil dries.</p>\n".repeat(14) + "</body></html>\n";
  const day = 1 + (n % 28);
  const pdf = n % 4 === 3 ? ATTACHMENT.slice(0, BASE64_LINE.length * Math.floor((((n >> 2) % 7) + 1) * (64 << 10) / BASE64_LINE.length)) : "";
  const attachment = pdf && `--------------m${n}
Content-Type: application/pdf; name="quote-${n}.pdf"
Content-Disposition: attachment; filename="quote-${n}.pdf"
Content-Transfer-Encoding: base64

${pdf}
`;
  const alternative = `--------------b${n}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 7bit

${text}
--------------b${n}
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: 7bit

${html}
--------------b${n}--
`;
  const body = pdf
    ? `Content-Type: multipart/mixed; boundary="------------m${n}"

This is a multi-part message in MIME format.
--------------m${n}
Content-Type: multipart/alternative; boundary="------------b${n}"

${alternative}
${attachment}--------------m${n}--
`
    : `Content-Type: multipart/alternative; boundary="------------b${n}"

This is a multi-part message in MIME format.
${alternative}`;
  return `From - Mon Nov ${String(day).padStart(2, " ")} 09:12:03 2026
X-Mozilla-Status: 0001
X-Mozilla-Status2: 00800000
Message-ID: <${n.toString(36)}.${(n * 7919).toString(36)}@brightleaf-garden.example.com>
Date: Mon, ${day} Nov 2026 09:12:03 +0900
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
From: Emma <emma@brightleaf-garden.example.com>
To: Customer ${n} <customer${n % 50_000}@example${n % 97}.com>
Cc: orders@brightleaf-garden.example.com
Subject: Your order ${n}
${body}
`;
}

/** Writes a Sent mbox of about `bytes` bytes; returns its message count. */
function writeSent(path, bytes) {
  const fd = openSync(path, "w");
  let written = 0;
  let n = 0;
  while (written < bytes) {
    let block = "";
    while (block.length < 8 << 20) block += sentMessage(n++);
    written += writeSync(fd, block);
  }
  closeSync(fd);
  return n;
}

function measure(args) {
  rmSync(report, { force: true });
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["--import", preload, ...args], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${args.join(" ")} failed (${run.status}): ${run.stderr}`);
  return { seconds, peakRssMB: JSON.parse(readFileSync(report, "utf8")).maxRssKiB / 1024, stdout: run.stdout, stderr: run.stderr };
}

const me = "emma@brightleaf-garden.example.com";
const scan = (sent) => {
  const m = measure([join(root, "bin/bounce-sentinel.js"), "scan", "--me", me, "--sent", sent, join(root, "demo/inbox")]);
  const logged = Number(/Sent log: (\d+) messages/.exec(m.stdout)?.[1]);
  return { seconds: m.seconds, peakRssMB: m.peakRssMB, sentLogMessages: logged, warnings: m.stderr.trim() };
};

try {
  const small = join(work, "Sent-16MiB");
  const smallMessages = writeSent(small, 16 << 20);
  const baseline = scan(small);
  if (baseline.sentLogMessages !== smallMessages) throw new Error(`16 MiB Sent: ${baseline.sentLogMessages} of ${smallMessages} messages`);
  const files = [];
  for (const gib of sizes) {
    const path = join(work, `Sent-${gib}GiB`);
    const messages = writeSent(path, gib * GiB);
    const bytes = statSync(path).size;
    const readOnly = measure([readAlone, path]);
    const ours = scan(path);
    rmSync(path);
    if (ours.sentLogMessages !== messages) throw new Error(`${gib} GiB Sent: ${ours.sentLogMessages} of ${messages} messages in the log`);
    files.push({
      gib, bytes, messages, seconds: ours.seconds, peakRssMB: ours.peakRssMB, mbPerSecond: bytes / 2 ** 20 / ours.seconds,
      readAlone: { seconds: readOnly.seconds, peakRssMB: readOnly.peakRssMB },
      timeRatioToReadAlone: ours.seconds / readOnly.seconds,
      rssRatioTo16MiB: ours.peakRssMB / baseline.peakRssMB,
    });
  }
  console.log(JSON.stringify({ name: "sent-stream", boundMB: 200, sent16MiB: { seconds: baseline.seconds, peakRssMB: baseline.peakRssMB }, files }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
