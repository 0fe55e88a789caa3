// Japanese line breaking that does not split words: the text is cut into phrases (a word with the particles
// and endings that follow it), and lines break only between phrases. Browsers with `word-break: auto-phrase`
// do this themselves; for the others (Thunderbird's Gecko among them) the pages put a <wbr> between phrases
// and keep the rest together with `word-break: keep-all` (theme.css, `.phrased`).

const HIRAGANA_START = /^[\u3041-\u309f\u30fc]/u;
const KATAKANA_END = /[\u30a0-\u30ff]$/u;
const KATAKANA_START = /^[\u30a0-\u30ff]/u;
const PUNCTUATION_END = /\p{P}$/u;

/** The phrases of `text` in `locale`: for Japanese, words joined with what belongs to them; otherwise the text whole. */
export function phrases(text: string, locale: string): string[] {
  if (!locale.startsWith("ja") || typeof Intl.Segmenter !== "function") return [text];
  const out: string[] = [];
  for (const { segment, isWordLike } of new Intl.Segmenter("ja", { granularity: "word" }).segment(text)) {
    const last = out[out.length - 1];
    const joins = last !== undefined && (
      !isWordLike // punctuation and spaces stay with what they follow
      || (HIRAGANA_START.test(segment) && !PUNCTUATION_END.test(last)) // particles, endings, auxiliaries
      || (KATAKANA_START.test(segment) && KATAKANA_END.test(last))); // one katakana compound (スマート|フォン)
    if (joins) out[out.length - 1] = last + segment;
    else out.push(segment);
  }
  return out;
}
