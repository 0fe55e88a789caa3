// Header screening of account traces: over every trace mailbox set (the blind one included), how many of the
// non-bounces that carry a trace the header screen lets through (with the Sent log's "never written to"),
// and how many traceless non-bounces it downloads for nothing. Headers are read as Thunderbird shows them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { iterateMbox } from "../../src/core/mbox";
import { SentLog } from "../../src/core/sentlog";
import { isBounceCandidate, isTraceCandidate } from "../../src/background/screen";
import { expectedTrace, mailboxNames } from "../verdict/mailbox-run";
import { fakeMessageOf } from "../fakes/messenger";

const SETS = ["mailboxes-traces", "mailboxes-traces-blind", "mailboxes", "mailboxes-blind", "mailboxes-blind-2"]
  .map((set) => join(import.meta.dirname, "..", "fixtures", set));

describe("trace screening", () => {
  it("lets every non-bounce that carries a trace through, except replies written by people, and few others", async () => {
    let traces = 0;
    const missed: string[] = [];
    let others = 0;
    let downloaded = 0;
    for (const root of SETS) {
      for (const name of mailboxNames(root)) {
        const dir = join(root, name);
        const scenario = JSON.parse(readFileSync(join(dir, "scenario.json"), "utf8"));
        const sent = new SentLog();
        for (const raw of iterateMbox(new Uint8Array(readFileSync(join(dir, "sent.mbox"))))) sent.addRawMessage(raw);
        for (const file of Object.keys(scenario.expected.messages)) {
          if (scenario.expected.messages[file] !== "not-bounce") continue;
          const header = await fakeMessageOf(new Uint8Array(readFileSync(join(dir, file))));
          const passes = isBounceCandidate(header) || isTraceCandidate(header, (a) => sent.wroteTo(a));
          const trace = expectedTrace(scenario.expected, file);
          // a person's reply to mail never sent is judged when it is read, but not fetched for it (no References in the header)
          const personReply = trace === "reply" && /^\s*re\s*:/i.test(header.subject);
          if (trace !== "none" && !personReply) {
            traces++;
            if (!passes) missed.push(`${name}/${file}: ${header.author} | ${header.subject}`);
          } else if (trace === "none") {
            others++;
            if (passes) downloaded++;
          }
        }
      }
    }
    console.log(`trace screening: ${traces - missed.length}/${traces} trace-bearing non-bounces let through, ${downloaded}/${others} traceless non-bounces downloaded`);
    for (const m of missed) console.log(`  missed ${m}`);
    expect(traces).toBeGreaterThan(20);
    expect(missed).toEqual([]);
    expect(downloaded).toBeLessThanOrEqual(Math.ceil(others * 0.25));
  });

  it("fetches an auto-reply from a stranger, not one from someone the person wrote to", () => {
    const header = { author: "Anna <anna@buyer.example.org>", subject: "Automatic reply: Cheap watches" };
    expect(isTraceCandidate(header, () => false)).toBe(true);
    expect(isTraceCandidate(header, (a) => a === "anna@buyer.example.org")).toBe(false);
    expect(isTraceCandidate({ author: "Ben <ben@studio.example.com>", subject: "Re: Class schedule" }, () => false)).toBe(false);
  });
});
