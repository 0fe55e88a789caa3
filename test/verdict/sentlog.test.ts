import { describe, expect, it } from "vitest";
import {
  SentLog, addressesIn, normalizeAddress, normalizeMessageId, sentEntryFromMessageHeader, sentEntryFromRaw, sentFolderWarning,
} from "../../src/core/sentlog";
import { iterateMbox } from "../../src/core/mbox";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { countReads, workOf } from "./work";

setFlagsFromString("--expose-gc");
/** A full collection, so that heap figures count what is kept, not garbage not yet collected. */
const collect = runInNewContext("gc") as () => void;

const bytes = (text: string) => new TextEncoder().encode(text);
const DAY = 24 * 3600 * 1000;

describe("address normalisation", () => {
  it("strips display names, quotes and case", () => {
    expect(normalizeAddress('"Tanaka, Yuji" <Y.Tanaka@Tanaka-Shoji.example.co.jp>')).toBe("y.tanaka@tanaka-shoji.example.co.jp");
    expect(normalizeAddress("MSuzuki@Suzuki-Kougyo.example.co.jp")).toBe("msuzuki@suzuki-kougyo.example.co.jp");
    expect(normalizeAddress("not an address")).toBe("");
  });

  it("writes IDN domains as punycode", () => {
    expect(normalizeAddress("info@例え.jp")).toBe("info@xn--r8jz45g.jp");
    expect(normalizeAddress("Info@XN--R8JZ45G.JP")).toBe("info@xn--r8jz45g.jp");
  });

  it("reads address lists without splitting quoted names or comments", () => {
    expect(addressesIn('"Last, First" <a@example.com>, b@example.org (Bob, Jr.), Group: c@example.net, d@example.net;'))
      .toEqual(["a@example.com", "b@example.org", "c@example.net", "d@example.net"]);
    expect(addressesIn("undisclosed-recipients:;")).toEqual([]);
    expect(addressesIn("山田, 太郎 <yamada@example.jp>")).toEqual(["yamada@example.jp"]);
  });

  it("compares Message-IDs without brackets and case", () => {
    expect(normalizeMessageId(" <ABC.123@Host.example> ")).toBe("abc.123@host.example");
  });
});

describe("Sent entries", () => {
  it("reads only the header section of a raw message", () => {
    const raw = bytes([
      "Message-ID: <4a43dfa9@watanabe-law.example.jp>",
      "Date: Wed, 4 Nov 2026 10:02:18 +0900",
      "From: =?UTF-8?B?5rih6L66IOWBpeS6jA==?= <k.watanabe@watanabe-law.example.jp>",
      "To: Julia Hartmann <Julia.Hartmann@Hartmann-Partners.example.com>",
      "Cc: \"'Tanaka, Yuji'\" <Y.Tanaka@tanaka-shoji.example.co.jp>",
      "Bcc: one@example.org,",
      " two@example.org",
      "",
      "To: body@example.net",
    ].join("\r\n"));
    const entry = sentEntryFromRaw(raw)!;
    expect(entry.messageId).toBe("4a43dfa9@watanabe-law.example.jp");
    expect(entry.date).toBe(Date.parse("2026-11-04T01:02:18Z"));
    expect(entry.from).toBe("k.watanabe@watanabe-law.example.jp");
    expect(entry.recipients).toEqual([
      "julia.hartmann@hartmann-partners.example.com", "y.tanaka@tanaka-shoji.example.co.jp", "one@example.org", "two@example.org",
    ]);
  });

  it("reads a message with CR-only line ends", () => {
    const raw = bytes("Message-ID: <cr-1@example.jp>\rDate: Wed, 4 Nov 2026 10:02:18 +0900\rTo: a@example.org,\r b@example.org\r\rTo: body@example.net\r");
    expect(sentEntryFromRaw(raw)).toEqual({ messageId: "cr-1@example.jp", date: Date.parse("2026-11-04T01:02:18Z"),
      recipients: ["a@example.org", "b@example.org"], from: "" });
  });

  it("reads every message of a CR-only Sent mbox, and warns only about a folder that gave none", () => {
    const message = (n: number) => `From - Wed Nov  4 10:02:18 2026\rMessage-ID: <m${n}@example.jp>\rTo: r${n}@example.org\r\rbody ${n}\r`;
    const mbox = bytes([0, 1, 2].map(message).join("\r"));
    const log = new SentLog();
    const found = [...iterateMbox(mbox)].filter((raw) => log.addRawMessage(raw)).length;
    expect(found).toBe(3);
    expect(log.sentDateOf("m2@example.jp")).toBeDefined();
    expect(log.wroteTo("r1@example.org")).toBe(true);
    expect(sentFolderWarning("Sent", mbox.length, found)).toBeNull();
    expect(new SentLog().addRawMessage(bytes("just some text\nwith no header fields\n"))).toBe(false);
    expect(sentFolderWarning("Sent", 40, 0)).toEqual({ kind: "sent-folder-unread", folder: "Sent", size: 40 });
    expect(sentFolderWarning("Sent", 0, 0)).toBeNull();
  });

  it("reads Thunderbird message headers", () => {
    const entry = sentEntryFromMessageHeader({
      headerMessageId: "x1@example.jp", recipients: ["A <A@Example.jp>"], ccList: [], bccList: ["b@例え.jp"],
      date: new Date("2026-10-01T00:00:00Z"), author: "Me <me@example.jp>",
    });
    expect(entry).toEqual({ messageId: "x1@example.jp", date: Date.parse("2026-10-01T00:00:00Z"),
      recipients: ["a@example.jp", "b@xn--r8jz45g.jp"], from: "me@example.jp" });
  });
});

