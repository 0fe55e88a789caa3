// Background benchmarks in Node, run by bench/run.mjs (bundled with esbuild, one process per benchmark,
// started with --expose-gc). Each prints one JSON line with the background's figures and a baseline.
import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startBackground } from "../src/background/background";
import { openDatabase } from "../src/background/db";
import { SentIndex } from "../src/background/sentindex";
import type { Sentinel } from "../src/background/sentinel";
import { analyzeMessage } from "../src/core/analyze";
import { SentLog, sentEntryFromMessageHeader } from "../src/core/sentlog";
import type { BounceRecord } from "../src/shared/protocol";
import { generatedInbox, generatedSent, generatedTraces } from "../test/fakes/mailboxes";
import { FakeThunderbird, fakeMessageOf, type FakeMessage } from "../test/fakes/messenger";

const MB = 1024 * 1024;
const DAY = 24 * 3600 * 1000;
const NOW = Date.parse("2026-10-20T00:00:00Z");
const shared = join(process.cwd(), "..", "shared");
const gc = (globalThis as { gc?: () => void }).gc ?? (() => { throw new Error("run with --expose-gc"); });

/** CPU seconds, wall seconds and peak heap above the starting point (sampled while `work` runs). */
async function measure<T>(work: () => Promise<T>): Promise<{ result: T; cpuSeconds: number; wallSeconds: number; peakExtraHeapMB: number; retainedHeapMB: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sample = () => { peak = Math.max(peak, process.memoryUsage().heapUsed); };
  const timer = setInterval(sample, 2);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await work();
  const wallSeconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  sample();
  clearInterval(timer);
  gc();
  const retained = process.memoryUsage().heapUsed - base;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    result, cpuSeconds: round((used.user + used.system) / 1e6), wallSeconds: round(wallSeconds),
    peakExtraHeapMB: round((peak - base) / MB), retainedHeapMB: round(retained / MB),
  };
}

function world(): FakeThunderbird {
  return new FakeThunderbird([{ id: "account1", name: "Office", email: "staff@example.jp" }]);
}

/**
 * Live heap above `base` at its highest while `work` runs: a full GC every `every` calls of `tick`, so
 * garbage V8 has not collected yet is not counted. Run apart from the CPU measurement (GC costs CPU).
 */
async function livePeak<T>(work: (tick: () => void) => Promise<T>, every: number): Promise<number> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = 0;
  let calls = 0;
  const tick = () => {
    if (++calls % every !== 0) return;
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed - base);
  };
  await work(tick);
  tick();
  return Math.round((peak / MB) * 1000) / 1000;
}

/** A Thunderbird whose 100,000-message Sent folder calls `tick` on every page it hands out. */
function bigSentWorld(tick: () => void = () => undefined): FakeThunderbird {
  const fake = world();
  fake.store(fake.folder("account1", "sent"), generatedSent(100_000, "staff@example.jp", NOW - DAY));
  const continueList = fake.host.messages.continueList;
  fake.host.messages.continueList = async (id: string) => {
    tick();
    return continueList(id);
  };
  return fake;
}

/** Through the background: 1,000 pages listed, normalised, written to IndexedDB in chunks, the core's log built. */
async function buildThroughBackground(fake: FakeThunderbird, db: IDBDatabase): Promise<SentIndex> {
  const index = new SentIndex(db, fake.host);
  await index.sync(["account1"], NOW);
  await index.sentLog();
  return index;
}

async function sentLog100k(): Promise<object> {
  const fake = bigSentWorld();
  const sent = fake.folder("account1", "sent");
  const db = await openDatabase(new IDBFactory());
  const build = await measure(async () => (await (await buildThroughBackground(fake, db)).sentLog()).size);
  // A woken page reads the log back from IndexedDB.
  const reload = await measure(async () => (await new SentIndex(db, fake.host).sentLog()).size);
  let kept: SentIndex | null = null;
  const liveFake = bigSentWorld(() => tickRef());
  let tickRef: () => void = () => undefined;
  const livePeakMB = await livePeak(async (tick) => {
    tickRef = tick;
    kept = await buildThroughBackground(liveFake, await openDatabase(new IDBFactory()));
  }, 50);
  void kept;
  // Baseline: the core's SentLog from the same headers in memory, no paging and no storage.
  const headers = fake.messagesIn(sent);
  const baseline = await measure(async () => {
    const log = new SentLog();
    for (const h of headers) log.add(sentEntryFromMessageHeader(h));
    return log.size;
  });
  return {
    name: "sent-log-100k", messages: build.result, cpuSeconds: build.cpuSeconds, wallSeconds: build.wallSeconds,
    peakHeapMB: livePeakMB, peakHeapUsedWithGarbageMB: build.peakExtraHeapMB, retainedHeapMB: build.retainedHeapMB,
    listCalls: fake.calls.list, continueListCalls: fake.calls.continueList,
    reloadFromIndexedDB: { cpuSeconds: reload.cpuSeconds, peakHeapMB: reload.peakExtraHeapMB },
    baselineCoreInMemory: { cpuSeconds: baseline.cpuSeconds, peakHeapMB: baseline.peakExtraHeapMB, retainedHeapMB: baseline.retainedHeapMB },
    targets: { cpuSeconds: 5, peakHeapMB: 50 },
  };
}

