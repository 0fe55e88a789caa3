// Reading a 1 MB compressed DMARC aggregate report (gzip attachment of a Microsoft-shaped mail, varied
// records: IPv4 and IPv6 sources, pass and fail, several DKIM and SPF results each), side by side with a
// baseline in the same run: fflate inflating the same attachment alone (no XML). Best of PASSES each,
// alternated pass by pass so that other load on the machine affects both alike. Prints one JSON line.
import { build } from "esbuild";
import { coreBundleOptions } from "../scripts/esbuild-core.mjs";
import { gunzipSync } from "fflate";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzip, multipart } from "../test/fixtures/dmarc/mail.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PASSES = 5;
const TARGET_COMPRESSED = 1024 * 1024;

async function loadCore() {
  const out = join(mkdtempSync(join(tmpdir(), "bs-bench-")), "core.mjs");
  await build({ entryPoints: [join(root, "src/core/analyze.ts")], outfile: out, ...coreBundleOptions, platform: "node",
    format: "esm", target: "node20", logLevel: "warning" });
  return import(pathToFileURL(out).href);
}

/** A fixed LCG: the same report every run. */
let state = 12345;
const rand = (n) => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state % n;
};

function record() {
  const v6 = rand(5) === 0;
  const ip = v6 ? `2001:db8:${rand(65536).toString(16)}::${rand(65536).toString(16)}` : `${[192, 198, 203][rand(3)]}.${rand(256)}.${rand(256)}.${rand(256)}`;
  const pass = rand(3) > 0;
  const dkim = pass ? "pass" : "fail";
  return `<record><row><source_ip>${ip}</source_ip><count>${1 + rand(500)}</count><policy_evaluated><disposition>${pass ? "none" : ["none", "quarantine", "reject"][rand(3)]}</disposition>`
    + `<dkim>${dkim}</dkim><spf>${rand(2) ? "pass" : "fail"}</spf></policy_evaluated></row><identifiers><envelope_to>rcpt${rand(900)}.example.com</envelope_to>`
    + `<envelope_from>${rand(4) ? "hinode-print.example.jp" : `bounce${rand(99)}.example.net`}</envelope_from><header_from>hinode-print.example.jp</header_from></identifiers>`
    + `<auth_results><dkim><domain>hinode-print.example.jp</domain><selector>s${rand(9)}</selector><result>${dkim}</result></dkim>`
    + `<dkim><domain>esp${rand(50)}.example.net</domain><selector>k${rand(9)}</selector><result>${rand(2) ? "pass" : "fail"}</result></dkim>`
    + `<spf><domain>hinode-print.example.jp</domain><scope>mfrom</scope><result>${["pass", "fail", "softfail", "neutral"][rand(4)]}</result></spf></auth_results></record>\n`;
}

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

const { analyzeMessage } = await loadCore();
const rssBefore = process.memoryUsage.rss();
let read = Infinity;
let inflate = Infinity;
let result;
for (let pass = 0; pass < PASSES; pass++) {
  let t0 = performance.now();
  result = await analyzeMessage(mail);
  read = Math.min(read, performance.now() - t0);
  t0 = performance.now();
  gunzipSync(compressed);
  inflate = Math.min(inflate, performance.now() - t0);
}
const report = result.dmarc?.reports[0];
if (!report || report.records.length !== records.length) throw new Error(`bench report not read: ${JSON.stringify(result.dmarc?.errors)}`);
const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
console.log(JSON.stringify({
  bench: "dmarc-aggregate-1mb",
  compressedBytes: compressed.length, mailBytes: mail.length, xmlBytes, records: report.records.length,
  readMs: round(read), inflateOnlyMs: round(inflate), ratioToInflate: round(read / inflate, 2),
  xmlMBPerSecond: round(xmlBytes / 1e6 / (read / 1000)), recordsPerSecond: Math.round(report.records.length / (read / 1000)),
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), rssBeforeReadsMiB: Math.round(rssBefore / 1048576),
}));
