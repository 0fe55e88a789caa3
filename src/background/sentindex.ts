// The Sent log as the background keeps it: Message-ID, date and recipients of every message in the
// accounts' Sent folders, read from headers only (no downloads), kept in IndexedDB in chunks and brought
// up to date incrementally: a full listing the first time, then only what is dated after the folder's
// watermark (with an overlap, since mail sent from a phone may be synced later than it was written).
import { normalizeMessageId, SentLog, sentEntryFromMessageHeader, sentFolderWarning, type SentEntry, type SentFolderWarning } from "../core/sentlog";
import { done, transact } from "./db";
import { folderKey, sentFolders } from "./folders";
import type { MailFolder, MailHost, MessageHeader } from "./host";
import { listFolder, pagesOf } from "./paging";

interface SentChunk {
  /** Where the entries came from (a folder key, or "compose"). */
  source: string;
  entries: SentEntry[];
}

export interface FolderState {
  folderKey: string;
  /** Epoch ms of the start of the last complete look at the folder. */
  watermark: number;
  /** For a Sent folder: how many messages its folder info counted at that look. */
  held?: number;
  /** For a Sent folder whose last whole listing gave not one sent message while it holds some: the warning. */
  unread?: SentFolderWarning & { accountId: string };
}

/** How far before the watermark an incremental look starts again. */
const SENT_OVERLAP_MS = 7 * 24 * 3600 * 1000;
/**
 * A folder looked through this recently, that holds as many messages as it did then, is not listed again (a
 * history scan reads Sent just before it judges); what was sent meanwhile comes through compose.onAfterSend and
 * the Sent folders' new-mail events.
 */
const SENT_FRESH_MS = 5 * 1000;

export class SentIndex {
  private log: SentLog | null = null;

  constructor(private readonly db: IDBDatabase, private readonly host: MailHost) {}

  private readChunks(): Promise<SentChunk[]> {
    return transact(this.db, ["sentChunks"], "readonly",
      (tx) => done(tx.objectStore("sentChunks").getAll()) as Promise<SentChunk[]>);
  }

  /**
   * The core's Sent log, read from the database once per page instance (chunk by chunk, so the stored
   * copy and the log are not both whole in memory at once) and kept current after that.
   */
  async sentLog(): Promise<SentLog> {
    if (!this.log) {
      const log = new SentLog();
      await transact(this.db, ["sentChunks"], "readonly", (tx) => new Promise<void>((resolve, reject) => {
        const cursor = tx.objectStore("sentChunks").openCursor();
        cursor.onsuccess = () => {
          if (!cursor.result) return resolve();
          for (const entry of (cursor.result.value as SentChunk).entries) log.add(entry);
          cursor.result.continue();
        };
        cursor.onerror = () => reject(cursor.error);
      }));
      this.log = log;
    }
    return this.log;
  }

  /** Drops the in-memory copy after the stored log was cleared. */
  forget(): void {
    this.log = null;
  }

  async size(): Promise<number> {
    return (await this.sentLog()).size;
  }

  /** Adds entries not in the log yet (by Message-ID; entries without one cannot be told apart and are left out). */
  private async addEntries(source: string, candidates: readonly SentEntry[]): Promise<number> {
    const log = await this.sentLog();
    const fresh: SentEntry[] = [];
    const batch = new Set<string>();
    for (const entry of candidates) {
      const id = normalizeMessageId(entry.messageId);
      if (!id || batch.has(id) || log.sentDateOf(id) !== undefined) continue;
      batch.add(id);
      fresh.push({ ...entry, messageId: id });
    }
    if (fresh.length === 0) return 0;
    await transact(this.db, ["sentChunks"], "readwrite", (tx) => {
      tx.objectStore("sentChunks").add({ source, entries: fresh } satisfies SentChunk);
    });
    for (const entry of fresh) log.add(entry);
    return fresh.length;
  }

  /** Headers of sent messages (a Sent folder, compose.onAfterSend); returns how many were new. */
  addHeaders(source: string, headers: readonly MessageHeader[]): Promise<number> {
    return this.addEntries(source, headers.map(sentEntryFromMessageHeader));
  }

