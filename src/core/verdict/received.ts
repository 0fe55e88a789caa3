// One Received field (RFC 5321 §4.4) read into what the trust chain and the submission signals need.
// Each MTA writes the from-clause its own way, and only some parts are verified by the receiving server:
//   Postfix/Sendmail  from HELO (rdns [ip])            → rdns and ip verified, HELO claimed
//   Exim              from rdns ([ip]:port helo=HELO)  → leading name verified (or "[ip] (port=… helo=…)")
//   qmail             from rdns (HELO helo) (login@ip) → leading name and ip verified, login when SMTP AUTH
//                     from rdns (ip)                   → (HELO left out when it equals the rdns)
//   Exchange          from HELO (ip)                   → ip verified
// So the verified sending host is the IP and rDNS name in the from-clause's identity comment, plus the
// leading name only where the format puts the verified name there (Exim, qmail). The HELO name is never trusted.
// Webmail writes its own hop "from <browser ip> by webmail.host with HTTP(S)" (Yahoo: "via HTTP"), SquirrelMail naming the login.
//
// The HELO is whatever text the sending client chose: Postfix and Sendmail write it verbatim, spaces and
// parentheses included, before their own identity comment. So the server's own parts are found by position:
// the by-clause is the last "by" of the field (the HELO comes before it), the identity comment is the last
// comment with an address in the from-clause, and logins and formats are read only from what the server
// wrote after the HELO. A "(" that never closes is a character, not a comment, and a comment's size does
// not cost the by-clause: the whole value is scanned once, only the kept texts are bounded.
import { hostNameOf, ipOf } from "./hosts.js";

export interface HostIdentity {
  names: string[];
  ips: string[];
}

export interface ReceivedHop {
  /** The receiving host (by-clause), empty when the field has no by-clause. */
  by: HostIdentity;
  /** The sending host as the receiving host verified it; null when the field has no from-clause. */
  from: HostIdentity | null;
  /** The name the sender claimed (HELO/EHLO), "" when none is written. */
  helo: string;
  /** The "with" protocol as written (ESMTPSA, esmtpsa, SMTP, ...). */
  protocol: string;
  /** True when the field records an authenticated submission (SMTP AUTH, or a webmail's HTTP hop). */
  authenticated: boolean;
  /** The login the field names for that submission, "" when it names none. */
  login: string;
  /** Exim's "(envelope-from <...>)", "" when absent. */
  envelopeFrom: string;
}

/** Characters of a value scanned (the decoder keeps 16 KiB per field; this bounds any other caller). */
const MAX_SCAN_CHARS = 64 * 1024;
/** Characters kept of one comment or word: enough for any identity, login or protocol. */
const MAX_ITEM_CHARS = 1000;
const AFTER_BY_CLAUSES = new Set(["with", "id", "for", "via"]);
/** RFC 3848 protocol names of authenticated sessions, in either case (Exim writes them lower-case). */
const AUTH_PROTOCOL = /^(?:utf8)?(?:e?smtp|lmtp)s?a$/i;

export function isAuthProtocol(protocol: string): boolean {
  return AUTH_PROTOCOL.test(protocol);
}
/**
 * A webmail's own hop: "from ip by webmail.host with HTTP" (HTTPS, "HTTP/1.1 POST"), or a mailbox server's
 * "with mapi" (Exchange: Outlook, Outlook on the web). Composing there takes a login.
 */
const WEBMAIL_PROTOCOL = /^(?:https?|mapi)$/i;
const LOGIN_PATTERNS: RegExp[] = [
  /^authenticated sender:\s*<?([^\s<>]{1,320})/i, // Postfix
  /^[a-z]{1,30} authenticated user\s+<?([^\s<>]{1,320})/i, // SquirrelMail "(SquirrelMail authenticated user …)"
  /^auth:\s*[a-z0-9-]{1,20}\s+([^\s,]{1,320})/i, // Courier "(AUTH: LOGIN user, TLS: ...)"
  /^authenticated (?:as|user)\s+<?([^\s<>]{1,320})/i, // MDaemon, some Sendmail setups
];
/** Exim's "(envelope-from <...>)". */
const ENVELOPE_FROM = /^envelope-from\s+<([^<>\s]{0,320})>/i;
/** Every login pattern has it. */
const MAY_NAME_LOGIN = /auth/i;
/** Sendmail "(authenticated bits=0)", Yahoo-style "(203.0.113.9 with plain)". */
const AUTH_MARKS = /^authenticated bits=\d|\bwith (?:plain|login|cram-md5|digest-md5|xoauth2?|oauthbearer)\b/i;

