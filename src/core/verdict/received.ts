// One Received field (RFC 5321 §4.4) read into what the trust chain and the submission signals need.
// Each MTA writes the from-clause its own way, and only some parts are verified by the receiving server:
//   Postfix/Sendmail  from HELO (rdns [ip])            → rdns and ip verified, HELO claimed
//   Exim              from rdns ([ip]:port helo=HELO)  → leading name verified (or "[ip] (port=… helo=…)")
//   qmail             from rdns (HELO helo) (login@ip) → leading name and ip verified, login when SMTP AUTH
//                     from rdns (ip)                   → (HELO left out when it equals the rdns)
//   Exchange          from HELO (ip)                   → ip verified
// So the verified sending host is the IP and rDNS name in the from-clause's comments, plus the leading
// name only where the format puts the verified name there (Exim, qmail). The HELO name is never trusted.
// Webmail writes its own hop "from <browser ip> by webmail.host with HTTP(S)" (Yahoo: "via HTTP"), SquirrelMail naming the login.
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

const MAX_FIELD_CHARS = 4096;
const MAX_ITEMS = 200;
const CLAUSES = new Set(["from", "by", "via", "with", "id", "for"]);
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
/** Sendmail "(authenticated bits=0)", Yahoo-style "(203.0.113.9 with plain)". */
const AUTH_MARKS = /^authenticated bits=\d|\bwith (?:plain|login|cram-md5|digest-md5|xoauth2?|oauthbearer)\b/i;

interface Item {
  word?: string;
  comment?: string;
}

