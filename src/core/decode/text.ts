// Line-oriented helpers shared by the text-format decoders.

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

/** Joins lines into one diagnostic string with single spaces. */
export function oneLine(parts: readonly string[]): string {
  // joining with a space and collapsing every run of white space also drops empty parts and trims each one
  return parts.join(" ").replace(/\s+/g, " ").trim();
}

/** SMTP reply code at the start of a diagnostic or after "said:" ("550 5.1.1 ..." → "550"), or "". */
export function replyCodeIn(text: string): string {
  const match = /(?:^|[\s:;(\[<"'：（「])([245][0-5][0-9])(?:[ -]|$)/.exec(text.slice(0, 2000));
  return match ? match[1]! : "";
}

/**
 * The explanation a human-readable part gives for one address: the rest of the line that names it
 * plus the continuation lines below (indented or not blank), up to a few lines.
 */
export function explanationFor(lines: readonly string[], address: string): string {
  const lower = address.toLowerCase();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // a line without "@" cannot name the address: no lower-cased copy of it is made
    if (!line.includes("@")) continue;
    const at = line.toLowerCase().indexOf(lower);
    if (at < 0) continue;
    const rest = line.slice(at + address.length).replace(/^[>\s:.,;)\]-]+/, "");
    const parts = [rest];
    for (let j = i + 1; j < Math.min(lines.length, i + 6); j++) {
      const next = lines[j]!;
      if (next.trim() === "" || /^\S[^:]{0,40}@/.test(next) || /^-{2,}/.test(next.trim())) break;
      parts.push(next);
    }
    const text = oneLine(parts);
    if (text.length > 3) return text;
  }
  return "";
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