type Item = { word: string; comment?: undefined } | { comment: string; word?: undefined };

const isSpace = (code: number): boolean => code === 32 || (code >= 9 && code <= 13);

/** For each "(" the index of its matching ")", in one pass; an unmatched "(" has none. */
function matchingParens(text: string): Map<number, number> {
  const close = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40) open.push(i);
    else if (c === 41 && open.length > 0) close.set(open.pop()!, i);
  }
  return close;
}

/**
 * Words and (comments) of a value; ";" is kept as a word of its own, since the date follows one.
 * "<...>" and "..." run through spaces inside a word (an address), so their text cannot read as keywords.
 */
function tokenize(value: string): Item[] {
  const text = value.length > MAX_SCAN_CHARS ? value.slice(0, MAX_SCAN_CHARS) : value;
  const close = matchingParens(text);
  const items: Item[] = [];
  let start = -1;
  const flush = (end: number): void => {
    if (start >= 0) items.push({ word: text.slice(start, Math.min(end, start + MAX_ITEM_CHARS)) });
    start = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const end = c === 40 ? close.get(i) : undefined;
    if (end !== undefined) {
      flush(i);
      items.push({ comment: text.slice(i + 1, Math.min(end, i + 1 + MAX_ITEM_CHARS)).trim() });
      i = end;
    } else if (c === 59) {
      flush(i);
      items.push({ word: ";" });
    } else if (isSpace(c)) {
      flush(i);
    } else {
      if (start < 0) start = i;
      if (c === 60 || c === 34) {
        // an address in angle brackets or a quoted local part: through to its end on the same field
        const stop = text.indexOf(c === 60 ? ">" : "\"", i + 1);
        if (stop > 0) i = stop;
      }
    }
  }
  flush(text.length);
  return items;
}

interface Clause {
  words: string[];
  comments: string[];
}

function clauseOf(items: readonly Item[]): Clause {
  const clause: Clause = { words: [], comments: [] };
  for (const item of items) {
    if (item.word !== undefined) clause.words.push(item.word);
    else clause.comments.push(item.comment);
  }
  return clause;
}

const isBy = (word: string | undefined): boolean => word !== undefined && word.length === 2 && word.toLowerCase() === "by";

/** The word in lower case when it may name a clause (AFTER_BY_CLAUSES), else undefined: no copy of every word. */
const clauseName = (word: string | undefined): string | undefined => (word !== undefined && word.length <= 4 ? word.toLowerCase() : undefined);

interface Parts {
  /** Items between "from" and the by-clause; null without a from-clause. */
  from: Item[] | null;
  /** Clauses from the by-clause on (by, with, id, for, via): all written by the receiving server. */
  after: Map<string, Clause>;
}

/** The field cut into its from-clause (sender text inside) and the server's own clauses after the last "by". */
function partsOf(items: readonly Item[]): Parts {
  // the server's own "by" is the last one, the HELO text coming before it; "by TLS" after it is no clause
  let by = -1;
  let lastBy = -1;
  for (let i = items.length - 1; i >= 0 && by < 0; i--) {
    if (!isBy(items[i]!.word)) continue;
    if (lastBy < 0) lastBy = i;
    const host = items[i + 1]?.word ?? "";
    if (ipOf(host) || hostNameOf(host)) by = i;
  }
  if (by < 0) by = lastBy;
  const startsWithFrom = items[0]?.word?.toLowerCase() === "from";
  const from = startsWithFrom ? items.slice(1, by > 0 ? by : items.length).filter((item) => item.word !== ";") : null;
  const after = new Map<string, Clause>();
  if (by < 0) return { from: startsWithFrom ? items.slice(1, endOfClauses(items)) : null, after };
  const tail = items.slice(by + 1, by + 1 + endOfClauses(items.slice(by + 1)));
  let name = "by";
  let start = 0;
  for (let i = 0; i <= tail.length; i++) {
    const word = clauseName(tail[i]?.word);
    if (i < tail.length && !(word !== undefined && AFTER_BY_CLAUSES.has(word) && !after.has(word) && word !== name)) continue;
    if (!after.has(name)) after.set(name, clauseOf(tail.slice(start, i)));
    name = word ?? "";
    start = i + 1;
  }
  return { from, after };
}

/** The items before the ";" that precedes the date. */
function endOfClauses(items: readonly Item[]): number {
  const semicolon = items.findIndex((item) => item.word === ";");
  return semicolon < 0 ? items.length : semicolon;
}

interface ParsedComment {
  names: string[];
  ips: string[];
  helo: string;
  login: string;
}

