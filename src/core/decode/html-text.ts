// Text of an HTML part, for reports that come only as HTML: block ends become line ends, tags go,
// the common entities are decoded. Linear scans and bounded patterns only (hostile input). Bounds: at most
// 256 Ki characters of HTML are rendered (html_chars, mail.ts); each "<" is looked at a fixed number of times.

/** Elements whose content is not text a person reads. */
const HIDDEN = ["head", "style", "script", "title"];
/** Names of tags whose end is a line end, read from just after "<". */
const BLOCK_END_NAME = /^(?:br|\/(?:p|div|tr|li|h[1-6]|table|blockquote|pre|dt|dd))\b/i;
/** Longer "<...>" runs are not tags (text with a stray "<"). */
const MAX_TAG_CHARS = 2000;
const ENTITIES: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Removes <name ...>...</name> elements, scanning `lower` (html lower-cased) with indexOf (no backtracking). */
function withoutElement(html: string, lower: string, name: string): string {
  let out = "";
  let at = 0;
  for (let open = lower.indexOf(`<${name}`, at); open >= 0; open = lower.indexOf(`<${name}`, open + 1)) {
    if (open < at || /[\w-]/.test(lower[open + name.length + 1] ?? "")) continue;
    const close = lower.indexOf(`</${name}`, open);
    if (close < 0) break;
    const closeEnd = lower.indexOf(">", close);
    out += html.slice(at, open);
    at = closeEnd < 0 ? html.length : closeEnd + 1;
  }
  return out + html.slice(at);
}

/**
 * Replaces each tag ("<", a name `nameEnd` accepts, at most MAX_TAG_CHARS up to the next ">") by `replacement`.
 * The next ">" is looked up once and reused for every "<" before it: a pattern like /<[^>]{0,2000}>/ re-reads
 * up to 2000 characters for each "<", which a page of "<<<<..." turns into seconds.
 */
function replaceTags(html: string, nameEnd: (html: string, lt: number) => number, replacement: string): string {
  let out = "";
  let copied = 0;
  let gt = -1;
  for (let lt = html.indexOf("<"); lt >= 0; lt = html.indexOf("<", lt + 1)) {
    if (lt < copied) continue;
    const afterName = nameEnd(html, lt);
    if (afterName < 0) continue;
    if (gt < afterName) gt = html.indexOf(">", afterName);
    if (gt < 0) break;
    if (gt - afterName > MAX_TAG_CHARS) continue;
    out += html.slice(copied, lt) + replacement;
    copied = gt + 1;
  }
  return out + html.slice(copied);
}

/** Index after the name of a line-ending tag opening at `lt`, or -1. */
function blockEndNameEnd(html: string, lt: number): number {
  const name = BLOCK_END_NAME.exec(html.slice(lt + 1, lt + 16));
  return name ? lt + 1 + name[0].length : -1;
}

export function htmlText(html: string): string {
  let text = html;
  // lower-cased again only after an element was removed: most pages have one hidden element or none
  let lower = html.toLowerCase();
  for (const name of HIDDEN) {
    const shown = withoutElement(text, lower, name);
    if (shown === text) continue;
    text = shown;
    lower = text.toLowerCase();
  }
  text = text.replace(/\s+/g, " ");
  text = replaceTags(text, blockEndNameEnd, "\n");
  text = replaceTags(text, (_, lt) => lt + 1, "");
  return text
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (entity, name: string) => {
      if (name[0] !== "#") return ENTITIES[name.toLowerCase()] ?? entity;
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : entity;
    })
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
