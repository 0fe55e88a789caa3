// Byte → text decoding for mail, where charsets are often missing or wrong.
// TextDecoder (WHATWG Encoding) is available in Node 20 with full ICU and in Thunderbird.
// Work: linear in the bytes (one decoding, at most two when the declared or guessed charset does not fit);
// the Japanese 8-bit guess reads the first 64 KiB; ISO-2022-JP repairs decode runs of at most 8 Ki characters.

const decoders = new Map<string, TextDecoder | null>();

/** Labels mail software writes that the Encoding Standard does not know by that name. */
const ALIASES: Record<string, string> = {
  "cp932": "shift_jis", "ms932": "shift_jis", "windows-31j": "shift_jis", "sjis": "shift_jis",
  "x-sjis": "shift_jis", "shift-jis": "shift_jis", "x-euc-jp": "euc-jp", "eucjp": "euc-jp",
  "iso-2022-jp-1": "iso-2022-jp", "iso-2022-jp-2": "iso-2022-jp", "iso-2022-jp-3": "iso-2022-jp",
  "csiso2022jp": "iso-2022-jp", "utf8": "utf-8", "ascii": "windows-1252", "us-ascii": "windows-1252",
  "ks_c_5601-1987": "euc-kr", "cp949": "euc-kr", "unicode-1-1-utf-7": "utf-8", "utf-7": "utf-8",
};

function decoderFor(label: string): TextDecoder | null {
  const key = label.trim().toLowerCase().replace(/^["']|["']$/g, "");
  if (decoders.has(key)) return decoders.get(key) ?? null;
  let decoder: TextDecoder | null = null;
  for (const candidate of [key, ALIASES[key], key.replace(/^x-/, ""), key.replace(/^cp-?(\d+)$/, "windows-$1")]) {
    if (!candidate) continue;
    try {
      decoder = new TextDecoder(candidate);
      break;
    } catch {
      // unknown label: try the next spelling
    }
  }
  decoders.set(key, decoder);
  return decoder;
}

const utf8Strict = new TextDecoder("utf-8", { fatal: true });

/** The bytes as UTF-8 text, or null when they are not valid UTF-8. */
function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return null;
  }
}

/** True when the bytes hold ISO-2022-JP escape sequences (7-bit Japanese). */
function hasIso2022JpEscape(bytes: Uint8Array): boolean {
  for (let i = bytes.indexOf(0x1b); i >= 0 && i + 2 < bytes.length; i = bytes.indexOf(0x1b, i + 1)) {
    if (bytes[i + 1] === 0x24 && (bytes[i + 2] === 0x42 || bytes[i + 2] === 0x40)) return true;
  }
  return false;
}

/**
 * Guesses between Shift_JIS and EUC-JP for 8-bit text that is not UTF-8, by counting byte pairs
 * that are valid in one and not the other. Falls back to windows-1252 for Western text.
 */
function guessEightBit(bytes: Uint8Array): string {
  let sjis = 0;
  let euc = 0;
  let high = 0;
  const limit = Math.min(bytes.length, 65536);
  for (let i = 0; i < limit - 1; i++) {
    const a = bytes[i]!;
    if (a < 0x80) continue;
    high++;
    const b = bytes[i + 1]!;
    if (a >= 0xa1 && a <= 0xfe && b >= 0xa1 && b <= 0xfe) euc++;
    if (((a >= 0x81 && a <= 0x9f) || (a >= 0xe0 && a <= 0xef)) && b >= 0x40 && b <= 0xfc && b !== 0x7f) sjis++;
    if (a === 0x8e && b >= 0xa1 && b <= 0xdf) euc++;
    i++;
  }
  if (high === 0) return "utf-8";
  if (sjis === 0 && euc === 0) return "windows-1252";
  return euc > sjis ? "euc-jp" : "shift_jis";
}

/** 7-bit charsets: 8-bit bytes under such a label (EUC-JP or Shift_JIS text, as carriers send it) show it is wrong. */
const SEVEN_BIT = /^(?:iso-2022-jp|csiso2022jp)/;

/**
 * Decodes bytes as text. A declared charset is honoured when it is known and the bytes fit it;
 * otherwise ISO-2022-JP escapes, valid UTF-8 and Japanese 8-bit encodings are recognised.
 */
export function decodeBytes(bytes: Uint8Array, declared = ""): string {
  const label = declared.trim().toLowerCase().replace(/^["']|["']$/g, "");
  const sevenBit = SEVEN_BIT.test(label);
  if (hasIso2022JpEscape(bytes) && !label.startsWith("utf")) {
    const text = decoderFor("iso-2022-jp")!.decode(bytes);
    if (!text.includes("\ufffd")) return text;
  } else if (label && !sevenBit && label !== "us-ascii" && label !== "ascii" && label !== "utf-8" && label !== "utf8") {
    const decoder = decoderFor(label);
    if (decoder) return decoder.decode(bytes);
  }
  return strictUtf8(bytes) ?? decoderFor(guessEightBit(bytes))!.decode(bytes);
}

const ISO2022JP_RUN = /\u001b\$[B@][^\u001b]{0,8192}(?:\u001b\([BJ])?/g;

/** Re-decodes runs of raw ISO-2022-JP escape sequences left in text whose charset was not declared. */
export function repairIso2022Jp(text: string): string {
  if (!text.includes("\u001b$")) return text;
  const decoder = decoderFor("iso-2022-jp")!;
  return text.replace(ISO2022JP_RUN, (run) => decoder.decode(latin1Bytes(run)));
}

/** Bytes of a latin1-style string (each char code < 256), as produced by binary-safe splitting. */
export function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}
