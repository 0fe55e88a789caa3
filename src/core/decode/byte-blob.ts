// Stand-in for `Blob` inside postal-mime's modules, bound there at build time (scripts/esbuild-core.mjs):
// it keeps a part's bytes in memory and joins them once, instead of an async Blob round trip per part.
const encoder = new TextEncoder();

type BlobPart = string | ArrayBuffer | ArrayBufferView;

const NEWLINE = new Uint8Array([0x0a]);

/** Bytes of a string part: postal-mime adds a "\n" string after every body line, so ASCII is written directly. */
function stringBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return encoder.encode(text);
    bytes[i] = code;
  }
  return bytes;
}

export class ByteBlob {
  private readonly bytes: Uint8Array;

  constructor(parts: readonly BlobPart[] = []) {
    const chunks = parts.map((part) =>
      part === "\n" ? NEWLINE
      : typeof part === "string" ? stringBytes(part)
      : part instanceof ArrayBuffer ? new Uint8Array(part)
      : new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
    let total = 0;
    for (const chunk of chunks) total += chunk.length;
    this.bytes = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      if (chunk.length === 1) this.bytes[at] = chunk[0]!;
      else this.bytes.set(chunk, at);
      at += chunk.length;
    }
  }

  get size(): number {
    return this.bytes.length;
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.bytes.buffer as ArrayBuffer);
  }
}
