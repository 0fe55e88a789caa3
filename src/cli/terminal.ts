// Text for a terminal: a mail's subject, addresses or a file name must not drive the terminal. Escape
// sequences (CSI such as clear-screen, OSC such as window titles and OSC 8 links, DCS/APC/PM/SOS strings)
// are removed whole, in their 7-bit (ESC ...) and 8-bit (C1) forms; the remaining C0/C1 controls and the
// bidi controls that reorder what follows (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) are
// removed; line breaks and tabs become spaces, so a value cannot start a line of its own.
// The JSON output is never passed through this: it stays exact.

const SEQUENCES = new RegExp(
  [
    "(?:\\x1b\\[|\\x9b)[0-?]*[ -/]*[@-~]?", // CSI: parameters, intermediates, final byte
    "(?:\\x1b[\\]PX^_]|[\\x90\\x98\\x9d\\x9e\\x9f])[^\\x07\\x1b\\x9c]*(?:\\x07|\\x1b\\\\|\\x9c)?", // strings up to BEL or ST
    "\\x1b[ -/]*[0-~]?", // any other escape
  ].join("|"),
  "g",
);
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
const CONTROLS = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalText(text: string): string {
  return text.replace(SEQUENCES, "").replace(BREAKS, " ").replace(CONTROLS, "");
}
