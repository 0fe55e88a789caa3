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