describe("SentLog", () => {
  const t0 = Date.parse("2026-10-10T10:00:00Z");
  const log = new SentLog();
  log.add({ messageId: "<One@example.jp>", date: t0, recipients: ["Bob <BOB@example.org>"], from: "me@example.jp" });
  log.add({ messageId: "two@example.jp", date: t0 + 3 * DAY, recipients: ["bob@example.org", "carol@example.net"] });
  log.add({ messageId: "one@example.jp", date: t0 + 9 * DAY, recipients: ["dave@example.net"] });

  it("looks up Message-IDs and ignores repeats", () => {
    expect(log.size).toBe(2);
    expect(log.sentDateOf("<ONE@example.jp>")).toBe(t0);
    expect(log.sentDateOf("three@example.jp")).toBeUndefined();
    expect(log.wroteTo("dave@example.net")).toBe(false);
  });

  it("finds the latest message to a recipient within a window", () => {
    expect(log.lastSentToWithin("Bob@Example.org", t0 - DAY, t0 + 4 * DAY)).toBe(t0 + 3 * DAY);
    expect(log.lastSentToWithin("bob@example.org", t0 - DAY, t0 + 2 * DAY)).toBe(t0);
    expect(log.lastSentToWithin("bob@example.org", t0, t0)).toBe(t0);
    expect(log.lastSentToWithin("bob@example.org", t0 + DAY, t0 + 2 * DAY)).toBeUndefined();
    expect(log.wroteTo("CAROL@example.net")).toBe(true);
    expect([...log.senders]).toEqual(["me@example.jp"]);
  });

  it("survives a JSON round trip and ignores malformed stored data", () => {
    const copy = SentLog.fromJSON(JSON.parse(JSON.stringify(log)));
    expect(copy.size).toBe(2);
    expect(copy.lastSentToWithin("carol@example.net", t0, t0 + 4 * DAY)).toBe(t0 + 3 * DAY);
    expect(copy.sentDateOf("two@example.jp")).toBe(t0 + 3 * DAY);
    expect(SentLog.fromJSON({ messages: [["x", "bad"], null, ["y@z", 5, [7]]] }).size).toBe(1);
    expect(SentLog.fromJSON("nonsense").size).toBe(0);
  });

  const message = (i: number) => ({
    messageId: `${crypto.randomUUID()}@sender.example.com`,
    date: t0 + i * 60_000,
    recipients: [`person${i % 20_000}@example${i % 50}.com`, `list${i % 7}@example.org`],
  });

  it("holds 100,000 messages compactly", () => {
    collect();
    const before = process.memoryUsage().heapUsed;
    const big = new SentLog();
    for (let i = 0; i < 100_000; i++) big.add(message(i));
    collect();
    const megabytes = (process.memoryUsage().heapUsed - before) / 1e6;
    console.log(`SentLog: 100,000 messages in about ${megabytes.toFixed(1)} MB of heap`);
    expect(big.size).toBe(100_000);
    expect(megabytes).toBeLessThan(50);
  });

  it("adds a message in work that does not grow with the log (a list of 7 recipients gets every seventh)", () => {
    // work (work.ts), not time: speed is measured in bench/
    const perMessage = (n: number): number => {
      const log = countReads(new SentLog());
      return workOf(() => {
        for (let i = 0; i < n; i++) log.add(message(i));
      }).work / n;
    };
    const [small, large] = [perMessage(5000), perMessage(20_000)];
    console.log(`SentLog: ${small.toFixed(0)} steps a message at 5,000, ${large.toFixed(0)} at 20,000`);
    expect(large / small).toBeLessThan(1.2);
  });

});
