// Generated mail for scale tests and benchmarks: large Sent folders and streams of ordinary mail.
import type { FakeMessage } from "./messenger";

/** `count` sent messages from `from`, one every `spacingMs` up to `end`, to a few hundred correspondents. */
export function generatedSent(count: number, from: string, end: number, spacingMs = 10 * 60 * 1000): FakeMessage[] {
  const out: FakeMessage[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const n = i % 397;
    out[i] = {
      author: from,
      subject: `Order ${i}`,
      recipients: [`Customer ${n} <customer${n}@shop${n % 37}.example.com>`],
      ccList: i % 5 === 0 ? [`office${n % 11}@example.net`] : [],
      bccList: [],
      date: new Date(end - (count - i) * spacingMs),
      headerMessageId: `${i.toString(36)}.${(i * 7919).toString(36)}@mail.example.jp`,
    };
  }
  return out;
}

const TOPICS = ["Meeting notes", "Invoice", "Re: schedule", "Weekly newsletter", "Your order has shipped", "Lunch?", "Photos", "Re: contract draft"];

/** Ordinary mail from people and services, as it arrives in an inbox. */
export function generatedInbox(count: number, to: string, start: number): FakeMessage[] {
  return Array.from({ length: count }, (_, i) => {
    const subject = `${TOPICS[i % TOPICS.length]} ${i}`;
    const raw = new TextEncoder().encode(
      `From: Sender ${i} <sender${i}@example.org>\r\nTo: ${to}\r\nSubject: ${subject}\r\nMessage-ID: <in-${i}@example.org>\r\n`
      + `Date: ${new Date(start + i * 60_000).toUTCString()}\r\n\r\nHello, this is message ${i}.\r\n`,
    );
    return {
      author: `Sender ${i} <sender${i}@example.org>`, subject, recipients: [to], date: new Date(start + i * 60_000),
      headerMessageId: `in-${i}@example.org`, raw, size: raw.length,
    };
  });
}

function fakeOf(author: string, subject: string, to: string, date: Date, messageId: string, text: string): FakeMessage {
  const raw = new TextEncoder().encode(text);
  return { author, subject, recipients: [to], date, headerMessageId: messageId, raw, size: raw.length };
}

/**
 * Account traces that are not bounces, as they arrive for `to` (whose Sent log has none of them): auto-replies
 * from strangers to mail never sent, an Exchange-authenticated Microsoft 365 "User restricted" alert, a
 * look-alike of it, and a feedback-loop complaint about mail from `to`. `count` messages, one a minute.
 */
export function generatedTraces(count: number, to: string, start: number): FakeMessage[] {
  const domain = to.slice(to.indexOf("@") + 1);
  return Array.from({ length: count }, (_, i) => {
    const date = new Date(start + i * 60_000);
    const when = date.toUTCString();
    const id = `trace-${i}@bench.example.net`;
    switch (i % 4) {
      case 0: {
        const author = `Stranger ${i} <stranger${i}@corp${i}.example.com>`;
        return fakeOf(author, "Automatic reply: Your invoice is overdue", to, date, id,
          `Received: from mail.corp${i}.example.com (mail.corp${i}.example.com [198.51.100.${i % 250}]) by mx.${domain} (Postfix) with ESMTPS id A${i}; ${when}\r\n`
          + `From: ${author}\r\nTo: ${to}\r\nSubject: Automatic reply: Your invoice is overdue\r\nDate: ${when}\r\nMessage-ID: <${id}>\r\n`
          + `In-Reply-To: <spam-${i}.z8@${domain}>\r\nAuto-Submitted: auto-replied\r\n\r\nI am away until Monday.\r\n`);
      }
      case 1: {
        const author = "Microsoft 365 <o365alerts@microsoft.example.com>";
        return fakeOf(author, "Informational-severity alert: User restricted from sending email", to, date, id,
          `Received: from DM6PR04MB5510.namprd04.prod.outlook.example.com (2001:db8:10b6:18a::9) by CH2PR04MB6790.namprd04.prod.outlook.example.com with Microsoft SMTP Server id 15.20.8158.17 via Mailbox Transport; ${when}\r\n`
          + "Authentication-Results: spf=pass (sender IP is 198.51.100.40) smtp.mailfrom=microsoft.example.com; dkim=pass (signature was verified) header.d=microsoft.example.com;dmarc=pass action=none header.from=microsoft.example.com\r\n"
          + `Received: from mail-dm6nam10on2040.outbound.protection.outlook.example.com (198.51.100.40) by DM3NAM02FT041.mail.protection.outlook.example.com (10.13.5.40) with Microsoft SMTP Server id 15.20.8158.14 via Frontend Transport; ${when}\r\n`
          + `DKIM-Signature: v=1; a=rsa-sha256; d=microsoft.example.com; s=s1; h=from:subject; bh=x; b=y\r\n`
          + `From: ${author}\r\nTo: ${to}\r\nSubject: Informational-severity alert: User restricted from sending email\r\nDate: ${when}\r\nMessage-ID: <${id}>\r\n\r\n`
          + `A user has been restricted from sending email.\r\nUser: ${to}\r\n`);
      }
      case 2: {
        const author = "Microsoft 365 Admin <no-reply@secure-m365-alerts.example.net>";
        return fakeOf(author, "User restricted from sending email", to, date, id,
          `Received: from mail.secure-m365-alerts.example.net (mail.secure-m365-alerts.example.net [203.0.113.66]) by mx.${domain} (Postfix) with ESMTP id L${i}; ${when}\r\n`
          + `From: ${author}\r\nTo: ${to}\r\nSubject: User restricted from sending email\r\nDate: ${when}\r\nMessage-ID: <${id}>\r\n\r\n`
          + "Your mailbox is restricted from sending email. Restore access: https://secure-m365-alerts.example.net/restore\r\n");
      }
      default: {
        const author = "Feedback Loop <fbl@feedback.bigmail.example.com>";
        const boundary = `=_arf_${i}`;
        return fakeOf(author, "Complaint about message from 198.51.100.31", to, date, id,
          `Received: from feedback.bigmail.example.com (feedback.bigmail.example.com [198.51.100.180]) by mx.${domain} (Postfix) with ESMTPS id F${i}; ${when}\r\n`
          + `From: ${author}\r\nTo: ${to}\r\nSubject: Complaint about message from 198.51.100.31\r\nDate: ${when}\r\nMessage-ID: <${id}>\r\n`
          + `MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=feedback-report; boundary="${boundary}"\r\n\r\n`
          + `--${boundary}\r\nContent-Type: text/plain\r\n\r\nAn abuse report.\r\n`
          + `--${boundary}\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\nVersion: 1\r\nOriginal-Mail-From: <${to}>\r\nSource-IP: 198.51.100.31\r\n\r\n`
          + `--${boundary}\r\nContent-Type: message/rfc822\r\n\r\nFrom: ${to}\r\nTo: someone@bigmail.example.com\r\nSubject: Cheap watches\r\nDate: ${when}\r\nMessage-ID: <spam-c${i}@${domain}>\r\n\r\nBuy now.\r\n`
          + `--${boundary}--\r\n`);
      }
    }
  });
}
