// Japanese line breaking that does not split words: the text is cut into phrases (a word with the particles
// and endings that follow it), and lines break only between phrases. Browsers with `word-break: auto-phrase`
// do this themselves; for the others (Thunderbird's Gecko among them) the pages put a <wbr> between phrases
// and keep the rest together with `word-break: keep-all` (theme.css, `.phrased`).

const HIRAGANA_START = /^[\u3041-\u309f\u30fc]/u;
const HIRAGANA_END = /[\u3041-\u309f]$/u;
const PUNCTUATION_END = /\p{P}$/u;

/**
 * The phrases of `text` in `locale`: for Japanese, a new phrase starts only at a word after punctuation, or at a
 * word that is not itself kana after a particle or ending (so compounds such as 受信トレイ stay whole);
 * otherwise the text whole.
 */
export function phrases(text: string, locale: string): string[] {
  if (!locale.startsWith("ja") || typeof Intl.Segmenter !== "function") return [text];
  const out: string[] = [];
  for (const { segment, isWordLike } of new Intl.Segmenter("ja", { granularity: "word" }).segment(text)) {
    const last = out[out.length - 1];
    const starts = last === undefined || (isWordLike === true
      && (PUNCTUATION_END.test(last) || (HIRAGANA_END.test(last) && !HIRAGANA_START.test(segment))));
    if (starts) out.push(segment);
    else out[out.length - 1] = last + segment;
  }
  return out;
}
