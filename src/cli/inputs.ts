// Expands CLI paths into messages: a file is one message or an mbox, a directory is every regular file
// below it in sorted path order (Maildir works).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isMbox, iterateMbox } from "../core/mbox";

export interface InputMessage {
  source: string;
  raw: Uint8Array;
}

export class UnreadableInput extends Error {}

function filesBelow(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesBelow(path));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}

function* messagesOfFile(path: string): Generator<InputMessage> {
  const bytes = readFileSync(path);
  if (!isMbox(bytes)) {
    yield { source: path, raw: bytes };
    return;
  }
  let n = 0;
  for (const raw of iterateMbox(bytes)) yield { source: `${path}#${n++}`, raw };
}

/** Messages of one path; throws UnreadableInput when the path cannot be read. */
export function* messagesOf(path: string): Generator<InputMessage> {
  let files: string[];
  try {
    files = statSync(path).isDirectory() ? filesBelow(path).sort() : [path];
  } catch (e) {
    throw new UnreadableInput(`${path}: ${(e as Error).message}`);
  }
  for (const file of files) {
    try {
      yield* messagesOfFile(file);
    } catch (e) {
      if (e instanceof UnreadableInput) throw e;
      throw new UnreadableInput(`${file}: ${(e as Error).message}`);
    }
  }
}
