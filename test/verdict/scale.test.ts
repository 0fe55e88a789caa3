// Mailbox scale as work, not time (issue 15 item 4): judging a mailbox four times as large takes about four
// times the steps (work.ts counts them), so no step scans all bounces, all learned hosts or the whole Sent log
// per bounce. The mailbox has every shape that grows something: own mail through ever other relays of the
// provider (learned hosts), bounces to one recipient the person writes to daily (their Sent dates), sending
// limits (the Sent volume in their window), bursts without originals, spoofed and compromise mail, not-bounces,
// all within one month, so that a larger mailbox is also a denser one (the burst window, the Sent windows).
// Time is measured in bench/assess.mjs.
import { describe, expect, it } from "vitest";
import type { AccountProfile, BounceReport, HeaderField } from "../../src/core/types";
import { SentLog } from "../../src/core/sentlog";
import { assessMailbox } from "../../src/core/verdict/assess";
import { findBursts } from "../../src/core/verdict/signals/burst";
import { bounce } from "./build";
import { countReads, workOf } from "./work";

const ME = "mika@hanada-design.example.jp";
const PROFILE: AccountProfile = { addresses: [ME] };
const START = Date.parse("2026-09-01T00:00:00.000Z");
/** The mailbox's time span: a larger mailbox is a denser one (more bounces a day, more Sent messages a week). */
const SPAN = 30 * 24 * 3600 * 1000;
const DAY = 24 * 3600 * 1000;
const BOSS = "boss@client.example.com";

/** The i-th of many distinct IPv4 addresses (RFC 2544's benchmarking network 198.18.0.0/15). */
const ip = (i: number): string => `198.${18 + ((i >> 16) & 1)}.${(i >> 8) & 255}.${i & 255}`;
const stamp = (time: number): string => new Date(time).toUTCString().replace("GMT", "+0000");

function original(i: number, time: number, received: HeaderField[], id = `m${i}@hanada-design.example.jp`): HeaderField[] {
  return [...received, ["From", `Mika <${ME}>`], ["To", `<k${i}@stranger${i}.example.org>`], ["Subject", `Invoice ${i}`],
    ["Date", stamp(time)], ["Message-ID", `<${id}>`]];
}
const submit = (i: number, client: string, time: number): HeaderField => ["Received",
  `from User (unknown [${client}]) (Authenticated sender: ${ME}) by smtp.mailhost.example.net (Postfix) with ESMTPA id S${i} for <k${i}@stranger${i}.example.org>; ${stamp(time)}`];
const relay = (i: number, time: number): HeaderField => ["Received",
  `from out${i}.mailhost.example.net (out${i}.mailhost.example.net [${ip(i)}]) by mx${i}.stranger${i}.example.org (Postfix) with ESMTPS id R${i} for <k${i}@stranger${i}.example.org>; ${stamp(time)}`];
const botnet = (i: number, time: number): HeaderField => ["Received",
  `from hanada-design.example.jp (unknown [${ip(i)}]) by mx${i}.stranger${i}.example.org (Postfix) with ESMTP id B${i} for <k${i}@stranger${i}.example.org>; ${stamp(time)}`];
const failing = (i: number): HeaderField => ["Authentication-Results",
  `mx${i}.stranger${i}.example.org; spf=fail smtp.mailfrom=hanada-design.example.jp; dmarc=fail header.from=hanada-design.example.jp`];

