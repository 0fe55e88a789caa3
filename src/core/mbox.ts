// Unix mbox (as Thunderbird stores every folder): messages separated by lines starting with "From ".
// Thunderbird writes body lines that start with "From " as ">From ", so a separator is any line that starts
// with "From " at the start of the file or right after a line end. Works on bytes: folders are not all UTF-8.

const FROM_ = [0x46, 0x72, 0x6f, 0x6d, 0x20]; // "From "
const LF = 0x0a;
const CR = 0x0d;

function startsWithFrom(bytes: Uint8Array, at: number): boolean {
  if (at + FROM_.length > bytes.length) return false;
  for (let i = 0; i < FROM_.length; i++) if (bytes[at + i] !== FROM_[i]) return false;
  return true;
}

/** True when the bytes look like an mbox file: the first line starts with "From ". */
export function isMbox(bytes: Uint8Array): boolean {
  return startsWithFrom(bytes, 0);
}

/** The messages of an mbox, each without its "From " separator line (views into `bytes`, no copies). */
export function* iterateMbox(bytes: Uint8Array): Generator<Uint8Array> {
  let start = -1;
  let pos = 0;
  while (pos < bytes.length) {
    if (startsWithFrom(bytes, pos)) {
      if (start >= 0) yield trimSeparator(bytes.subarray(start, pos));
      const eol = bytes.indexOf(LF, pos);
      start = eol < 0 ? bytes.length : eol + 1;
      pos = start;
      continue;
    }
    const eol = bytes.indexOf(LF, pos);
    if (eol < 0) break;
    pos = eol + 1;
  }
  if (start >= 0) yield trimSeparator(bytes.subarray(start));
}

/** Drops the one line end that mbox writers put between a message and the next "From " line. */
function trimSeparator(message: Uint8Array): Uint8Array {
  let end = message.length;
  if (end > 0 && message[end - 1] === LF) end--;
  if (end > 0 && message[end - 1] === CR) end--;
  return message.subarray(0, end);
}
