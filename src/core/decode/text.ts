// Line-oriented helpers shared by the text-format decoders. Work is linear in the lines read: what is
// looked up per recipient (the lines naming an address) comes from an index built in one pass over the
// lines (addressIndex), never from a scan of every line per recipient. Lines are at most 4096 characters
// and the text at most 1 Mi characters (mail.ts).

/** Index of the first line matching any pattern at or after `from`, or -1. */
export function findLine(lines: readonly string[], patterns: readonly RegExp[], from = 0): number {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    for (const pattern of patterns) if (pattern.test(line)) return i;
  }
  return -1;
}

/**
 * Cuts the lines at the first line matching a marker of the quoted original. Returns the report's
 * own lines and the quoted original (the text after the marker, leading blank lines skipped).
 */
export function splitAtOriginal(lines: readonly string[], markers: readonly RegExp[]): { own: string[]; quoted: string } {
  const index = findLine(lines, markers);
  if (index < 0) return { own: [...lines], quoted: "" };
  let start = index + 1;
  while (start < lines.length && lines[start]!.trim() === "") start++;
  return { own: lines.slice(0, index), quoted: lines.slice(start).join("\n") };
}

/** White space other than single spaces: what collapsing changes. */
const SPACING = /[^\S ]| \s/;

/** Every run of white space as one space, trimmed (found first: most texts have none to collapse). */
export function collapsedSpace(text: string): string {
  return (SPACING.test(text) ? text.replace(/\s+/g, " ") : text).trim();
}

/** Joins lines into one diagnostic string with single spaces. */
export function oneLine(parts: readonly string[]): string {
  // joining with a space and collapsing every run of white space also drops empty parts and trims each one
  return collapsedSpace(parts.join(" "));
}