  /** A message that was just sent, known only by its Message-ID (no copy was saved in a Sent folder). */
  async addSent(messageId: string, date: number): Promise<void> {
    await this.addEntries("compose", [{ messageId, date, recipients: [] }]);
  }

  /** Brings the log up to date with the Sent folders of the given accounts. */
  async sync(accountIds: readonly string[], now: number): Promise<void> {
    for (const accountId of accountIds) {
      for (const folder of await sentFolders(this.host, accountId)) await this.syncFolder(folder, now, {});
    }
  }

  /**
   * Brings the log up to date with one Sent folder (listing it `whole` when asked); `listed` hears how many
   * headers each page had. A folder
   * that holds messages (by its folder info, or its listing) of which not one gave a sent message gets a
   * warning (core sentFolderWarning) and is listed whole again next time, until one does. So is a folder that
   * held none: an IMAP or Exchange folder lists empty until Thunderbird syncs it, and the messages it gets then
   * are dated before the watermark.
   */
  async syncFolder(
    folder: MailFolder, now: number, { whole = false, listed }: { whole?: boolean; listed?: (count: number) => Promise<void> },
  ): Promise<void> {
    const key = folderKey(folder);
    const state = await transact(this.db, ["folders"], "readonly",
      (tx) => done(tx.objectStore("folders").get(`sent:${key}`)) as Promise<FolderState | undefined>);
    const held = await this.messageCount(folder);
    if (!whole && state && now - state.watermark < SENT_FRESH_MS && state.held === held) return;
    const since = !whole && state && !state.unread && state.held !== 0 ? state.watermark - SENT_OVERLAP_MS : null;
    let headers = 0;
    let found = 0;
    for await (const page of pagesOf(this.host, listFolder(this.host, folder.id!, since))) {
      headers += page.length;
      found += page.map(sentEntryFromMessageHeader).filter((e) => e.messageId || e.recipients.length > 0).length;
      await this.addHeaders(key, page);
      await listed?.(page.length);
    }
    const warning = since === null ? sentFolderWarning(folder.name ?? folder.path, Math.max(headers, held), found) : null;
    await transact(this.db, ["folders"], "readwrite", (tx) => {
      tx.objectStore("folders").put({
        folderKey: `sent:${key}`, watermark: now, held,
        ...(warning ? { unread: { ...warning, accountId: folder.accountId ?? "" } } : {}),
      } satisfies FolderState);
    });
  }

  /** What the folder info says the folder holds (0 when it cannot say). */
  private async messageCount(folder: MailFolder): Promise<number> {
    try {
      return (await this.host.folders.getFolderInfo(folder.id!)).totalMessageCount ?? 0;
    } catch {
      return 0;
    }
  }

  /** The Sent folders of these accounts whose messages gave not one sent message (Overview.sentFolderWarnings). */
  async warnings(accountIds: readonly string[]): Promise<(SentFolderWarning & { accountId: string })[]> {
    const wanted = new Set(accountIds);
    const states = await transact(this.db, ["folders"], "readonly",
      (tx) => done(tx.objectStore("folders").getAll()) as Promise<FolderState[]>);
    return states.flatMap((s) => (s.unread && wanted.has(s.unread.accountId) ? [s.unread] : []));
  }

  /** Retention: drops entries dated before `cutoff` (undated ones stay) and rewrites the chunks. */
  async prune(cutoff: number): Promise<void> {
    const chunks = await this.readChunks();
    const entries = chunks.flatMap((c) => c.entries);
    const kept = entries.filter((e) => e.date === 0 || e.date >= cutoff);
    if (kept.length === entries.length) return;
    await transact(this.db, ["sentChunks"], "readwrite", (tx) => {
      const store = tx.objectStore("sentChunks");
      store.clear();
      for (let i = 0; i < kept.length; i += PRUNED_CHUNK) {
        store.add({ source: "pruned", entries: kept.slice(i, i + PRUNED_CHUNK) } satisfies SentChunk);
      }
    });
    this.log = null;
  }
}

const PRUNED_CHUNK = 1000;
