// The background's IndexedDB database: a versioned schema, upgraded step by step, and small promise helpers.
// Stores:
//   bounces     BounceRecord (+ internal fields) by key
//   seen        every analysed message by key, bounce or not, so nothing is downloaded twice
//   sentChunks  the Sent log, in chunks of entries (one record per listed page, not per message: 100,000
//               sent messages are 1,000 records, which keeps start-up reads and writes cheap)
//   folders     per-folder watermarks (last complete look at a folder)
//   dmarcReports DMARC aggregate reports (src/core/dmarc) by account + reporter + Report-ID (a resent report
//               is stored once), each with its day and per-source rows; indexed by the end of its period for
//               retention
//   meta        small singletons: settings, the last alert, history-scan progress and days, and the times of
//               install, last catch-up, last prune and the last "delete all data" (watchFrom)
import type { StorageHealth } from "../shared/protocol";

const DB_NAME = "bounce-sentinel";

type Migration = (db: IDBDatabase, tx: IDBTransaction) => void;

/** MIGRATIONS[n] upgrades a database from version n to n + 1. Append, never edit, once released. */
const MIGRATIONS: Migration[] = [
  (db) => {
    db.createObjectStore("bounces", { keyPath: "key" });
    db.createObjectStore("seen", { keyPath: "key" }).createIndex("at", "at");
    db.createObjectStore("sentChunks", { autoIncrement: true });
    db.createObjectStore("folders", { keyPath: "folderKey" });
    db.createObjectStore("meta");
  },
  (db) => {
    db.createObjectStore("dmarcReports", { keyPath: "key" }).createIndex("end", "end");
  },
];

export const DB_VERSION = MIGRATIONS.length;

type StoreName = "bounces" | "seen" | "sentChunks" | "folders" | "meta" | "dmarcReports";

export function openDatabase(factory: IDBFactory, name = DB_NAME): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, DB_VERSION);
    request.onupgradeneeded = (event) => {
      const tx = request.transaction!;
      for (let v = event.oldVersion; v < DB_VERSION; v++) MIGRATIONS[v]!(request.result, tx);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error("database upgrade blocked by another open connection"));
  });
}

export function done(request: IDBRequest): Promise<void>;
export function done<T>(request: IDBRequest<T>): Promise<T>;
export function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error("transaction aborted"));
  });
}

/**
 * How the writes of this page load fare (Overview.storage): every read-write transaction reports its outcome.
 * Kept in memory only: when the disk is full the state could not be stored anyway, and the next page load
 * finds the fault again at its first write (what could not be kept is looked at again, see Sentinel).
 */
const healthOf = new WeakMap<IDBDatabase, { state: StorageHealth["state"]; since: number | null }>();

/** A write that failed because the quota or the disk is full, rather than for another reason. */
function isQuotaError(error: unknown): boolean {
  return error instanceof Error && error.name === "QuotaExceededError";
}

function recordWrite(db: IDBDatabase, error: unknown | null, now: number): void {
  if (error === null) return void healthOf.set(db, { state: "ok", since: null });
  const before = healthOf.get(db);
  healthOf.set(db, { state: isQuotaError(error) ? "full" : "failing", since: before?.since ?? now });
}

/** The state of the database's writes; `waiting` is what the caller could not keep and will look at again. */
export function storageHealth(db: IDBDatabase, waiting: number): StorageHealth {
  const health = healthOf.get(db) ?? { state: "ok", since: null };
  return { state: health.state, since: health.since === null ? null : new Date(health.since).toISOString(), waiting };
}

/**
 * Runs `work` in one transaction and resolves with its result once the transaction has committed; an
 * aborted transaction (quota exceeded, an error, a page unloaded mid-write) leaves none of its writes.
 */
export async function transact<T>(
  db: IDBDatabase, stores: StoreName[], mode: IDBTransactionMode, work: (tx: IDBTransaction) => Promise<T> | T,
): Promise<T> {
  let tx: IDBTransaction | null = null;
  try {
    tx = db.transaction(stores, mode);
    const finished = committed(tx);
    // The transaction fails as a whole: a request's own error is not what the caller waits on.
    finished.catch(() => undefined);
    const result = await work(tx);
    await finished;
    if (mode === "readwrite") recordWrite(db, null, Date.now());
    return result;
  } catch (error) {
    // A request aborted with its transaction fails with AbortError; the transaction's error says why.
    if (mode === "readwrite") recordWrite(db, tx?.error ?? error, Date.now());
    throw error;
  }
}

export async function getMeta<T>(db: IDBDatabase, key: string): Promise<T | undefined> {
  return transact(db, ["meta"], "readonly", (tx) => done(tx.objectStore("meta").get(key)) as Promise<T | undefined>);
}

export async function setMeta(db: IDBDatabase, key: string, value: unknown): Promise<void> {
  await transact(db, ["meta"], "readwrite", (tx) => { tx.objectStore("meta").put(value, key); });
}
