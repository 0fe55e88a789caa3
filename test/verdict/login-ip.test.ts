// The attacker's login address: when the server that took an authenticated submission recorded where the login
// came from, the evidence names it (weight 0: it informs, it decides nothing).
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { analyzeMessage } from "../../src/core/analyze";
import { iterateMbox } from "../../src/core/mbox";
import { SentLog } from "../../src/core/sentlog";
import { assessMailbox } from "../../src/core/verdict/assess";

const DIR = new URL("../../../shared/scenarios/seed-story-hijacked-newsletter-account/", import.meta.url);

describe("login address in the evidence", () => {
  it("names the client address of each authenticated submission, as recorded in the receiving side's Received line", async () => {
    const me = (JSON.parse(readFileSync(new URL("scenario.json", DIR), "utf8")) as { me: string[] }).me;
    const sent = new SentLog();
    for (const raw of iterateMbox(new Uint8Array(readFileSync(new URL("sent.mbox", DIR))))) sent.addRawMessage(raw);
    const reports = await Promise.all(readdirSync(new URL("inbox/", DIR)).sort()
      .map((f) => analyzeMessage(new Uint8Array(readFileSync(new URL(`inbox/${f}`, DIR))))));
    const { judgements } = assessMailbox(reports, sent, { addresses: me });
    const submitted = judgements.map((j, i) => ({ j, report: reports[i]! })).filter(({ j }) => j.evidence.some((e) => e.signal === "auth_submission_own"));
    expect(submitted.length).toBeGreaterThan(5);
    for (const { j, report } of submitted) {
      const client = j.evidence.find((e) => e.signal === "auth_submission_client");
      expect(client?.weight).toBe(0);
      const [ip, host] = client!.params;
      expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$|:/);
      const received = report.original!.headers.filter(([name]) => name.toLowerCase() === "received").map(([, v]) => v);
      expect(received.some((line) => line.includes(ip!) && line.includes(host!)), `${ip} by ${host}`).toBe(true);
    }
  });
});