/** Reads an identity comment such as "rdns [ip]", "[ip]:port helo=x", "HELO x", "login@ip", "ip with plain". */
function readComment(comment: string): ParsedComment {
  const parsed: ParsedComment = { names: [], ips: [], helo: "", login: "" };
  const tokens = comment.split(/[\s,]+/).filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const first = token.charCodeAt(0) | 32;
    const head = (first === 104 || first === 101) && token.length >= 4 ? token.slice(0, 5).toLowerCase() : ""; // h, e
    if (head === "helo" || head === "ehlo") {
      parsed.helo = tokens[++i] ?? "";
      continue;
    }
    if (head === "helo=") {
      parsed.helo = token.slice(5);
      continue;
    }
    const equals = token.indexOf("=");
    if (equals >= 2 && equals <= 12 && /^[a-z-]{2,12}=/i.test(token)) continue; // port=, ident=, ...
    const at = token.lastIndexOf("@");
    if (at > 0) {
      const ip = ipOf(token.slice(at + 1));
      if (ip) {
        parsed.ips.push(ip);
        parsed.login = token.slice(0, at); // qmail SMTP-AUTH patch: "(user@domain@ip)"
      }
      continue;
    }
    const ip = ipOf(token);
    if (ip) {
      parsed.ips.push(ip);
      continue;
    }
    const name = hostNameOf(token);
    if (name) parsed.names.push(name);
  }
  return parsed;
}

/** The comment read, when it names an address (every form of one has a digit or a colon). */
function identityIn(comment: string): ParsedComment | null {
  if (!/[\d:]/.test(comment)) return null;
  const parsed = readComment(comment);
  return parsed.ips.length > 0 ? parsed : null;
}

/**
 * qmail's identity comment: "ip", "[ip]", "login@ip", Yahoo's "login@ip with plain". Never Postfix's, which
 * always writes a name before the address ("rdns [ip]", "unknown [ip]").
 */
const QMAIL_IDENTITY = /^(?:\S{1,320}@)?(?:\d[\d.]{6,14}|\[\d[\d.]{6,14}\])(?:\s+with\s+[a-z0-9-]{1,20})?$/i;
const HELO_COMMENT = /^(?:helo|ehlo)\s+(\S+)$/i;

/** qmail's own from-clause: "rdns (HELO helo) (ip | login@ip)" or, when the HELO equals the rdns, "rdns (ip)". */
function isQmailForm(from: readonly Item[], after: Map<string, Clause>): boolean {
  const identity = from[from.length - 1]?.comment ?? "";
  if (from[0]?.word === undefined || !QMAIL_IDENTITY.test(identity)) return false;
  // Exchange writes "from HELO (ip)" too, but always "with Microsoft SMTP Server … id …"
  if (from.length === 3) return HELO_COMMENT.test(from[1]!.comment ?? "") && !/^microsoft$/i.test(after.get("with")?.words[0] ?? "");
  return from.length === 2 && /^\d/.test(identity) && ipOf(identity) !== "" && !after.has("id") && /^e?smtps?a?$/i.test(after.get("with")?.words[0] ?? "");
}

/**
 * Exim's own from-clause with a verified name: "rdns ([ip]:port helo=HELO)", "rdns ([ip])", told from other
 * MTAs' "HELO ([ip])" by Exim's own marks: a helo= item, its lower-case protocol names or "(Exim …)".
 */
function isEximForm(from: readonly Item[], after: Map<string, Clause>): boolean {
  const comment = from[1]?.comment ?? "";
  if (from.length !== 2 || !/^\[[^\]]+\](?::\d+)?(?:\s|$)/.test(comment)) return false;
  const withClause = after.get("with");
  return /(?:^|\s)helo=/i.test(comment) || /^(?:e?smtps?a?|local)$/.test(withClause?.words[0] ?? "")
    || (withClause?.comments ?? []).some((c) => /^Exim\b|^envelope-from\b/i.test(c));
}

function identityOfBy(clause: Clause | undefined): HostIdentity {
  const identity: HostIdentity = { names: [], ips: [] };
  if (!clause) return identity;
  const head = clause.words[0] ?? "";
  const headIp = ipOf(head);
  const headName = headIp ? "" : hostNameOf(head);
  if (headIp) identity.ips.push(headIp);
  else if (headName) identity.names.push(headName);
  for (const comment of clause.comments) {
    const parsed = identityIn(comment);
    if (!parsed) continue;
    identity.names.push(...parsed.names);
    identity.ips.push(...parsed.ips);
    break;
  }
  return identity;
}

