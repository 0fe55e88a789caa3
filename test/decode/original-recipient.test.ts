// RFC 3464 reports name the final recipient and, where known, the address the sender wrote to.
import { describe, expect, it } from "vitest";
import { analyzeMessage } from "../../src/core/analyze";

const dsn = (fields: string) => new TextEncoder().encode(`From: MAILER-DAEMON@mx.example.net
To: me@example.org
Subject: Undelivered Mail Returned to Sender
Date: Mon, 05 Oct 2026 12:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

Your message could not be delivered.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

${fields}
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp; 552 5.2.2 Mailbox full

--b1--
`);

describe("Original-Recipient", () => {
  it("is reported beside the final recipient when they differ", async () => {
    const report = await analyzeMessage(dsn("Original-Recipient: rfc822;Sales@example.net\nFinal-Recipient: rfc822;bob@internal.example.net"));
    expect(report.recipients.map((r) => [r.address, r.originalRecipient])).toEqual([["bob@internal.example.net", "Sales@example.net"]]);
  });

  it("is left out when it is the same address or missing", async () => {
    const same = await analyzeMessage(dsn("Original-Recipient: rfc822;BOB@internal.example.net\nFinal-Recipient: rfc822;bob@internal.example.net"));
    const none = await analyzeMessage(dsn("Final-Recipient: rfc822;bob@internal.example.net"));
    for (const report of [same, none]) expect(report.recipients[0]).not.toHaveProperty("originalRecipient");
  });
});