/** A mailbox of `n` reports (eight shapes in turn) and its Sent log. */
function mailbox(n: number): { reports: BounceReport[]; sent: SentLog } {
  const sent = new SentLog();
  const reports: BounceReport[] = [];
  for (let i = 0; i < n; i++) {
    const time = START + Math.floor((i * SPAN) / n);
    const date = new Date(time + 60_000).toISOString();
    const stranger = [`k${i}@stranger${i}.example.org`];
    switch (i % 8) {
      case 0: // own mail, found by Message-ID, through a relay no other report names
        sent.add({ messageId: `m${i}@hanada-design.example.jp`, date: time, recipients: stranger, from: ME });
        reports.push(bounce({ original: original(i, time, [relay(i, time), submit(i, ip(i + 1), time)]), recipients: stranger, date }));
        break;
      case 1: // own mail without an original, to the recipient the person writes to most often
        sent.add({ messageId: `boss${i}@hanada-design.example.jp`, date: time, recipients: [BOSS], from: ME });
        reports.push(bounce({ original: null, recipients: [BOSS], date }));
        break;
      case 2: // sent through the account: a login at the provider from an unknown client
        reports.push(bounce({ original: original(i, time, [relay(i, time), submit(i, ip(i + 2), time)], `spam${i}@x.example.net`), recipients: stranger, date }));
        break;
      case 3: // backscatter
        reports.push(bounce({ original: original(i, time, [failing(i), botnet(i, time)], `f${i}@x.example.net`), recipients: stranger, date }));
        break;
      case 4:
      case 5: // no original, to strangers: bursts
        reports.push(bounce({ original: null, recipients: stranger, date }));
        break;
      case 6: { // a sending limit, checked against the Sent volume of its day
        const limit = bounce({ original: null, recipients: stranger, date });
        limit.recipients[0]!.diagnosticCode = "550 5.4.5 Daily user sending limit exceeded";
        reports.push(limit);
        break;
      }
      default:
        reports.push(bounce({ isBounce: false, date }));
    }
  }
  return { reports, sent };
}

function workPerReport(n: number): { perReport: number; verdicts: Record<string, number>; traces: Record<string, number> } {
  const { reports, sent } = mailbox(n);
  const { work, result } = workOf(() => assessMailbox(countReads(reports), countReads(sent), PROFILE));
  return { perReport: work / n, verdicts: result.verdicts, traces: result.traces };
}

describe("mailbox scale", () => {
  it("judges a mailbox sixteen times as large in about sixteen times the work", () => {
    const small = workPerReport(500);
    const large = workPerReport(8000);
    console.log(`assessMailbox: ${small.perReport.toFixed(0)} steps a report at 500 reports, ${large.perReport.toFixed(0)} at 8,000`);
    // every shape is judged as meant: the mailbox exercises what it says
    expect(large.verdicts).toEqual({ "own-mail": 2000, compromise: 1000, spoofed: 1000, undetermined: 3000, "not-bounce": 1000 });
    expect(large.traces.restriction).toBe(1000);
    // linear gives about 1 (the sorts' logarithm a little more); a step that scans every learned host, every
    // Sent message or every bounce per bounce grows with the mailbox
    expect(large.perReport / small.perReport).toBeLessThan(1.12);
  });

  it("finds bursts among four times as many bounces of one day in about four times the work", () => {
    const perItem = (n: number): number => {
      const items = Array.from({ length: n }, (_, index) => ({ index, time: START + ((index * 7919) % n) * (DAY / n) }));
      const { work, result } = workOf(() => findBursts(countReads(items)));
      expect(result.largest).toBe(n);
      return work / n;
    };
    const [small, large] = [perItem(2000), perItem(8000)];
    console.log(`findBursts: ${small.toFixed(1)} steps an item at 2,000 in a day, ${large.toFixed(1)} at 8,000`);
    expect(large / small).toBeLessThan(1.3);
  });

  it("answers the Sent log's window questions in work that barely grows with the log", () => {
    const perQuery = (size: number): number => {
      const log = new SentLog();
      for (let i = 0; i < size; i++) log.add({ messageId: `s${i}@hanada-design.example.jp`, date: START + ((i * 7919) % size) * 60_000, recipients: [BOSS, `p${i}@example.org`] });
      const counted = countReads(log);
      counted.recipientsSentWithin(START, START + 1); // the first question of each kind builds its index (once per log)
      counted.lastSentToWithin(BOSS, START, START + 1);
      const { work, result } = workOf(() => {
        let found = 0;
        for (let q = 0; q < 1000; q++) {
          const from = START + ((q * 104_729) % size) * 60_000;
          found += counted.recipientsSentWithin(from, from + 3_600_000) + (counted.lastSentToWithin(BOSS, from, from + 3_600_000) === undefined ? 0 : 1);
        }
        return found;
      });
      expect(result).toBeGreaterThan(1000);
      return work / 1000;
    };
    const [small, large] = [perQuery(5000), perQuery(20_000)];
    console.log(`SentLog: ${small.toFixed(0)} steps a window question at 5,000 messages, ${large.toFixed(0)} at 20,000`);
    expect(large / small).toBeLessThan(1.5);
  });
});
