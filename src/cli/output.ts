// Writing the command's output to a descriptor synchronously, in blocks: a write error surfaces at once
// as an OutputError (instead of an 'error' event that an analysis loop never yields to), so a closed pipe
// or a full disk ends the run right there.
import { writeSync } from "node:fs";

const BLOCK_CHARS = 64 * 1024;

export class OutputError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** Sleeps without the event loop (a non-blocking pipe that is full answers EAGAIN until its reader reads). */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export class BlockWriter {
  private pending = "";

  constructor(private readonly fd: number) {}

  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= BLOCK_CHARS) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    let bytes = Buffer.from(this.pending);
    this.pending = "";
    while (bytes.length > 0) {
      try {
        bytes = bytes.subarray(writeSync(this.fd, bytes));
      } catch (e) {
        const error = e as NodeJS.ErrnoException;
        if (error.code === "EAGAIN") {
          pause(1);
          continue;
        }
        throw new OutputError(error.code ?? "EIO", error.message);
      }
    }
  }
}
