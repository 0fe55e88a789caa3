// The MIME reader: parts found by their boundaries, bodies transfer-decoded, limits on hostile structure.
import { describe, expect, it } from "vitest";
import { decodeBase64, decodeQuotedPrintable, mimeLeaves, structuredValue } from "../../src/core/decode/mime.js";
import { htmlText } from "../../src/core/decode/html-text.js";
import { Work } from "../../src/core/decode/limits.js";
import { readMail } from "../../src/core/decode/mail.js";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);

function leavesOf(message: string, work = new Work()): ReturnType<typeof mimeLeaves> {
  const raw = bytes(message);
  const blank = message.search(/\r?\n\r?\n/);
  return mimeLeaves(raw, message.indexOf("\n", blank + 1) + 1, work);
}

describe("MIME reader", () => {
  it("finds nested parts, decodes base64 and quoted-printable, keeps message/rfc822 as bytes", () => {
    const leaves = leavesOf(
      'Content-Type: multipart/report; report-type=delivery-status;\r\n boundary="outer b"\r\n\r\npreamble --outer b not a delimiter\r\n' +
        '--outer b\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n--inner\r\nContent-Type: text/plain; charset=utf-8\r\n' +
        "Content-Transfer-Encoding: quoted-printable\r\n\r\ncaf=C3=A9 soft=\r\nbreak\r\n--inner\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--inner--\r\n" +
        "--outer b  \r\nContent-Type: message/delivery-status\r\nContent-Transfer-Encoding: base64\r\n\r\nRmluYWwtUmVjaXBpZW50OiBy\r\nZmM4MjI7IGFAZXhhbXBsZS5jb20=\r\n" +
        "--outer b\r\nContent-Type: message/rfc822\r\n\r\nSubject: original\r\n\r\nbody\r\n--outer b--\r\nepilogue\r\n",
    );
    expect(leaves.map((leaf) => [leaf.type, leaf.alternative, text(leaf.body)])).toEqual([
      ["text/plain", 0, "café softbreak"],
      ["text/html", 0, "<p>x</p>"],
      ["message/delivery-status", -1, "Final-Recipient: rfc822; a@example.com"],
      ["message/rfc822", -1, "Subject: original\r\n\r\nbody"],
    ]);
  });

  it("reads a part that runs to the end when the close delimiter is missing, and digest parts as messages", () => {
    const leaves = leavesOf("Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: one\n\nx\n--d\nContent-Type: text/plain\n\ntruncated");
    expect(leaves.map((leaf) => [leaf.type, text(leaf.body)])).toEqual([["message/rfc822", "Subject: one\n\nx"], ["text/plain", "truncated"]]);
  });

  it("stops at a bounded nesting depth and a bounded number of parts", () => {
    let body = "Content-Type: text/plain\n\nleaf\n";
    for (let depth = 0; depth < 200; depth++) body = `Content-Type: multipart/mixed; boundary="b${depth}"\n\n--b${depth}\n${body}\n--b${depth}--\n`;
    const deep = new Work();
    expect(leavesOf(body, deep)).toEqual([]);
    expect(deep.limits()).toEqual(["mime_depth"]);
    // the multipart is one of the 1000 parts read
    const many = "Content-Type: multipart/mixed; boundary=m\n\n" + "--m\n\nx\n".repeat(5000) + "--m--\n";
    const wide = new Work();
    expect(leavesOf(many, wide).length).toBe(999);
    expect(wide.limits()).toEqual(["mime_parts"]);
    const exactly = new Work();
    expect(leavesOf("Content-Type: multipart/mixed; boundary=m\n\n" + "--m\n\nx\n".repeat(999) + "--m--\n", exactly).length).toBe(999);
    expect(exactly.limits()).toEqual([]);
  });

  it("parses parameters: quoted, RFC 2231 sections, comments", () => {
    expect(structuredValue('Text/Plain (comment); Charset="ISO-2022-JP"; name*0="a b"; name*1=".txt"; format=flowed')).toEqual({
      value: "text/plain",
      params: { charset: "ISO-2022-JP", name: "a b.txt", format: "flowed" },
    });
  });

  it("decodes base64 with line breaks and junk, and quoted-printable escapes", () => {
    expect(text(decodeBase64(bytes("SGVs\r\nbG8g!d29y\nbGQ=")))).toBe("Hello world");
    expect(text(decodeBase64(bytes("YQ==\nYmM=\n")))).toBe("abc");
    expect(text(decodeQuotedPrintable(bytes("a=3Db=\r\nc = d=\n")))).toBe("a=bc = d");
  });

  it("renders HTML-only reports as text, without style or script", () => {
    expect(htmlText("<html><head><style>p{}</style></head><body><p>Delivery&nbsp;failed</p><div>to <b>a@example.com</b><br>550 &#x35;.1.1</div></body></html>"))
      .toBe("Delivery failed\nto a@example.com\n550 5.1.1");
  });

  it("unfolds format=flowed text and joins text parts marked as attachments without a file name", () => {
    const mail = readMail(bytes(
      'Subject: x\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; format=flowed; delsp=yes\n\nThe following address \nfailed:\n' +
        "--b\nContent-Type: text/plain\nContent-Disposition: attachment\n\nextra\n--b\nContent-Type: text/plain\nContent-Disposition: attachment; filename=a.txt\n\nfile\n--b--\n",
    ));
    expect(mail.lines).toEqual(["The following addressfailed:", "extra"]);
  });
});
