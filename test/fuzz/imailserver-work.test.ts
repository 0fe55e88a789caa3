// The IMail notice of fuzz seed 1, message 978949 (repeat-block + delete + delete of lhost-imailserver):
// thousands of "undeliverable to <address>" lines with nothing after them. Each one without details made
// the decoder look for the "... response:" heading over every line again: recipients x lines, 1.1 s of CPU
// for 210 KB. The work is counted as regular-expression executions (every test, exec, match and replace
// goes through RegExp.prototype.exec once it is replaced), never as time.
import { describe, expect, it } from "vitest";
import { analyzeMessage } from "../../src/core/analyze.js";
import { iMailServer } from "../../src/core/decode/decoders/imailserver.js";
import { MAX_RECIPIENTS } from "../../src/core/decode/limits.js";
import { readMail } from "../../src/core/decode/mail.js";

/** An IMail "Undeliverable Mail" notice naming `blocks` recipients, each line followed by a blank one. */
function iMailNotice(blocks: number, address: (i: number) => string): Uint8Array {
  const head = [
    "Date: Thu, 29 Apr 2008 14:45:56 +0900",
    "Mime-Version: 1.0",
    "Content-Type: text/plain; charset=us-ascii",
    "From: \"Postmaster\" <postmaster@mail.example.com>",
    "To: <shironeko@neko.example.com>",
    "Subject: Undeliverable Mail",
    "X-Mailer: <SMTP32 v9.23>",
    "",
    "Save to the following Address Book:",
    "",
    "To: shironeko@neko.example.com",
    "Subject: Undeliverable Mail",
    "",
  ];
  const body: string[] = [];
  for (let i = 0; i < blocks; i++) body.push(`undeliverable to ${address(i)}`, "");
  return new TextEncoder().encode([...head, ...body, "Original message follows.", ""].join("\n"));
}

/** Regular-expression executions of `run` (counted, not recorded: the old code made millions). */
function executions(run: () => unknown): number {
  const exec = RegExp.prototype.exec;
  let count = 0;
  RegExp.prototype.exec = function (this: RegExp, text: string) {
    count++;
    return exec.call(this, text);
  };
  try {
    run();
    return count;
  } finally {
    RegExp.prototype.exec = exec;
  }
}

const sameAddress = (): string => "kijitora@example.jp";

describe("IMail notice with thousands of recipient lines", () => {
  it("reads its lines a bounded number of times each, however many recipients they name", () => {
    const work = (blocks: number): number => {
      const mail = readMail(iMailNotice(blocks, sameAddress));
      return executions(() => expect(iMailServer.decode(mail)?.recipients).toHaveLength(blocks));
    };
    const small = work(300);
    const large = work(2400);
    // 8 times the lines: linear work is about 8 times as much; recipients x lines was 64 times
    expect(large / small).toBeLessThan(9);
    // a few patterns per line (reason line, address-book field, details, the response heading once)
    expect(large).toBeLessThan(4 * (2 * 2400 + 20));
  });

  it("names the recipients bound it reached, and reads the first MAX_RECIPIENTS", async () => {
    const raw = iMailNotice(MAX_RECIPIENTS + 500, (i) => `user${i}@example.jp`);
    // a clock that never advances: the bound reached is the recipients', never the time budget's
    const report = await analyzeMessage(raw, { now: () => 0 });
    expect(report.decoder).toBe("imailserver");
    expect(report.recipients).toHaveLength(MAX_RECIPIENTS);
    expect(report.limits).toEqual(["recipients"]);
    expect(report.recipients[0]!.address).toBe("user0@example.jp");
  });
});
