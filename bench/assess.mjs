// Judging a big mailbox: assessMailbox (the path of the CLI's `scan`, src/cli/main.ts) over reports made in
// memory from the decoded mails of two scenario mailboxes (../shared/scenarios: mixed-own-spoofed-compromise-postfix
// for own-mail, spoofed, compromise and non-bounce shapes; undetermined-burst-no-originals-new-profile for bounces
// without an original), each copy with its own date, arrival fields (Received with their own queue ID and time,
// Message-Id) and bounced recipient (strangers; own mail keeps its recipients so that it still matches the Sent
// log), and its original one of VARIANTS variants naming other
// hosts and IPs (a real mailbox's bounces come from many servers: no few kept answers serve them all). Cases:
// MAILBOX_SIZE bounces over 90 days with a dense burst every ten days, and 10k and 40k bounces without originals
// within one day (the burst finder's worst case; also timed alone as findBursts). Each case runs in a process of its own: time of the judging (wall and CPU: the
// machine may be shared), resident memory after the mailbox was made and at the end (peak). Prints one JSON
// line. MAILBOX_SIZE=<n> in the environment judges another size (growth: compare 25k, 50k, 100k).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleForNode } from "./bundle.mjs";

const MAILBOX_SIZE = Number(process.env.MAILBOX_SIZE ?? 1_000_000);
const DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;
const START = Date.parse("2026-09-01T00:00:00Z");
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const scenarios = join(root, "..", "shared", "scenarios");
const MIXED = "mixed-own-spoofed-compromise-postfix";
const NO_ORIGINALS = "undetermined-burst-no-originals-new-profile";
const [, self, role, corePath] = process.argv;
/** Copies of each original with their own hosts and IPs (the provider's many IPs, the recipients' many servers). */
const VARIANTS = 4096;
const TRACE_FIELDS = /^(?:received|authentication-results|received-spf)$/i;
/** A host name not written as an address or parameter value (variant() keeps the person's own domain). */
const HOST = /(?<![@=\w.-])([a-z0-9-]+)((?:\.[a-z0-9-]+){2,})/gi;
const IPV4 = /\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b/g;

/** Variant `v` of a report: its original's trace fields name other hosts (siblings of the same domains) and IPs (RFC 2544's 198.18.0.0/15). */
function variant(report, v, me) {
  if (!report.original) return report;
  const ownDomains = me.map((a) => a.slice(a.indexOf("@") + 1));
  const rename = (value) => value
    .replace(HOST, (name, first, rest) => (/^[\d.]+$/.test(name) || ownDomains.some((d) => name.toLowerCase().endsWith(d)) ? name : `v${v}-${first}${rest}`))
    .replace(IPV4, (_, a, b, c, d) => `198.${18 + ((v >> 8) & 1)}.${v & 255}.${d}`);
  const headers = report.original.headers.map(([key, value]) => [key, TRACE_FIELDS.test(key) ? rename(value) : value]);
  return { ...report, original: { ...report.original, headers } };
}

/**
 * A copy's own arrival fields: its Received fields with their own queue ID and time stamp, its own Message-Id
 * and Date, as every message in a real mailbox has (so no answer kept for one field serves another copy).
 */
function envelopeHeaders(headers, time, i) {
  const stamp = new Date(time).toUTCString().replace("GMT", "+0000");
  return headers.map(([key, value]) => {
    const name = key.toLowerCase();
    if (name === "received") return [key, value.replace(/\bid [\w.-]+/, `id Q${i.toString(36).toUpperCase()}`).replace(/;[^;]*$/, `; ${stamp}`)];
    if (name === "message-id") return [key, `<bounce-${i}@mx.example.net>`];
    if (name === "date") return [key, stamp];
    return [key, value];
  });
}

const rssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

if (role) await measure();
else await run();

