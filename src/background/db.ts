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

/** Runs `work` in one transaction and resolves with its result once the transaction has committed. */
export async function transact<T>(
  db: IDBDatabase, stores: StoreName[], mode: IDBTransactionMode, work: (tx: IDBTransaction) => Promise<T> | T,
): Promise<T> {
  const tx = db.transaction(stores, mode);
  const finished = committed(tx);
  const result = await work(tx);
  await finished;
  return result;
}

export async function getMeta<T>(db: IDBDatabase, key: string): Promise<T | undefined> {
  return transact(db, ["meta"], "readonly", (tx) => done(tx.objectStore("meta").get(key)) as Promise<T | undefined>);
}

export async function setMeta(db: IDBDatabase, key: string, value: unknown): Promise<void> {
  await transact(db, ["meta"], "readwrite", (tx) => { tx.objectStore("meta").put(value, key); });
}
