// One fuzz worker thread (scripts/fuzz.mjs starts them): makes the messages of the ranges it is handed,
// decodes each with analyzeMessage as the add-on does, and reports per message its wall time and CPU time,
// and what went wrong. It writes the number and start time of the message it is decoding into shared
// memory, so the watchdog can see a message that never ends.
import { readFileSync } from "node:fs";
import { getHeapStatistics } from "node:v8";
import { parentPort, workerData } from "node:worker_threads";
import { analyzeMessage, OVER_BUDGET } from "../../src/core/analyze.js";
import { fuzzMessage } from "./messages.js";

export interface WorkerData {
  seedFiles: string[];
  seed: number;
  /** This worker's slots in `progress`: [index of the message being decoded, its start (Date.now), or -1]. */
  slot: number;
  progress: SharedArrayBuffer;
  /** A message whose decoding takes longer than this (CPU time where the system tells it) fails. */
  maxMs: number;
}

export interface RangeResult {
  from: number;
  to: number;
  wallMs: Float64Array;
  cpuMs: Float64Array;
  overBudget: number;
  limited: number;
  failures: Array<{ index: number; made: string; what: string }>;
  /** V8 heap in use after a full collection at the end of the range (bytes), when the range measured it, else 0. */
  heapAfterGc: number;
}

const data = workerData as WorkerData;
const seeds = data.seedFiles.map((file) => new Uint8Array(readFileSync(file)));
const progress = new Float64Array(data.progress);

/**
 * CPU time of this thread in ms (Linux: /proc/thread-self/stat, 10 ms ticks), or NaN elsewhere. Wall time
 * also counts the time the thread waits for a processor, which on a shared machine is most of it.
 */
function threadCpuMs(): number {
  try {
    const stat = readFileSync("/proc/thread-self/stat", "latin1");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

const collect = (globalThis as { gc?: () => void }).gc;

parentPort!.on("message", async ({ from, to, measureHeap }: { from: number; to: number; measureHeap: boolean }) => {
  const result: RangeResult = {
    from, to, wallMs: new Float64Array(to - from), cpuMs: new Float64Array(to - from), overBudget: 0, limited: 0, failures: [], heapAfterGc: 0,
  };
  for (let index = from; index < to; index++) {
    let message;
    try {
      message = fuzzMessage(seeds, data.seed, index);
    } catch (error) {
      // a fault of the generator, not of the decoder: reported all the same, the run goes on
      result.failures.push({ index, made: "generator", what: `threw: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    const { raw, made } = message;
    progress[data.slot * 2] = index;
    progress[data.slot * 2 + 1] = Date.now();
    const cpu = threadCpuMs();
    const started = performance.now();
    try {
      const report = await analyzeMessage(raw);
      if (report.error !== undefined && !report.error.startsWith(OVER_BUDGET)) result.failures.push({ index, made, what: `error: ${report.error}` });
      if (report.limits?.includes("time_budget")) result.overBudget++;
      if (report.limits) result.limited++;
    } catch (error) {
      result.failures.push({ index, made, what: `threw: ${error instanceof Error ? error.stack : String(error)}` });
    }
    const wall = performance.now() - started;
    const cpuMs = threadCpuMs() - cpu;
    progress[data.slot * 2 + 1] = -1;
    result.wallMs[index - from] = wall;
    result.cpuMs[index - from] = cpuMs;
    const measured = Number.isNaN(cpuMs) ? wall : cpuMs;
    if (measured > data.maxMs) result.failures.push({ index, made, what: `took ${Math.round(measured)} ms (${Number.isNaN(cpuMs) ? "wall" : "CPU"})` });
  }
  if (measureHeap && collect) {
    collect();
    result.heapAfterGc = getHeapStatistics().used_heap_size;
  }
  parentPort!.postMessage(result, [result.wallMs.buffer as ArrayBuffer, result.cpuMs.buffer as ArrayBuffer]);
});