/** Words and (comments) up to the date, which follows the last top-level ";". */
function tokenize(value: string): Item[] {
  const text = value.length > MAX_FIELD_CHARS ? value.slice(0, MAX_FIELD_CHARS) : value;
  const items: Item[] = [];
  let word = "";
  const flush = (): void => {
    if (word) items.push({ word });
    word = "";
  };
  for (let i = 0; i < text.length && items.length < MAX_ITEMS; i++) {
    const c = text[i]!;
    if (c === "(") {
      flush();
      let depth = 1;
      let comment = "";
      for (i++; i < text.length && depth > 0; i++) {
        const d = text[i]!;
        if (d === "(") depth++;
        else if (d === ")") depth--;
        if (depth > 0) comment += d;
      }
      i--;
      items.push({ comment: comment.trim() });
    } else if (c === ";") {
      break;
    } else if (/\s/.test(c)) {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  return items;
}

interface Clause {
  words: string[];
  comments: string[];
}

function clausesOf(items: Item[]): Map<string, Clause> {
  const clauses = new Map<string, Clause>();
  let current: Clause | null = null;
  for (const item of items) {
    if (item.word !== undefined && CLAUSES.has(item.word.toLowerCase()) && !clauses.has(item.word.toLowerCase())) {
      current = { words: [], comments: [] };
      clauses.set(item.word.toLowerCase(), current);
    } else if (current) {
      // (a leading comment such as "(qmail 123 invoked from network)" belongs to no clause and is dropped)
      if (item.word !== undefined) current.words.push(item.word);
      else current.comments.push(item.comment!);
    }
  }
  return clauses;
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
    const lower = token.toLowerCase();
    if (lower === "helo" || lower === "ehlo") {
      parsed.helo = tokens[++i] ?? "";
      continue;
    }
    if (lower.startsWith("helo=")) {
      parsed.helo = token.slice(5);
      continue;
    }
    if (/^[a-z-]{2,12}=/i.test(token)) continue; // port=, ident=, ...
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

const hasIp = (comment: string): boolean => readComment(comment).ips.length > 0;

function isEximStyle(clauses: Map<string, Clause>): boolean {
  const fromComments = clauses.get("from")?.comments ?? [];
  const withClause = clauses.get("with");
  return fromComments.some((c) => /(?:^|\s)(?:helo|port)=/i.test(c) || /^\[[^\]]+\](?::\d+)?(?:\s|$)/.test(c))
    && ((withClause?.comments ?? []).some((c) => /^Exim\b|^envelope-from\b/i.test(c))
      || /^(?:e?smtps?a?|local)$/.test(withClause?.words[0] ?? "")
      || fromComments.some((c) => /(?:^|\s)helo=/i.test(c)));
}

/**
 * qmail leaves out "(HELO …)" when the HELO equals the reverse-DNS name: "from rdns (ip) by host with ESMTPS"
 * with no id. Exchange writes the same from-clause with its HELO, but "with Microsoft SMTP Server … id …".
 */
function isQmailWithoutHelo(clauses: Map<string, Clause>): boolean {
  const comments = clauses.get("from")?.comments ?? [];
  return comments.length === 1 && /^\d/.test(comments[0]!) && ipOf(comments[0]!) !== ""
    && !clauses.has("id") && /^e?smtps?a?$/i.test(clauses.get("with")?.words[0] ?? "");
}

function identityOfBy(clause: Clause | undefined): HostIdentity {
  const identity: HostIdentity = { names: [], ips: [] };
  if (!clause) return identity;
  const head = clause.words[0] ?? "";
  const headIp = ipOf(head);
  if (headIp) identity.ips.push(headIp);
  else if (hostNameOf(head)) identity.names.push(hostNameOf(head));
  const comment = clause.comments.find(hasIp);
  if (comment) {
    const parsed = readComment(comment);
    identity.names.push(...parsed.names);
    identity.ips.push(...parsed.ips);
  }
  return identity;
}

export function parseReceived(value: string): ReceivedHop {
  const clauses = clausesOf(tokenize(value));
  const fromClause = clauses.get("from");
  const withClause = clauses.get("with");
  const comments = [...clauses.values()].flatMap((c) => c.comments);
  const hop: ReceivedHop = {
    by: identityOfBy(clauses.get("by")),
    from: null,
    helo: "",
    protocol: withClause?.words[0] ?? "",
    authenticated: false,
    login: "",
    envelopeFrom: "",
  };
  for (const comment of withClause?.comments ?? []) {
    const envelope = /^envelope-from\s+<([^<>\s]{0,320})>/i.exec(comment);
    if (envelope) hop.envelopeFrom = envelope[1]!;
  }
  if (fromClause) {
    const identity: HostIdentity = { names: [], ips: [] };
    const lead = fromClause.words[0] ?? "";
    const idComment = fromClause.comments.find(hasIp);
    const parsed = idComment ? readComment(idComment) : null;
    for (const comment of fromClause.comments) {
      const helo = readComment(comment).helo;
      if (helo) hop.helo = helo;
    }
    if (parsed) {
      identity.names.push(...parsed.names);
      identity.ips.push(...parsed.ips);
      if (parsed.login) hop.login = parsed.login;
    }
    if (!parsed) {
      // "from name [ip] by …" (IIS, iMail, SurfControl): the bracketed peer address stands bare
      const bare = fromClause.words.slice(1).map((word) => (word.startsWith("[") ? ipOf(word) : "")).find(Boolean);
      if (bare) identity.ips.push(bare);
    }
    const leadIp = ipOf(lead);
    const qmailStyle = fromClause.comments.some((c) => /^(?:helo|ehlo)\s/i.test(c)) || isQmailWithoutHelo(clauses);
    if (leadIp && !parsed) identity.ips.push(leadIp); // Exim without a verified name: "[ip] (port=… helo=…)"
    else if (!leadIp && hostNameOf(lead) && (qmailStyle || isEximStyle(clauses))) identity.names.push(hostNameOf(lead));
    else if (!hop.helo && !leadIp) hop.helo = lead;
    if (leadIp && parsed && !hop.helo) hop.helo = lead;
    hop.from = identity;
  }
  for (const comment of comments) {
    for (const pattern of LOGIN_PATTERNS) {
      const match = pattern.exec(comment);
      if (match) hop.login = match[1]!.replace(/[>)]+$/, "");
    }
    if (AUTH_MARKS.test(comment)) hop.authenticated = true;
  }
  // Yahoo's webmail writes its protocol as "via HTTP"
  const webmail = WEBMAIL_PROTOCOL.test(hop.protocol) || (!withClause && WEBMAIL_PROTOCOL.test(clauses.get("via")?.words[0] ?? ""));
  if (hop.login || isAuthProtocol(hop.protocol) || webmail) hop.authenticated = true;
  return hop;
}