/** SMTP reply code at the start of a diagnostic or after "said:" ("550 5.1.1 ..." → "550"), or "". */
export function replyCodeIn(text: string): string {
  const match = /(?:^|[\s:;(\[<"'：（「])([245][0-5][0-9])(?:[ -]|$)/.exec(text.slice(0, 2000));
  return match ? match[1]! : "";
}

/** ASCII characters of a local part (RFC 5322 atext and the dot); letters and digits of any script also count. */
const LOCAL_CHARS = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]/;
/** Characters that glue a word to an address in running text ("rcpt=u@example.com", "'u@example.com'"). */
const GLUE = "'=/|{}`~!#$%&*?^";
const LETTER_OR_DIGIT = /[\p{L}\p{M}\p{N}]/u;
const MAX_LOCAL_CHARS = 64;
const MAX_DOMAIN_CHARS = 255;
/** Local parts tried per "@": the whole run before it and the parts after its last few glue characters. */
const MAX_LOCAL_STARTS = 4;

function isLocalChar(char: string): boolean {
  return char.charCodeAt(0) < 0x80 ? LOCAL_CHARS.test(char) : LETTER_OR_DIGIT.test(char);
}

function isDomainChar(char: string): boolean {
  const code = char.charCodeAt(0);
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x2e || code === 0x2d;
  return LETTER_OR_DIGIT.test(char);
}

/**
 * Calls `visit` with each address a line names, lower-cased, with its position and length in the line: at
 * each "@", the domain (the run of domain characters after it, trailing dots and hyphens trimmed) with the
 * local part before it (the run of local-part characters, a quoted string, or the part after a glue
 * character). Work per "@" is bounded by the longest local part and domain.
 */
export function addressesIn(line: string, visit: (key: string, at: number, length: number) => void): void {
  for (let k = line.indexOf("@"); k >= 0; k = line.indexOf("@", k + 1)) {
    let end = k + 1;
    while (end < line.length && end - k <= MAX_DOMAIN_CHARS && isDomainChar(line[end]!)) end++;
    while (end > k + 1 && (line[end - 1] === "." || line[end - 1] === "-")) end--;
    if (end === k + 1) continue;
    const domain = line.slice(k, end).toLowerCase();
    if (line[k - 1] === '"') {
      const open = line.lastIndexOf('"', k - 2);
      if (open >= 0 && k - open <= MAX_LOCAL_CHARS) visit(line.slice(open, k).toLowerCase() + domain, open, end - open);
      continue;
    }
    let start = k;
    while (start > 0 && k - start < MAX_LOCAL_CHARS && isLocalChar(line[start - 1]!)) start--;
    if (start === k) continue;
    visit(line.slice(start, k).toLowerCase() + domain, start, end - start);
    let starts = 1;
    for (let i = k - 1; i > start && starts < MAX_LOCAL_STARTS; i--) {
      if (!GLUE.includes(line[i - 1]!)) continue;
      visit(line.slice(i, k).toLowerCase() + domain, i, end - i);
      starts++;
    }
  }
}

/** Where an address is named: the line and the position in it of its first mention there. */
interface Mention {
  line: number;
  at: number;
  length: number;
}

/** The addresses named in a list of lines, with the lines naming each, in order; explanations found. */
export interface AddressIndex {
  lines: readonly string[];
  mentions: Map<string, Mention[]>;
  explained: Map<string, string>;
}

/** The address index of a list of lines: built once by a caller that asks for many addresses. */
export function addressIndex(lines: readonly string[]): AddressIndex {
  const mentions = new Map<string, Mention[]>();
  lines.forEach((line, number) => {
    addressesIn(line, (key, at, length) => {
      const list = mentions.get(key);
      if (!list) mentions.set(key, [{ line: number, at, length }]);
      else if (list[list.length - 1]!.line !== number) list.push({ line: number, at, length });
      else if (at < list[list.length - 1]!.at) list[list.length - 1] = { line: number, at, length };
    });
  });
  return { lines, mentions, explained: new Map() };
}

/**
 * The explanation a human-readable part gives for one address: the rest of the line that names it
 * plus the continuation lines below (indented or not blank), up to a few lines.
 */
export function explanationFor(index: AddressIndex, address: string): string {
  const { lines } = index;
  const key = address.toLowerCase();
  let text = index.explained.get(key);
  if (text === undefined) {
    text = "";
    for (const { line: i, at, length } of index.mentions.get(key) ?? []) {
      const rest = lines[i]!.slice(at + length).replace(/^[>\s:.,;)\]-]+/, "");
      const parts = [rest];
      for (let j = i + 1; j < Math.min(lines.length, i + 6); j++) {
        const next = lines[j]!;
        if (next.trim() === "" || /^\S[^:]{0,40}@/.test(next) || /^-{2,}/.test(next.trim())) break;
        parts.push(next);
      }
      const found = oneLine(parts);
      if (found.length > 3) {
        text = found;
        break;
      }
    }
    index.explained.set(key, text);
  }
  return text;
}

/**
 * Reads "address line, then explanation lines" blocks (qmail, Exim and many others): a line that
 * is essentially one address starts a block; following non-blank lines are its explanation.
 */
export function addressBlocks(
  lines: readonly string[],
  startsBlock: RegExp,
): Array<{ address: string; lines: string[] }> {
  const blocks: Array<{ address: string; lines: string[] }> = [];
  let current: { address: string; lines: string[] } | null = null;
  for (const line of lines) {
    const match = startsBlock.exec(line);
    if (match && match[1]) {
      current = { address: match[1], lines: match[2] ? [match[2]] : [] };
      blocks.push(current);
      continue;
    }
    if (!current) continue;
    if (line.trim() === "") {
      if (current.lines.length) current = null;
      continue;
    }
    current.lines.push(line);
  }
  return blocks;
}

/**
 * The latest stage among SMTP commands written in capitals as in a transcript (">>> RCPT TO:<...>",
 * "SMTP:RCPT host ..."): DATA is later than RCPT, RCPT than MAIL, MAIL than the greeting.
 */
function transcriptCommand(text: string): string {
  for (const [pattern, command] of [
    [/(?:^|[^A-Za-z0-9])DATA(?:$|[^A-Za-z0-9@.])/, "DATA"],
    [/(?:^|[^A-Za-z0-9])RCPT(?: TO)?(?:$|[^A-Za-z0-9@.])/, "RCPT"],
    [/(?:^|[^A-Za-z0-9])MAIL FROM(?:$|[^A-Za-z0-9@.])/, "MAIL"],
    [/(?:^|[^A-Za-z0-9])(?:EHLO|HELO)(?:$|[^A-Za-z0-9@.])/, "HELO"],
  ] as const) {
    if (pattern.test(text)) return command;
  }
  return "";
}

/** The SMTP command a diagnostic says it failed at ("in reply to RCPT TO command" → "RCPT"). */
export function commandIn(text: string): string {
  if (/\[RCPT_TO\]/.test(text)) return "RCPT";
  // Postfix's words for a server that rejected the greeting or the EHLO
  if (/refused to talk to me/i.test(text)) return "HELO";
  if (/after (?:the )?initial connection|while connecting|connection refused|greeting/i.test(text)) return "CONN";
  const match = /\b(?:in reply to|after|while sending|during)\s+(?:the\s+)?(RCPT|MAIL|DATA|EHLO|HELO|CONN|STARTTLS|AUTH|QUIT|end of data)\b/i.exec(text);
  if (!match) return transcriptCommand(text);
  const word = match[1]!.toUpperCase();
  return word === "END OF DATA" ? "DATA" : word;
}
