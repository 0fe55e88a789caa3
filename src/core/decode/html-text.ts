// Text of an HTML part, for reports that come only as HTML: block ends become line ends, tags go,
// the common entities are decoded. Linear scans and bounded patterns only (hostile input).

/** Elements whose content is not text a person reads. */
const HIDDEN = ["head", "style", "script", "title"];
const BLOCK_END = /<(?:br|\/(?:p|div|tr|li|h[1-6]|table|blockquote|pre|dt|dd))\b[^>]{0,2000}>/gi;
const ENTITIES: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Removes <name ...>...</name> elements, scanning with indexOf (no backtracking). */
function withoutElement(html: string, name: string): string {
  const lower = html.toLowerCase();
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

export function htmlText(html: string): string {
  let text = html;
  for (const name of HIDDEN) text = withoutElement(text, name);
  return text
    .replace(/\s+/g, " ")
    .replace(BLOCK_END, "\n")
    .replace(/<[^>]{0,2000}>/g, "")
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (entity, name: string) => {
      if (name[0] !== "#") return ENTITIES[name.toLowerCase()] ?? entity;
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : entity;
    })
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