interface FromClause {
  identity: HostIdentity;
  helo: string;
  /** The login of qmail's "(login@ip)" identity, "" when none. */
  login: string;
  /** Comments the receiving server wrote in the from-clause (after the sender's HELO text). */
  serverComments: string[];
}

/**
 * The from-clause: the identity comment is the last one carrying an address (the HELO, which may imitate
 * one, always comes before it); without one, the server wrote the whole clause when it leads with an IP.
 */
function readFrom(from: readonly Item[], after: Map<string, Clause>): FromClause {
  const clause: FromClause = { identity: { names: [], ips: [] }, helo: "", login: "", serverComments: [] };
  const lead = from[0]?.word ?? "";
  const leadIp = ipOf(lead);
  let at = -1;
  let parsed: ParsedComment | null = null;
  for (let i = from.length - 1; i >= 0 && !parsed; i--) {
    const comment = from[i]!.comment;
    parsed = comment === undefined ? null : identityIn(comment);
    at = i;
  }
  if (parsed) {
    clause.identity.names.push(...parsed.names);
    clause.identity.ips.push(...parsed.ips);
    clause.serverComments = clauseOf(from.slice(at)).comments;
    const qmail = at === from.length - 1 && isQmailForm(from, after);
    const exim = !qmail && isEximForm(from, after);
    const leadName = qmail || exim ? hostNameOf(lead) : "";
    if (leadName) clause.identity.names.push(leadName);
    if (qmail) clause.login = parsed.login;
    clause.helo = exim ? parsed.helo : heloComment(from) || (qmail ? "" : lead);
    return clause;
  }
  if (leadIp) {
    // Exim without a verified name "[ip] (port=… helo=…)", a webmail's "ip (SquirrelMail authenticated user …)"
    clause.identity.ips.push(leadIp);
    clause.serverComments = clauseOf(from).comments;
    clause.helo = clause.serverComments.map((c) => readComment(c).helo).find(Boolean) ?? "";
    return clause;
  }
  // "from name [ip] by …" (IIS, iMail, SurfControl): the bracketed peer address stands bare, after the name
  const bare = from.slice(1).flatMap((item) => (item.word?.startsWith("[") ? [ipOf(item.word)] : [])).filter(Boolean);
  if (bare.length > 0) clause.identity.ips.push(bare[bare.length - 1]!);
  clause.helo = heloComment(from) || lead;
  return clause;
}

/** The HELO qmail writes as "(HELO name)" after the leading name, "" when there is none. */
const heloComment = (from: readonly Item[]): string => HELO_COMMENT.exec(from[1]?.comment ?? "")?.[1] ?? "";

/** Recent answers: the trust chain and the receiving side read the same fields of a report one after the other. */
const recent = new Map<string, ReceivedHop>();
const RECENT = 64;

/** The hop a Received field value records (a fresh object: callers mark it, exchange.ts). */
export function parseReceived(value: string): ReceivedHop {
  let hop = recent.get(value);
  if (!hop) {
    hop = readHop(value);
    if (recent.size >= RECENT) recent.delete(recent.keys().next().value!);
    recent.set(value, hop);
  }
  return { ...hop };
}

function readHop(value: string): ReceivedHop {
  const { from, after } = partsOf(tokenize(value));
  const withClause = after.get("with");
  const hop: ReceivedHop = {
    by: identityOfBy(after.get("by")),
    from: null,
    helo: "",
    protocol: withClause?.words[0] ?? "",
    authenticated: false,
    login: "",
    envelopeFrom: "",
  };
  const serverComments = [...after.values()].flatMap((c) => c.comments);
  for (const comment of serverComments) {
    const envelope = ENVELOPE_FROM.exec(comment);
    if (envelope) hop.envelopeFrom = envelope[1]!;
  }
  if (from) {
    const clause = readFrom(from, after);
    hop.from = clause.identity;
    hop.helo = clause.helo;
    hop.login = clause.login;
    serverComments.unshift(...clause.serverComments);
  }
  for (const comment of serverComments) {
    if (MAY_NAME_LOGIN.test(comment)) for (const pattern of LOGIN_PATTERNS) {
      const match = pattern.exec(comment);
      if (match) hop.login = match[1]!.replace(/[>)]+$/, "");
    }
    if (AUTH_MARKS.test(comment)) hop.authenticated = true;
  }
  // Yahoo's webmail writes its protocol as "via HTTP"
  const webmail = WEBMAIL_PROTOCOL.test(hop.protocol) || (!withClause && WEBMAIL_PROTOCOL.test(after.get("via")?.words[0] ?? ""));
  if (hop.login || isAuthProtocol(hop.protocol) || webmail) hop.authenticated = true;
  return hop;
}
