// The person's Sent log: which Message-IDs they sent, to whom, and when. Fed from mbox Sent folders,
// Thunderbird's Sent folders (MessageHeader objects) and compose.onAfterSend; looked up by Message-ID first,
// then by recipient within a time window. Kept compact (one array of ids and dates, one recipient index)
// because a Sent folder can hold 100,000 messages.
import { headerValue, headerValues, parseHeaderBytes } from "./decode/headers.js";
import { normaliseLineEnds } from "./decode/mail.js";
import { isoDate } from "./decode/original.js";

/** One sent message: normalised Message-ID ("" when it had none), date (epoch ms, 0 when unknown), recipients. */
export interface SentEntry {
  messageId: string;
  date: number;
  recipients: string[];
  /** The sender's address (one of the person's own), when known. */
  from?: string;
}

/** What Thunderbird's messages API gives for a message (messenger.messages.MessageHeader). */
export interface MessageHeaderLike {
  headerMessageId?: string;
  recipients?: readonly string[];
  ccList?: readonly string[];
  bccList?: readonly string[];
  date?: Date | string | number;
  author?: string;
}

/** A bounce arrives at most this long after the mail it reports (a mail queue's lifetime). */
export const QUEUE_LIFETIME_MS = 7 * 24 * 3600 * 1000;
/** Clocks of the sender and the reporting server may disagree a little. */
export const CLOCK_SKEW_MS = 15 * 60 * 1000;

const MAX_RECIPIENTS = 5000;
const MAX_LIST_CHARS = 256 * 1024;
const HOST_LABELS = /^[a-z0-9](?:[a-z0-9-]{0,62}\.){0,126}[a-z0-9-]{0,63}$/;

/** A domain in lower case, IDN labels as punycode (via the URL parser, present in browsers and Node). */
export function normalizeDomain(domain: string): string {
  const lower = domain.trim().replace(/\.$/, "").toLowerCase();
  if (HOST_LABELS.test(lower)) return lower;
  try {
    return new URL(`http://${lower}/`).hostname;
  } catch {
    return lower;
  }
}

/** An address already in the form normalizeAddress gives (lower case, no brackets or quotes, a domain of HOST_LABELS not ending in a dot): most are. */
const NORMAL_ADDRESS = /^[a-z0-9._+-]+@[a-z0-9](?:[a-z0-9-]{0,62}\.){0,126}[a-z0-9-]{1,63}$/;

