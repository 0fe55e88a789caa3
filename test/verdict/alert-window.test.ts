// The alert over part of a mailbox (the add-on's "I have dealt with it"): every report is still judged with all the
// others, but only the reports `raisesAlert` accepts raise the alert; `alertReports` names the evidence behind it.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { analyzeMessage } from "../../src/core/analyze";
import { iterateMbox } from "../../src/core/mbox";
import { SentLog } from "../../src/core/sentlog";
import { assessMailbox } from "../../src/core/verdict/assess";
import type { BounceReport } from "../../src/core/types";

const SCENARIOS = new URL("../../../shared/scenarios/", import.meta.url);

async function mailbox(name: string) {
  const dir = new URL(`${name}/`, SCENARIOS);
  const me = (JSON.parse(readFileSync(new URL("scenario.json", dir), "utf8")) as { me: string[] }).me;
  const sent = new SentLog();
  for (const raw of iterateMbox(new Uint8Array(readFileSync(new URL("sent.mbox", dir))))) sent.addRawMessage(raw);
  const reports: BounceReport[] = [];
  for (const file of readdirSync(new URL("inbox/", dir)).sort()) {
    reports.push(await analyzeMessage(new Uint8Array(readFileSync(new URL(`inbox/${file}`, dir)))));
  }
  return { reports, sent, profile: { addresses: me } };
}

describe("alert from part of a mailbox", () => {
  it("names the reports behind each alert: the compromise, forged-sender and burst evidence", async () => {
    for (const name of ["mixed-own-spoofed-compromise-postfix", "undetermined-burst-no-originals-new-profile", "jp-newsletter-qmail-own-bounces"]) {
      const { reports, sent, profile } = await mailbox(name);
      const a = assessMailbox(reports, sent, profile);
      const expected = a.judgements.flatMap((j, i) =>
        j.verdict === "compromise" || j.verdict === "spoofed" || j.evidence.some((e) => e.signal === "burst") ? [i] : []);
      expect(a.alertReports, name).toEqual(expected);
      expect(a.alertReports.length > 0, name).toBe(a.alert !== "none");
    }
  });

  it("reports left out are judged as before but raise nothing; the rest raise what they show", async () => {
    const { reports, sent, profile } = await mailbox("mixed-own-spoofed-compromise-postfix");
    const all = assessMailbox(reports, sent, profile);
    expect(all.alert).toBe("compromise");
    const none = assessMailbox(reports, sent, profile, { raisesAlert: () => false });
    expect(none.judgements).toEqual(all.judgements);
    expect(none).toMatchObject({ alert: "none", alertReasons: [], alertReports: [] });
    const spoofedOnly = all.judgements.flatMap((j, i) => (j.verdict === "spoofed" ? [i] : []));
    const part = assessMailbox(reports, sent, profile, { raisesAlert: (i) => spoofedOnly.includes(i) });
    expect(part).toMatchObject({ alert: "spoofing", alertReasons: ["spoofed_bounce"], alertReports: spoofedOnly });
  });
});
