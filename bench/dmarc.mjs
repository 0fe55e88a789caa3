// Reading a 1 MB compressed DMARC aggregate report (gzip attachment of a Microsoft-shaped mail, varied
// records: IPv4 and IPv6 sources, pass and fail, several DKIM and SPF results each), side by side with a
// baseline: fflate inflating the same attachment alone (no XML). Each is measured in a process of its own,
// started after the report is built, so that its peak resident memory is the reading's and not the
// builder's; timings are the best of PASSES in that process, peak memory that of the first read. The
// hostile archives of the tests (test/fixtures/dmarc/hostile.mjs) are read once each the same way, for
// their time and memory until refused. Prints one JSON line.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleForNode } from "./bundle.mjs";

const PASSES = 5;
const TARGET_COMPRESSED = 1024 * 1024;
const [, self, role, corePath, mailPath] = process.argv;

const rssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

/**
 * A child: reads the mail PASSES times (role "read"), once ("hostile"), or inflates the attachment in
 * `${mailPath}.gz` only ("inflate").
 */
async function measure() {
  const { analyzeMessage } = await import(pathToFileURL(corePath).href);
  const { gunzipSync } = await import("fflate");
  const mail = new Uint8Array(readFileSync(mailPath));
  const compressed = role === "inflate" ? new Uint8Array(readFileSync(`${mailPath}.gz`)) : null;
  const startRssMiB = rssMiB();
  let best = Infinity;
  let result = null;
  let peakRssMiB = 0;
  for (let pass = 0; pass < (role === "hostile" ? 1 : PASSES); pass++) {
    const t0 = performance.now();
    if (compressed) gunzipSync(compressed);
    else result = await analyzeMessage(mail);
    best = Math.min(best, performance.now() - t0);
    if (pass === 0) peakRssMiB = rssMiB();
  }
  const report = result?.dmarc?.reports[0];
  console.log(JSON.stringify({
    ms: best, startRssMiB, peakRssMiB,
    ...(report ? { records: report.recordCount, sources: report.sources.length, messages: report.sources.reduce((n, s) => n + s.count, 0) } : {}),
    ...(result ? { errors: result.dmarc?.errors ?? null } : {}),
  }));
}

if (role) await measure();
else await run();

async function run() {
  const { gzip, multipart } = await import("../test/fixtures/dmarc/mail.mjs");
  const { HOSTILE_CASES } = await import("../test/fixtures/dmarc/hostile.mjs");
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const core = await bundleForNode(join(root, "src/core/analyze.ts"));
  const dir = dirname(core); // the bundle's temporary directory holds the generated mails too

  /** A fixed LCG: the same report every run. */
  let state = 12345;
  const rand = (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
  let messages = 0;
  const record = () => {
    const v6 = rand(5) === 0;
    const ip = v6 ? `2001:db8:${rand(65536).toString(16)}::${rand(65536).toString(16)}` : `${[192, 198, 203][rand(3)]}.${rand(256)}.${rand(256)}.${rand(256)}`;
    const pass = rand(3) > 0;
    const dkim = pass ? "pass" : "fail";
    const count = 1 + rand(500);
    messages += count;
    return `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>${pass ? "none" : ["none", "quarantine", "reject"][rand(3)]}</disposition>`
      + `<dkim>${dkim}</dkim><spf>${rand(2) ? "pass" : "fail"}</spf></policy_evaluated></row><identifiers><envelope_to>rcpt${rand(900)}.example.com</envelope_to>`
      + `<envelope_from>${rand(4) ? "hinode-print.example.jp" : `bounce${rand(99)}.example.net`}</envelope_from><header_from>hinode-print.example.jp</header_from></identifiers>`
      + `<auth_results><dkim><domain>hinode-print.example.jp</domain><selector>s${rand(9)}</selector><result>${dkim}</result></dkim>`
      + `<dkim><domain>esp${rand(50)}.example.net</domain><selector>k${rand(9)}</selector><result>${rand(2) ? "pass" : "fail"}</result></dkim>`
      + `<spf><domain>hinode-print.example.jp</domain><scope>mfrom</scope><result>${["pass", "fail", "softfail", "neutral"][rand(4)]}</result></spf></auth_results></record>\n`;
  };
  const head = `<?xml version="1.0"?>\n<feedback><version>1.0</version><report_metadata><org_name>Enterprise Outlook</org_name><email>dmarcreport@microsoft.com</email>`
    + `<report_id>bench-1</report_id><date_range><begin>1760040000</begin><end>1760126400</end></date_range></report_metadata>`
    + `<policy_published><domain>hinode-print.example.jp</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>\n`;
  const records = [];
  let compressed = gzip(head + "</feedback>");
  while (compressed.length < TARGET_COMPRESSED) {
    for (let i = 0; i < 2000; i++) records.push(record());
    compressed = gzip(head + records.join("") + "</feedback>");
  }
  const xmlBytes = new TextEncoder().encode(head + records.join("") + "</feedback>").length;
  const mail = new TextEncoder().encode(multipart({
    from: "DMARC Aggregate Report <dmarcreport@microsoft.com>", to: "dmarc-rua@hinode-print.example.jp", date: "Sat, 11 Oct 2025 01:00:00 +0000",
    messageId: "<bench-1@microsoft.com>", subject: "Report Domain: hinode-print.example.jp Submitter: enterprise.protection.outlook.com Report-ID: bench-1",
    text: "This is a DMARC aggregate report from Microsoft Corporation.\r\n",
    part: { name: "enterprise.protection.outlook.com!hinode-print.example.jp!1760040000!1760126400.xml.gz", type: "application/gzip", bytes: compressed },
  }));
  const mailPath = join(dir, "report.eml");
  writeFileSync(mailPath, mail);
  writeFileSync(`${mailPath}.gz`, compressed);

  const child = (childRole, path = mailPath) => JSON.parse(execFileSync(process.execPath, [self, childRole, core, path], { cwd: root, encoding: "utf8" }));
  const read = child("read");
  const inflate = child("inflate");
  const hostile = HOSTILE_CASES.filter((c) => c.maxInflated > 1024 * 1024).map((c, i) => {
    const path = join(dir, `hostile-${i}.eml`);
    writeFileSync(path, c.mail());
    const { ms, peakRssMiB, errors } = child("hostile", path);
    return { archive: c.name, ms: Math.round(ms), peakRssMiB, refusal: errors?.[0] ?? null };
  });
  if (read.messages !== messages || read.records !== records.length) throw new Error(`bench report not read: ${JSON.stringify(read)}`);
  const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
  console.log(JSON.stringify({
    bench: "dmarc-aggregate-1mb",
    compressedBytes: compressed.length, mailBytes: mail.length, xmlBytes, records: records.length, sources: read.sources, messages,
    readMs: round(read.ms), inflateOnlyMs: round(inflate.ms), ratioToInflate: round(read.ms / inflate.ms, 2),
    xmlMBPerSecond: round(xmlBytes / 1e6 / (read.ms / 1000)), recordsPerSecond: Math.round(records.length / (read.ms / 1000)),
    processStartRssMiB: read.startRssMiB, readPeakRssMiB: read.peakRssMiB, inflateOnlyPeakRssMiB: inflate.peakRssMiB, hostile,
  }));
}