/** An address reduced to what identifies a mailbox: no display name, brackets or case; IDN domain as punycode. */
export function normalizeAddress(value: string): string {
  if (value.length <= 320 && NORMAL_ADDRESS.test(value)) return value;
  let text = value.trim();
  const angle = /<([^<>]{1,320})>/.exec(text);
  if (angle) text = angle[1]!;
  text = text.replace(/^mailto:/i, "").replace(/^["'\s]+|["'\s.,;:]+$/g, "");
  const at = text.lastIndexOf("@");
  if (at <= 0 || at === text.length - 1 || text.length > 320) return "";
  return `${text.slice(0, at).toLowerCase()}@${normalizeDomain(text.slice(at + 1))}`;
}

/**
 * Every address in an address-list value ("Name" <a@b>, c@d, group: e@f;). Display names, quoted strings and
 * comments are skipped, so commas inside names do not split anything.
 */
export function addressesIn(value: string): string[] {
  const text = value.length > MAX_LIST_CHARS ? value.slice(0, MAX_LIST_CHARS) : value;
  const found: string[] = [];
  let bare = "";
  const takeBare = (): void => {
    for (const token of bare.split(/[\s,;:]+/)) {
      if (token.includes("@") && token.includes(".", token.indexOf("@"))) push(token);
    }
    bare = "";
  };
  const push = (candidate: string): void => {
    const address = normalizeAddress(candidate);
    if (address && found.length < MAX_RECIPIENTS && !found.includes(address)) found.push(address);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "(") {
      let depth = 1;
      for (i++; i < text.length && depth > 0; i++) {
        if (text[i] === "\\") i++;
        else if (text[i] === "(") depth++;
        else if (text[i] === ")") depth--;
      }
      i--;
    } else if (c === "<") {
      const end = text.indexOf(">", i);
      if (end < 0) break;
      push(text.slice(i + 1, end));
      bare = "";
      i = end;
    } else if (c === ",") {
      takeBare();
    } else {
      bare += c;
    }
  }
  takeBare();
  return found;
}

/** A Message-ID as compared: no angle brackets, no spaces, lower case (some systems change the case). */
export function normalizeMessageId(value: string): string {
  const angle = /<([^<>]{1,998})>/.exec(value);
  return (angle ? angle[1]! : value).replace(/\s+/g, "").toLowerCase().slice(0, 998);
}

function epochOf(value: Date | string | number | undefined): number {
  if (value === undefined || value === "") return 0;
  const time = value instanceof Date ? value.getTime()
    : typeof value === "number" ? value
    : Date.parse(isoDate(value) || value);
  return Number.isFinite(time) && time > 0 ? time : 0;
}

/**
 * True when the first line ends with a lone CR: a message with CR-only line ends. Decided on the first line
 * only, so an LF message is not searched through for CRs (its body can be large: attachments).
 */
function endsLinesWithCr(raw: Uint8Array): boolean {
  const lf = raw.indexOf(0x0a);
  const cr = raw.subarray(0, lf < 0 ? raw.length : lf).indexOf(0x0d);
  return cr >= 0 && raw[cr + 1] !== 0x0a;
}

/** As far as a header section is read (parseHeaderBytes cuts larger ones there too). */
const HEADER_SECTION_BYTES = 512 * 1024;

/**
 * Builds an entry from a raw message (LF, CRLF or CR-only line ends); only its header section is read.
 * Null when it names nobody and has no id.
 */
export function sentEntryFromRaw(raw: Uint8Array): SentEntry | null {
  const head = raw.subarray(0, HEADER_SECTION_BYTES);
  const headers = parseHeaderBytes(endsLinesWithCr(head) ? normaliseLineEnds(head) : head);
  const recipients = ["to", "cc", "bcc"].flatMap((name) => headerValues(headers, name)).flatMap(addressesIn);
  const messageId = normalizeMessageId(headerValue(headers, "message-id"));
  if (!messageId && recipients.length === 0) return null;
  return {
    messageId,
    date: epochOf(headerValue(headers, "date")),
    recipients: [...new Set(recipients)].slice(0, MAX_RECIPIENTS),
    from: addressesIn(headerValue(headers, "from"))[0] ?? "",
  };
}

/** Builds an entry from what Thunderbird's messages API reports about a sent message. */
export function sentEntryFromMessageHeader(header: MessageHeaderLike): SentEntry {
  const lists = [header.recipients, header.ccList, header.bccList].flatMap((list) => list ?? []);
  return {
    messageId: normalizeMessageId(header.headerMessageId ?? ""),
    date: epochOf(header.date),
    recipients: [...new Set(lists.flatMap(addressesIn))].slice(0, MAX_RECIPIENTS),
    from: addressesIn(header.author ?? "")[0] ?? "",
  };
}

/**
 * A Sent folder that holds something, yet not one sent message could be read from it (a format or line
 * ends the reader does not know). It must be shown, never left as a silently empty log: without the
 * person's sent mail, bounces of their own mail look as if someone else had sent it.
 */
export interface SentFolderWarning {
  kind: "sent-folder-unread";
  /** The folder as the person knows it: a path, or a folder name in Thunderbird. */
  folder: string;
  /** What the folder holds: bytes of a file, or the messages a mail folder lists. */
  size: number;
}

/**
 * The warning for one Sent folder after reading all of it: `size` is what it holds (bytes of a file, or the
 * messages the folder lists), `found` how many sent messages were read from it (SentLog.addRawMessage's
 * true results, or entries made from its message headers). Null when nothing is wrong.
 * Worded by the `sent_folderUnread` message ($1: the folder).
 */
export function sentFolderWarning(folder: string, size: number, found: number): SentFolderWarning | null {
  return size > 0 && found === 0 ? { kind: "sent-folder-unread", folder, size } : null;
}

/** Stored form: recipients as a table, each message as [messageId, date in seconds, recipient indexes]. */
export interface SentLogJson {
  version: 1;
  recipients: string[];
  senders: string[];
  messages: [string, number, number[]][];
}

/** The known dates (0 is unknown) in ascending order. */
function datesInOrder(dates: number[]): number[] {
  return dates.filter((date) => date > 0).sort((a, b) => a - b);
}

/** The first index of the ascending `dates` whose date is at or after `time` (after it, when `after`); the length when none is. */
function firstAtOrAfter(dates: readonly number[], time: number, after = false): number {
  let low = 0;
  let high = dates.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (dates[mid]! < time || (after && dates[mid]! === time)) low = mid + 1;
    else high = mid;
  }
  return low;
}

export class SentLog {
  private readonly ids: string[] = [];
  private readonly dates: number[] = [];
  /** Recipients addressed by each message (To, Cc and Bcc), for the volume a sending limit counts. */
  private readonly recipientCounts: number[] = [];
  private readonly byId = new Map<string, number>();
  /** Recipient → indexes of the messages sent to them. */
  private readonly byRecipient = new Map<string, number[]>();
  private readonly senderSet = new Set<string>();
  /**
   * Made when first asked, dropped by `add`: dates in order and the recipients addressed up to each (for
   * recipientsSentWithin), and each recipient's dates in order (lastSentToWithin). Every bounce and report day
   * asks about a window; a search in them costs the logarithm of the log, not all of it.
   */
  private byDate: { dates: number[]; recipientsBefore: number[] } | null = null;
  private readonly recipientDates = new Map<string, number[]>();

  /** Number of messages in the log. */
  get size(): number {
    return this.ids.length;
  }

