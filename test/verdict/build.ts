// BounceReport objects for verdict unit tests, built the way the decoder reports them.
import type { BounceReport, HeaderField, RecipientResult } from "../../src/core/types";

export interface ReportSpec {
  /** Header fields of the embedded original; null for a bounce without one. */
  original?: HeaderField[] | null;
  recipients?: string[];
  /** ISO date of the bounce. */
  date?: string;
  envelope?: HeaderField[];
  reportingMta?: string;
  isBounce?: boolean;
  kind?: BounceReport["kind"];
}

const value = (headers: HeaderField[], name: string): string =>
  headers.find(([key]) => key.toLowerCase() === name)?.[1] ?? "";

const angle = (text: string): string => /<([^>]+)>/.exec(text)?.[1] ?? text.trim();

export function bounce(spec: ReportSpec): BounceReport {
  const headers = spec.original === undefined ? null : spec.original;
  const recipients: RecipientResult[] = (spec.recipients ?? []).map((address) => ({
    address, action: spec.kind === "delayed" ? "delayed" : "failed", status: "5.1.1", replyCode: "550",
    reason: "userunknown", hardBounce: true, diagnosticCode: "550 5.1.1 user unknown",
  }));
  const date = headers ? value(headers, "date") : "";
  return {
    isBounce: spec.isBounce ?? true,
    kind: spec.isBounce === false ? "none" : spec.kind ?? "failed",
    recipients,
    original: headers && {
      messageId: angle(value(headers, "message-id")),
      from: angle(value(headers, "from")),
      to: value(headers, "to") ? value(headers, "to").split(",").map(angle) : [],
      returnPath: angle(value(headers, "return-path")),
      subject: value(headers, "subject"),
      date: date ? new Date(Date.parse(date)).toISOString() : "",
      headers,
    },
    reportingMta: spec.reportingMta ?? "",
    decoder: "test",
    envelope: {
      messageId: "bounce@mx.example.net",
      from: "MAILER-DAEMON@mx.example.net",
      subject: "Undelivered Mail Returned to Sender",
      date: spec.date ?? "2026-10-14T03:00:00.000Z",
      headers: spec.envelope ?? [],
    },
  };
}
