// Hostile aggregate-report archives: each is refused with a clear record, in bounded time and memory. The
// built CLI reads each one in a child process whose heap is limited (it would die beyond the limit) and whose
// CPU time is bounded; CPU time and peak memory are printed as figures.
import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8 } from "fflate";
import { gzip, multipart, zip } from "../fixtures/dmarc/mail.mjs";
import { repoRoot } from "../cli/run-cli";

const HEAP_LIMIT_MIB = 192;
/** CPU time (not wall time: other work on the machine does not count); the worst case uses about 1.5 s. */
const CPU_LIMIT_MS = 15_000;
const dir = mkdtempSync(join(tmpdir(), "bs-dmarc-hostile-"));

const HEAD = `<?xml version="1.0"?><feedback><report_metadata><org_name>hostile.example</org_name><email>a@hostile.example</email>`
  + `<report_id>h-1</report_id><date_range><begin>1760054400</begin><end>1760140800</end></date_range></report_metadata>`
  + `<policy_published><domain>hinode-print.example.jp</domain><p>none</p></policy_published>`;
const RECORD = `<record><row><source_ip>198.51.100.7</source_ip><count>1</count><policy_evaluated><disposition>none</disposition>`
  + `<dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>hinode-print.example.jp</header_from>`
  + `</identifiers><auth_results><spf><domain>hinode-print.example.jp</domain><result>fail</result></spf></auth_results></record>`;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** 10 million records as a multi-member gzip: one member of 10,000 identical records, repeated. */
function tenMillionRecords(): Uint8Array {
  const block = gzip(RECORD.repeat(10_000));
  return concat([gzip(HEAD), ...Array.from({ length: 1000 }, () => block), gzip("</feedback>")]);
}

/** 256 MiB of blanks inside a report: a 16 MiB member repeated, some 400 KB compressed. */
function gzipBomb(): Uint8Array {
  const member = gzip(new Uint8Array(16 * 1024 * 1024).fill(0x20));
  return concat([gzip(HEAD), ...Array.from({ length: 16 }, () => member)]);
}

function mailWith(name: string, type: string, bytes: Uint8Array): string {
  return multipart({
    from: "dmarc-noreply@hostile.example", to: "dmarc-rua@hinode-print.example.jp", date: "Sun, 12 Oct 2025 06:00:00 +0000",
    messageId: `<${name}@hostile.example>`, subject: `Report Domain: hinode-print.example.jp Submitter: hostile.example Report-ID: <${name}>`,
    text: "", part: { name, type, bytes },
  });
}

const LAUGHS = `<?xml version="1.0"?><!DOCTYPE feedback [<!ENTITY a "lollollollollollollollollollol">`
  + Array.from({ length: 9 }, (_, i) => `<!ENTITY ${"b".repeat(i + 1)} "${`&${i ? "b".repeat(i) : "a"};`.repeat(10)}">`).join("")
  + `]><feedback><report_metadata><org_name>&bbbbbbbbb;</org_name></report_metadata></feedback>`;
const EXTERNAL = `<?xml version="1.0"?><!DOCTYPE feedback [<!ENTITY x SYSTEM "file:///etc/passwd">]><feedback><report_metadata>`
  + `<org_name>&x;</org_name></report_metadata></feedback>`;

const CASES: { name: string; file: () => string; refusal: RegExp }[] = [
  { name: "10 million records (multi-member gzip)", file: () => mailWith("records.xml.gz", "application/gzip", tenMillionRecords()), refusal: /more than 100000 records/ },
  { name: "gzip bomb (256 MiB of blanks)", file: () => mailWith("bomb.xml.gz", "application/gzip", gzipBomb()), refusal: /inflates beyond 64 MiB/ },
  { name: "zip bomb (one 80 MiB entry)", file: () => mailWith("bomb.zip", "application/zip", zip({ "r.xml": strToU8(HEAD + " ".repeat(80 * 1024 * 1024)) })), refusal: /inflates beyond 64 MiB/ },
  { name: "zip of 40 entries", file: () => mailWith("many.zip", "application/zip", zip(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`r${i}.xml`, HEAD])))), refusal: /more than 16 zip entries/ },
  { name: "zip entry path ../../", file: () => mailWith("path.zip", "application/zip", zip({ "../../.bashrc.xml": HEAD + "</feedback>" })), refusal: /unsafe path name/ },
  { name: "zip entry absolute path", file: () => mailWith("abs.zip", "application/zip", zip({ "/etc/cron.d/report.xml": HEAD + "</feedback>" })), refusal: /unsafe path name/ },
  { name: "entity expansion (billion laughs)", file: () => mailWith("laughs.xml", "text/xml", strToU8(LAUGHS)), refusal: /document type declaration/ },
  { name: "external entity", file: () => mailWith("xxe.xml.gz", "application/gzip", gzip(EXTERNAL)), refusal: /document type declaration/ },
  { name: "nesting 100,000 deep", file: () => mailWith("deep.xml.gz", "application/gzip", gzip(`<feedback>${"<x>".repeat(100_000)}`)), refusal: /nested deeper than/ },
  { name: "truncated gzip", file: () => mailWith("cut.xml.gz", "application/gzip", gzip(HEAD + RECORD.repeat(500) + "</feedback>").subarray(0, 300)), refusal: /gzip data ends early|not readable gzip/ },
  { name: "neither gzip, zip nor XML", file: () => mailWith("noise.zip", "application/zip", new Uint8Array(4096).fill(7)), refusal: /neither gzip, zip nor XML/ },
];

describe("hostile aggregate-report archives", () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(repoRoot, "scripts/build.mjs"), "--cli-only"], { stdio: "inherit" });
  });

  it.each(CASES)("refuses $name with a clear record, within the CPU and heap limits", { timeout: 120_000 }, ({ name, file, refusal }) => {
    const path = join(dir, `${name.replace(/\W+/g, "-")}.eml`);
    writeFileSync(path, file());
    const result = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_LIMIT_MIB}`, join(import.meta.dirname, "measure.mjs"), "parse", "--json", path],
      { cwd: repoRoot, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(result.status, result.stderr).toBe(0);
    const line = JSON.parse(result.stdout.trim());
    const measure = JSON.parse(/MEASURE (.*)/.exec(result.stderr)![1]!) as { cpuMs: number; maxRssMiB: number };
    console.log(`dmarc hostile: ${name}: ${measure.cpuMs} ms CPU, peak RSS ${measure.maxRssMiB} MiB, record: ${line.dmarc?.errors?.[0]}`);
    expect(line.error).toBeUndefined();
    expect(line.dmarc.reports).toEqual([]);
    expect(line.dmarc.errors).toHaveLength(1);
    expect(line.dmarc.errors[0]).toMatch(refusal);
    expect(measure.cpuMs).toBeLessThan(CPU_LIMIT_MS);
  });
});