  /** The person's own sending addresses as seen in the log. */
  get senders(): ReadonlySet<string> {
    return this.senderSet;
  }

  /** Adds a message (normalising what the caller gave); a Message-ID already in the log is not added twice. */
  add(entry: SentEntry): void {
    const messageId = normalizeMessageId(entry.messageId);
    if (messageId && this.byId.has(messageId)) return;
    this.byDate = null;
    this.recipientDates.clear();
    const index = this.ids.length;
    this.ids.push(messageId);
    this.dates.push(Number.isFinite(entry.date) && entry.date > 0 ? entry.date : 0);
    this.recipientCounts.push(0);
    if (messageId) this.byId.set(messageId, index);
    for (const recipient of entry.recipients.slice(0, MAX_RECIPIENTS)) {
      const address = normalizeAddress(recipient);
      if (!address) continue;
      this.recipientCounts[index]!++;
      const list = this.byRecipient.get(address);
      if (!list) this.byRecipient.set(address, [index]);
      else if (list[list.length - 1] !== index) list.push(index);
    }
    const from = normalizeAddress(entry.from ?? "");
    if (from) this.senderSet.add(from);
  }

  /**
   * Adds one raw message of a Sent folder (header section only is read); false when it is not a sent
   * message at all (no Message-ID, no recipient), which sentFolderWarning counts.
   */
  addRawMessage(raw: Uint8Array): boolean {
    const entry = sentEntryFromRaw(raw);
    if (entry) this.add(entry);
    return entry !== null;
  }

  /** Date (epoch ms, 0 when unknown) of the sent message with this Message-ID, or undefined. */
  sentDateOf(messageId: string): number | undefined {
    const index = this.byId.get(normalizeMessageId(messageId));
    return index === undefined ? undefined : this.dates[index];
  }

  /** True when the person ever wrote to this address. */
  wroteTo(address: string): boolean {
    return this.byRecipient.has(normalizeAddress(address));
  }

  /** Date of the latest message sent to `address` within [from, to] (epoch ms), undefined when there is none. */
  lastSentToWithin(address: string, from: number, to: number): number | undefined {
    const key = normalizeAddress(address);
    let dates = this.recipientDates.get(key);
    if (!dates) {
      dates = datesInOrder((this.byRecipient.get(key) ?? []).map((index) => this.dates[index]!));
      this.recipientDates.set(key, dates);
    }
    const last = firstAtOrAfter(dates, to, true) - 1;
    return last >= 0 && dates[last]! >= from ? dates[last] : undefined;
  }

  /** Recipients addressed by the messages sent within [from, to] (epoch ms), each message's recipients counted. */
  recipientsSentWithin(from: number, to: number): number {
    if (!this.byDate) {
      const order = this.dates.map((_, i) => i).filter((i) => this.dates[i]! > 0).sort((a, b) => this.dates[a]! - this.dates[b]!);
      const recipientsBefore = [0];
      for (const i of order) recipientsBefore.push(recipientsBefore[recipientsBefore.length - 1]! + this.recipientCounts[i]!);
      this.byDate = { dates: order.map((i) => this.dates[i]!), recipientsBefore };
    }
    const { dates, recipientsBefore } = this.byDate;
    return Math.max(0, recipientsBefore[firstAtOrAfter(dates, to, true)]! - recipientsBefore[firstAtOrAfter(dates, from)]!);
  }

  /** Every Message-ID in the log (normalised). */
  messageIds(): IterableIterator<string> {
    return this.byId.keys();
  }

  toJSON(): SentLogJson {
    const recipients = [...this.byRecipient.keys()];
    const perMessage: number[][] = this.ids.map(() => []);
    recipients.forEach((recipient, r) => {
      for (const index of this.byRecipient.get(recipient)!) perMessage[index]!.push(r);
    });
    return {
      version: 1,
      recipients,
      senders: [...this.senderSet],
      messages: this.ids.map((id, i) => [id, Math.round(this.dates[i]! / 1000), perMessage[i]!]),
    };
  }

  /** Rebuilds a log from its stored form; malformed parts are skipped, never thrown on. */
  static fromJSON(json: unknown): SentLog {
    const log = new SentLog();
    if (!json || typeof json !== "object") return log;
    const data = json as Partial<SentLogJson>;
    const recipients: unknown[] = Array.isArray(data.recipients) ? data.recipients : [];
    for (const sender of Array.isArray(data.senders) ? data.senders : []) {
      if (typeof sender === "string") log.senderSet.add(sender);
    }
    for (const message of Array.isArray(data.messages) ? data.messages : []) {
      if (!Array.isArray(message) || typeof message[0] !== "string" || typeof message[1] !== "number") continue;
      const indexes = Array.isArray(message[2]) ? message[2] : [];
      log.add({
        messageId: message[0],
        date: message[1] * 1000,
        recipients: indexes.map((i) => recipients[i]).filter((r): r is string => typeof r === "string"),
      });
    }
    return log;
  }
}
