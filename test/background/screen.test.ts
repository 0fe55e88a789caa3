// Header screening over real mail: how many bounces it would let through to analysis (recall), and how
// many other messages it would download for nothing. Headers are read as Thunderbird shows them.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isBounceCandidate } from "../../src/background/screen";
import { fakeMessageOf } from "../fakes/messenger";
import { loadScenario, scenarioNames, SHARED } from "./harness";

interface Sample { source: string; author: string; subject: string; bounce: boolean }

/** Non-delivery and delay reports; feedback reports and auto-replies are not bounces for this add-on. */
const BOUNCE_KINDS = new Set(["lhost", "rhost", "rfc3464"]);

async function samples(): Promise<Sample[]> {
  const out: Sample[] = [];
  const truth = JSON.parse(readFileSync(new URL("corpus/sisimai/truth.json", SHARED), "utf8")) as { files: Record<string, { kind: string }> };
  for (const [file, entry] of Object.entries(truth.files)) {
    const m = await fakeMessageOf(new Uint8Array(readFileSync(new URL(`corpus/sisimai/${file}`, SHARED))));
    out.push({ source: file, author: m.author, subject: m.subject, bounce: BOUNCE_KINDS.has(entry.kind) });
  }
  for (const file of readdirSync(new URL("corpus/not-bounce/", SHARED)).filter((f) => f.endsWith(".eml"))) {
    const m = await fakeMessageOf(new Uint8Array(readFileSync(new URL(`corpus/not-bounce/${file}`, SHARED))));
    out.push({ source: `not-bounce/${file}`, author: m.author, subject: m.subject, bounce: false });
  }
  for (const name of scenarioNames()) {
    for (const m of (await loadScenario(name)).inbox) {
      out.push({ source: `${name}/${m.file}`, author: m.message.author, subject: m.message.subject, bounce: m.expected !== "not-bounce" });
    }
  }
  return out;
}

describe("header screening", () => {
  it("lets nearly every bounce through and few other messages", async () => {
    const all = await samples();
    const bounces = all.filter((s) => s.bounce);
    const others = all.filter((s) => !s.bounce);
    const missed = bounces.filter((s) => !isBounceCandidate(s));
    const falseCandidates = others.filter((s) => isBounceCandidate(s));
    const recall = 1 - missed.length / bounces.length;
    console.log(`screening: recall ${(recall * 100).toFixed(1)}% (${bounces.length - missed.length}/${bounces.length} bounces), `
      + `${falseCandidates.length}/${others.length} other messages downloaded`);
    for (const m of missed) console.log(`  missed ${m.source}: ${m.author} | ${m.subject}`);
    expect(bounces.length).toBeGreaterThan(400);
    expect(recall).toBeGreaterThanOrEqual(0.98);
    // Replies, newsletters, auto-replies, feedback reports: few are downloaded.
    expect(falseCandidates.length).toBeLessThanOrEqual(Math.ceil(others.length * 0.1));
  });

  it("treats a reply or forward by a person as no candidate, and a system sender as one", () => {
    expect(isBounceCandidate({ author: "Jake <jake@example.org>", subject: "Fwd: Undeliverable: Payroll" })).toBe(false);
    expect(isBounceCandidate({ author: "MAILER-DAEMON@example.org", subject: "Re: anything" })).toBe(true);
    expect(isBounceCandidate({ author: "", subject: "" })).toBe(true);
    expect(isBounceCandidate({ author: "Anna <anna@example.org>", subject: "Lunch tomorrow?" })).toBe(false);
    expect(isBounceCandidate({ author: "Anna <anna@example.org>", subject: "Undelivered Mail Returned to Sender" })).toBe(true);
  });
});
