// Internationalised addresses (RFC 6531/6533) in delivery-status fields and address validation.
import { describe, expect, it } from "vitest";
import { isAddress } from "../../src/core/decode/address.js";
import { parseDeliveryStatus } from "../../src/core/decode/dsn.js";

describe("addresses", () => {
  it("accepts letters of any script in an address, but no punctuation outside ASCII", () => {
    expect(isAddress("用户@example.org")).toBe(true);
    expect(isAddress("josé.garcía@example.es")).toBe(true);
    expect(isAddress("info@例え.example")).toBe(true);
    expect(isAddress("宛先：hanako@example.jp")).toBe(false);
    expect(isAddress("＜hanako@example.jp＞")).toBe(false);
    expect(isAddress("hanako @example.jp")).toBe(false);
  });

  it("gives ASCII addresses (read by an ASCII-only pattern) the bounds of the full one", () => {
    const local64 = "a".repeat(64);
    const label63 = "b".repeat(63);
    expect(isAddress(`${local64}@example.org`)).toBe(true);
    expect(isAddress(`${local64}x@example.org`)).toBe(false);
    expect(isAddress(`u@${label63}b`)).toBe(true);
    expect(isAddress(`u@${label63}bb`)).toBe(false);
    expect(isAddress(`u@${"c.".repeat(8)}org`)).toBe(true);
    expect(isAddress(`u@${"c.".repeat(9)}org`)).toBe(false);
    expect(isAddress("o'brien+tag@mail-1.example.co.uk")).toBe(true);
    expect(isAddress("u@-example.org")).toBe(false);
    expect(isAddress("u@@example.org")).toBe(false);
    expect(isAddress('"john..doe"@example.com')).toBe(true);
    expect(isAddress("user@example.org\n")).toBe(false);
  });
});

describe("RFC 6533 delivery-status fields", () => {
  it("reads a utf-8 recipient, raw or written with \\x{HHHH} escapes", () => {
    const fields = parseDeliveryStatus(
      [
        "Reporting-MTA: dns; mx.example.jp",
        "",
        "Final-Recipient: utf-8; 用户@example.org",
        "Action: failed",
        "Status: 5.1.1",
        "",
        "Final-Recipient: utf-8; \\x{7528}\\x{6237}2@example.org",
        "Action: delayed",
        "Status: 4.2.2",
      ].join("\n"),
    );
    expect(fields.recipients.map((r) => [r.address, r.action, r.status])).toEqual([
      ["用户@example.org", "failed", "5.1.1"],
      ["用户2@example.org", "delayed", "4.2.2"],
    ]);
  });
});
