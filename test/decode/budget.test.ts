// The time budget per message (analyze.ts, limits.ts), with fake clocks: no test here depends on how fast
// the machine is. A clock that advances on every read turns "work" into "time": the decoding reads it
// between stages, before each decoder and recipient, and every 1024 lines or parts.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeMessage, OVER_BUDGET, TIME_BUDGET_MS } from "../../src/core/analyze.js";
import { MAX_STRETCH_MS } from "../../src/core/decode/limits.js";
import { Random, SHAPES } from "../fuzz/shapes.js";

const corpus = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../../shared/corpus/sisimai/${name}`, import.meta.url)));
const shape = (name: string, size: number): Uint8Array => SHAPES.find((s) => s.name === name)!.make(new Random(1), size);

/** A clock that advances `step` ms per read, counting its reads. */
function tickingClock(step: number): { now: () => number; reads: () => number } {
  let reads = 0;
  return { now: () => reads++ * step, reads: () => reads };
}

describe("time budget", () => {
  it("a message whose budget is already spent gets a 'could not fully decode' record with its envelope", async () => {
    const report = await analyzeMessage(corpus("lhost-postfix-01.eml"), { budgetMs: 0 });
    expect(report.error).toMatch(new RegExp(`^${OVER_BUDGET.replace(/[()]/g, "\\$&")}: `));
    expect(report.limits).toContain("time_budget");
    expect(report).toMatchObject({ isBounce: false, kind: "none", recipients: [], original: null });
    expect(report.envelope.subject).toBe("Undelivered Mail Returned to Sender");
  });

  it("an ordinary bounce fits its budget with room to spare", async () => {
    // one ms per clock read: a real bounce reads the clock a few dozen times
    const clock = tickingClock(1);
    const report = await analyzeMessage(corpus("lhost-postfix-01.eml"), { now: clock.now });
    expect(report.limits).toBeUndefined();
    expect(report.isBounce).toBe(true);
    expect(clock.reads()).toBeLessThan(TIME_BUDGET_MS / 2);
  });

  it("stops a message engineered to be slow at its deadline, twice at most, and says so", async () => {
    // thousands of recipients: the work (clock reads) grows with them; unbounded it would read the clock
    // once per recipient and per 1024 lines, far past the budget
    const raw = shape("dsn-many-recipients", 600_000);
    const clock = tickingClock(1);
    const report = await analyzeMessage(raw, { now: clock.now });
    expect(report.limits).toContain("time_budget");
    // each attempt stops within a few reads of its deadline
    expect(clock.reads()).toBeLessThanOrEqual(2 * (TIME_BUDGET_MS + 4));
    // the recipients read before the deadline are reported: a partial but true record of the bounce
    expect(report.isBounce).toBe(true);
    expect(report.recipients.length).toBeGreaterThan(0);
    expect(report.recipients.length).toBeLessThan(1000);
    expect(report.error).toBeUndefined();
  });

  it("a message that runs out before any recipient is read is an error record, and the decoding stops there", async () => {
    // 50 ms per read: the budget is spent while the parts and the decoders are still being read
    const clock = tickingClock(50);
    const report = await analyzeMessage(shape("dsn-many-recipients", 600_000), { now: clock.now });
    expect(report.error).toContain(OVER_BUDGET);
    expect(report).toMatchObject({ isBounce: false, kind: "none", recipients: [] });
    expect(report.limits).toContain("time_budget");
    expect(clock.reads()).toBeLessThanOrEqual(2 * (TIME_BUDGET_MS / 50 + 4));
  });

  it("a stall of the clock (a suspended laptop, a busy machine) costs at most MAX_STRETCH_MS of the budget", async () => {
    // the clock jumps by hours after its fifth read
    let reads = 0;
    const now = (): number => (reads++ < 5 ? 0 : 10_000_000);
    const report = await analyzeMessage(corpus("lhost-postfix-01.eml"), { now });
    expect(report.limits).toBeUndefined();
    expect(report.isBounce).toBe(true);
    expect(report.recipients.length).toBe(1);
  });

  it("every stretch long (a slow step between every two checks) still runs out, after a few of them", async () => {
    const clock = tickingClock(10_000);
    const report = await analyzeMessage(corpus("lhost-postfix-01.eml"), { now: clock.now });
    expect(report.limits).toContain("time_budget");
    expect(clock.reads()).toBeLessThanOrEqual(2 * (TIME_BUDGET_MS / MAX_STRETCH_MS + 2));
  });

  it("over the budget in every attempt, the result is the same each time (the record is final)", async () => {
    const raw = shape("dsn-many-recipients", 600_000);
    const first = await analyzeMessage(raw, { now: tickingClock(1).now });
    const second = await analyzeMessage(raw, { now: tickingClock(1).now });
    expect(second).toEqual(first);
  });
});
