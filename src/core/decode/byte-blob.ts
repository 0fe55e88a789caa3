// Stand-in for `Blob` inside postal-mime's modules, bound there at build time (scripts/esbuild-core.mjs):
// it keeps a part's bytes in memory and joins them once, instead of an async Blob round trip per part.
const encoder = new TextEncoder();

type BlobPart = string | ArrayBuffer | ArrayBufferView;

export class ByteBlob {
  private readonly bytes: Uint8Array;

  constructor(parts: readonly BlobPart[] = []) {
    const chunks = parts.map((p) =>
      typeof p === "string" ? encoder.encode(p)
      : p instanceof ArrayBuffer ? new Uint8Array(p)
      : new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
    const total = chunks.reduce((n, c) => n + c.length, 0);
    this.bytes = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      this.bytes.set(c, at);
      at += c.length;
    }
  }

  get size(): number {
    return this.bytes.length;
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.bytes.buffer as ArrayBuffer);
  }
}