/** A child: makes the case's mailbox, then judges it once. */
async function measure() {
  const { analyzeMessage, iterateMbox, SentLog, assessMailbox, findBursts } = await import(pathToFileURL(corePath).href);
  const decode = async (name) => {
    const dir = join(scenarios, name, "inbox");
    const files = readdirSync(dir).filter((f) => f.endsWith(".eml")).sort();
    return Promise.all(files.map((f) => analyzeMessage(new Uint8Array(readFileSync(join(dir, f))))));
  };
  const sent = new SentLog();
  for (const raw of iterateMbox(new Uint8Array(readFileSync(join(scenarios, MIXED, "sent.mbox"))))) sent.addRawMessage(raw);
  const me = JSON.parse(readFileSync(join(scenarios, MIXED, "scenario.json"), "utf8")).me;
  const mixed = await decode(MIXED);
  const noOriginal = (await decode(NO_ORIGINALS))[0];
  const own = [mixed[1], mixed[3]];
  const others = [mixed[0], mixed[2], mixed[4], mixed[5], mixed[6]];

  /** A fixed generator (mulberry32): the same mailbox every run. */
  let state = 12345;
  const rand = (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  const variantsOf = (template) => Array.from({ length: VARIANTS }, (_, v) => variant(template, v, me));
  const variants = new Map([...own, ...others].map((template) => [template, variantsOf(template)]));
  const copy = (template, time, i) => ({
    ...(variants.get(template)?.[rand(VARIANTS)] ?? template),
    recipients: own.includes(template)
      ? template.recipients
      : template.recipients.map((r) => ({ ...r, address: `r${i}@stranger${i % 5000}.example.org` })),
    envelope: {
      ...template.envelope, messageId: `bounce-${i}@mx.example.net`, date: new Date(time).toISOString(),
      headers: envelopeHeaders(template.envelope.headers, time, i),
    },
  });
  const reports = [];
  if (role === "mailbox") {
    while (reports.length < MAILBOX_SIZE) {
      const i = reports.length;
      const day = rand(DAYS);
      if (day % 10 === 0 && rand(4) === 0) {
        // a dense burst: bounces without originals within six hours of the day's start
        reports.push(copy(noOriginal, START + day * DAY_MS + rand(6 * 3600 * 1000), i));
        continue;
      }
      const shape = rand(10);
      const template = shape < 5 ? own[rand(2)] : shape < 9 ? others[rand(others.length)] : noOriginal;
      reports.push(copy(template, START + day * DAY_MS + rand(DAY_MS), i));
    }
  } else {
    const size = Number(role);
    for (let i = 0; i < size; i++) reports.push(copy(noOriginal, START + rand(DAY_MS), i));
  }
  const startRssMiB = rssMiB();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const assessment = assessMailbox(reports, sent, { addresses: me });
  const assessMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const assessCpuMs = (cpu.user + cpu.system) / 1000;
  const peakRssMiB = rssMiB();
  const dated = reports.map((r, index) => ({ index, time: Date.parse(r.envelope.date) }));
  const t1 = performance.now();
  const bursts = findBursts(dated);
  const findBurstsMs = performance.now() - t1;
  console.log(JSON.stringify({
    reports: reports.length, assessMs, assessCpuMs, findBurstsMs, startRssMiB, peakRssMiB, verdicts: assessment.verdicts,
    alert: assessment.alert, burstMembers: bursts.members.size, largestBurst: bursts.largest,
  }));
}

async function run() {
  const core = await bundleForNode([
    'export { analyzeMessage } from "./src/core/analyze.ts";',
    'export { iterateMbox } from "./src/core/mbox.ts";',
    'export { SentLog } from "./src/core/sentlog.ts";',
    'export { assessMailbox } from "./src/core/verdict/assess.ts";',
    'export { findBursts } from "./src/core/verdict/signals/burst.ts";',
  ]);
  const child = (childRole) => JSON.parse(execFileSync(process.execPath, [self, childRole, core], { cwd: root, encoding: "utf8" }));
  const round = (n) => Math.round(n);
  const figures = (r) => ({ ...r, assessMs: round(r.assessMs), assessCpuMs: round(r.assessCpuMs), findBurstsMs: round(r.findBurstsMs) });
  console.log(JSON.stringify({
    bench: "assess-mailbox",
    mailbox1m: figures(child("mailbox")),
    oneDay10k: figures(child("10000")),
    oneDay40k: figures(child("40000")),
  }));
}
