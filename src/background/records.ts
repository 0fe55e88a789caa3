// Analysed messages in IndexedDB: bounces as BounceRecords, and a "seen" mark for everything analysed.
import type { BounceReport, Judgement } from "../core/types";
import { bounceDate, type BounceRecord } from "../shared/protocol";
import { done, transact } from "./db";
import type { MessageHeader } from "./host";

/** What the background keeps per bounce, beyond what the UI sees. */
export interface StoredBounce extends BounceRecord {
  /** Message-ID header as Thunderbird gives it (no angle brackets), to find the message again. */
  headerMessageId: string;
  /** Thunderbird session in which `messageId` was valid: ids do not survive a restart. */
  session: string;
  tagged: boolean;
  /** Dismissed by the person: left out of the list, the counts and the alert, until they undo it. */
  dismissed?: boolean;
}

interface SeenMark {
  key: string;
  /** Epoch ms when it was analysed (for retention). */
  at: number;
}

/**
 * The key of a message: account + Message-ID header. Thunderbird fills in a Message-ID for mail that
 * has none; the header fields stand in should it ever be empty.
 */
export function messageKey(accountId: string, header: MessageHeader): string {
  const id = header.headerMessageId || `${new Date(header.date).getTime()}|${header.size}|${header.author}|${header.subject}`;
  return `${accountId}|${id}`;
}

export function isSeen(db: IDBDatabase, key: string): Promise<boolean> {
  return transact(db, ["seen"], "readonly", async (tx) => (await done(tx.objectStore("seen").getKey(key))) !== undefined);
}

/** A bounce analysed before, met again: its message id of this session is recorded. Returns the bounce, if it is one. */
export async function refreshMessageId(
  db: IDBDatabase, key: string, messageId: number, session: string,
): Promise<StoredBounce | undefined> {
  return transact(db, ["bounces"], "readwrite", async (tx) => {
    const store = tx.objectStore("bounces");
    const stored = (await done(store.get(key))) as StoredBounce | undefined;
    if (stored && stored.session !== session) store.put({ ...stored, messageId, session });
    return stored;
  });
}

export async function saveAnalysis(db: IDBDatabase, key: string, at: number, bounce: StoredBounce | null): Promise<void> {
  await transact(db, ["seen", "bounces"], "readwrite", (tx) => {
    tx.objectStore("seen").put({ key, at } satisfies SeenMark);
    if (bounce) tx.objectStore("bounces").put(bounce);
  });
}

export function allBounces(db: IDBDatabase): Promise<StoredBounce[]> {
  return transact(db, ["bounces"], "readonly", (tx) => done(tx.objectStore("bounces").getAll()) as Promise<StoredBounce[]>);
}

export async function putBounces(db: IDBDatabase, bounces: readonly StoredBounce[]): Promise<void> {
  if (bounces.length === 0) return;
  await transact(db, ["bounces"], "readwrite", (tx) => {
    const store = tx.objectStore("bounces");
    for (const bounce of bounces) store.put(bounce);
  });
}

/** Dismisses bounces (or brings them back); their seen marks stay either way, so they are not analysed again. */
export async function setDismissed(db: IDBDatabase, keys: readonly string[], dismissed: boolean): Promise<void> {
  const wanted = new Set(keys);
  await putBounces(db, (await allBounces(db)).filter((r) => wanted.has(r.key)).map((r) => ({ ...r, dismissed })));
}

/**
 * Retention: drops bounces dated before `cutoff` and keeps at most `maxBounces` (the newest); the seen marks
 * of messages analysed before `cutoff` go too.
 */
export async function pruneAnalyses(db: IDBDatabase, cutoff: number, maxBounces: number): Promise<void> {
  const dated = (await allBounces(db)).map((b) => ({ key: b.key, time: Date.parse(bounceDate(b)) }));
  dated.sort((a, b) => b.time - a.time);
  const dropped = dated.filter((b, i) => i >= maxBounces || b.time < cutoff).map((b) => b.key);
  await transact(db, ["seen", "bounces"], "readwrite", (tx) => {
    const bounceStore = tx.objectStore("bounces");
    for (const key of dropped) bounceStore.delete(key);
    tx.objectStore("seen").index("at").openCursor(IDBKeyRange.upperBound(cutoff, true)).onsuccess = function () {
      const cursor = this.result;
      if (!cursor) return;
      cursor.delete();
      cursor.continue();
    };
  });
}

export function newRecord(
  fields: { key: string; header: MessageHeader; accountId: string; folderPath: string; session: string; at: number },
  report: BounceReport, judgement: Judgement,
): StoredBounce {
  return {
    key: fields.key,
    messageId: fields.header.id,
    accountId: fields.accountId,
    folderPath: fields.folderPath,
    analyzedAt: new Date(fields.at).toISOString(),
    report,
    judgement,
    reviewed: false,
    alerting: false,
    headerMessageId: fields.header.headerMessageId,
    session: fields.session,
    tagged: false,
  };
}