/** Real bounces from the corpus (non-delivery and delay reports), each given its own Message-ID. */
async function realBounces(count: number): Promise<FakeMessage[]> {
  const truth = JSON.parse(readFileSync(join(shared, "corpus/sisimai/truth.json"), "utf8")) as { files: Record<string, { kind: string }> };
  const files = Object.entries(truth.files).filter(([, t]) => ["lhost", "rhost", "rfc3464"].includes(t.kind)).map(([f]) => f).sort();
  const out: FakeMessage[] = [];
  for (let i = 0; i < count; i++) {
    const file = files[(i * 37) % files.length]!;
    const m = await fakeMessageOf(new Uint8Array(readFileSync(join(shared, "corpus/sisimai", file))));
    out.push({ ...m, headerMessageId: `bench-bounce-${i}@example.jp`, date: new Date(NOW - DAY + i * 60_000) });
  }
  return out;
}

/**
 * 10,000 new messages through the background: 100 real bounces, 40 account traces that are not bounces
 * (auto-replies from strangers, a Microsoft 365 alert, its look-alike, feedback-loop complaints) and ordinary
 * mail (people's "Re:" from strangers among it). Getting the raw message is the cost screening saves.
 */
async function screen10k(): Promise<object> {
  const bounces = await realBounces(100);
  const traces = generatedTraces(40, "staff@example.jp", NOW - DAY + 30_000);
  const ordinary = generatedInbox(9_860, "staff@example.jp", NOW - DAY);
  const stream: FakeMessage[] = [];
  for (let i = 0, b = 0, t = 0, o = 0; i < 10_000; i++) {
    if (i % 100 === 50) stream.push(bounces[b++]!);
    else if (i % 250 === 120 && t < traces.length) stream.push(traces[t++]!);
    else stream.push(ordinary[o++]!);
  }
  const fake = world();
  const idb = new IDBFactory();
  let page: Promise<Sentinel> | null = null;
  fake.pageScript = () => (page = startBackground(fake.pageHost(), idb, { now: () => NOW, sleep: async () => undefined }));
  await fake.load();
  await (await page!).settled();
  const inbox = fake.folder("account1", "inbox");
  const run = await measure(async () => {
    for (let i = 0; i < stream.length; i += 100) await fake.deliver(inbox, stream.slice(i, i + 100));
    await (await page!).settled();
  });
  const stored = await fake.request<BounceRecord[]>({ type: "listBounces" });
  const bounceRecords = stored.filter((r) => r.report.isBounce).length;
  const traceRecords = stored.filter((r) => !r.report.isBounce && r.judgement.trace !== "none").length;
  const found = bounceRecords + traceRecords;
  // Baseline: no screening, every message downloaded and analysed.
  const all = await measure(async () => {
    let n = 0;
    for (const m of stream) if ((await analyzeMessage(m.raw!)).isBounce) n++;
    return n;
  });
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    name: "screen-10k", messages: stream.length, realBounces: bounces.length, realTraces: traces.length, wallSeconds: run.wallSeconds,
    cpuSeconds: run.cpuSeconds, getRawCalls: fake.calls.getRaw, bounces: bounceRecords, traces: traceRecords,
    getRawPerBounce: round(fake.calls.getRaw / Math.max(1, bounceRecords)),
    getRawPerFind: round(fake.calls.getRaw / Math.max(1, found)),
    // downloads beyond the bounces, per real trace found: what screening for traces costs
    getRawPerRealTrace: round((fake.calls.getRaw - bounceRecords) / Math.max(1, traceRecords)),
    baselineAnalyseEverything: { wallSeconds: all.wallSeconds, getRawCalls: stream.length, bounces: all.result },
    targets: { getRawPerFind: 2, getRawPerRealTrace: 2 },
  };
}

const benchmarks: Record<string, () => Promise<object>> = { "sent-log-100k": sentLog100k, "screen-10k": screen10k };

const name = process.argv[2] ?? "";
const benchmark = benchmarks[name];
if (!benchmark) {
  console.error(`unknown benchmark ${name}; one of ${Object.keys(benchmarks).join(", ")}`);
  process.exit(2);
}
console.log(JSON.stringify(await benchmark()));
