// Charsets and line ends of reports and of quoted originals.
import { describe, expect, it } from "vitest";
import { analyzeMessage } from "../../src/core/analyze.js";
import { decodeBytes } from "../../src/core/decode/charset.js";

const concat = (...parts: Array<string | Uint8Array>): Uint8Array => {
  const chunks = parts.map((part) => (typeof part === "string" ? new TextEncoder().encode(part) : part));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
};

/** 「テスト」 in three Japanese encodings. */
const TESUTO = {
  sjis: new Uint8Array([0x83, 0x65, 0x83, 0x58, 0x83, 0x67]),
  eucjp: new Uint8Array([0xa5, 0xc6, 0xa5, 0xb9, 0xa5, 0xc8]),
  iso2022jp: new Uint8Array([0x1b, 0x24, 0x42, 0x25, 0x46, 0x25, 0x39, 0x25, 0x48, 0x1b, 0x28, 0x42]),
};

function qmailBounce(originalHeaders: Array<string | Uint8Array>, eol: string): Uint8Array {
  const lines = [
    "From: MAILER-DAEMON@mx.example.net", "Subject: failure notice", "To: me@example.org", "",
    "Hi. This is the qmail-send program at mx.example.net.", "",
    "<gone@example.com>:", "Sorry, no mailbox here by that name. (#5.1.1)", "",
    "--- Below this line is a copy of the message.", "",
  ];
  return concat(lines.join(eol) + eol, ...originalHeaders, eol, "body", eol);
}

describe("charsets", () => {
  it("decodes declared and undeclared Japanese encodings", () => {
    expect(decodeBytes(TESUTO.sjis, "shift_jis")).toBe("テスト");
    expect(decodeBytes(TESUTO.eucjp, "euc-jp")).toBe("テスト");
    expect(decodeBytes(TESUTO.iso2022jp, "")).toBe("テスト");
    expect(decodeBytes(TESUTO.iso2022jp, "us-ascii")).toBe("テスト");
    expect(decodeBytes(TESUTO.sjis, "")).toBe("テスト");
    expect(decodeBytes(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), "iso-8859-1")).toBe("café");
    expect(decodeBytes(new Uint8Array([0xcf, 0xf0, 0xe8]), "windows-1251")).toBe("При");
  });

  for (const [name, raw] of Object.entries(TESUTO)) {
    it(`reads a raw 8-bit/7-bit ${name} Subject of the quoted original`, async () => {
      const report = await analyzeMessage(qmailBounce(["Message-ID: <a@example.org>\n", "Subject: ", raw, "\n"], "\n"));
      expect(report.original?.subject).toBe("テスト");
    });
  }

  it("decodes encoded-words in several charsets", async () => {
    const report = await analyzeMessage(
      qmailBounce(["Message-ID: <a@example.org>\n", "Subject: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?= =?UTF-8?B?w6k=?= =?iso-8859-1?Q?caf=E9?=\n", "From: =?Shift_JIS?B?g2WDWINn?= <me@example.org>\n"], "\n"),
    );
    expect(report.original?.subject).toBe("テストécafé");
    expect(report.original?.from).toBe("me@example.org");
    expect(report.original?.headers.find(([name]) => name === "From")?.[1]).toBe("テスト <me@example.org>");
  });

  for (const [label, eol] of [["LF", "\n"], ["CRLF", "\r\n"], ["CR", "\r"]] as const) {
    it(`reads recipients and original with ${label} line ends`, async () => {
      const report = await analyzeMessage(qmailBounce([`Message-ID: <eol@example.org>${eol}Received: from a by b${eol}Subject: s${eol}`], eol));
      expect(report.isBounce).toBe(true);
      expect(report.recipients.map((r) => [r.address, r.status, r.reason, r.hardBounce])).toEqual([["gone@example.com", "5.1.1", "userunknown", true]]);
      expect(report.original?.messageId).toBe("eol@example.org");
      expect(report.original?.headers.map(([name]) => name)).toEqual(["Message-ID", "Received", "Subject"]);
    });
  }

  for (const [name, raw] of [["eucjp", TESUTO.eucjp], ["sjis", TESUTO.sjis]] as const) {
    it(`reads a ${name} text part that is labelled ISO-2022-JP (its bytes do not fit the label)`, async () => {
      const report = await analyzeMessage(
        concat(
          "From: MAILER-DAEMON@mx.example.net\nSubject: failure notice\nTo: me@example.org\nMIME-Version: 1.0\n",
          'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain; charset="ISO-2022-JP"\n\n',
          "Hi. This is the qmail-send program at mx.example.net.\n\n<gone@example.com>:\n", raw, "\n\n--b--\n",
        ),
      );
      expect(report.recipients.map((r) => [r.address, r.diagnosticCode])).toEqual([["gone@example.com", "テスト"]]);
    });
  }
});
