// Storage faults for background tests: read-write transactions of fake-indexeddb made to abort as a real
// IndexedDB does when the quota or the disk is full (QuotaExceededError) or when a transaction is aborted
// part-way (after some of its writes were issued, none of which may then be kept).
import { IDBDatabase as FakeDatabase } from "fake-indexeddb";

export interface Fault {
  /** The error the transaction aborts with: QuotaExceededError for a full disk, AbortError, UnknownError... */
  error: string;
  /** Writes (put/add/delete/clear) the transaction issues before it is aborted. */
  afterWrites: number;
  /** Only transactions over one of these stores (all when absent). */
  stores?: string[];
  /** How many transactions to abort (all while the fault is set when absent). */
  times?: number;
}

const WRITES = ["put", "add", "delete", "clear"] as const;

type AbortableTransaction = IDBTransaction & { _abort(errorName: string | null): void };

/** Installs the fault injector on fake-indexeddb (for the whole test file); `set` arms it, `clear` disarms. */
export class StorageFaults {
  private fault: Fault | null = null;
  /** Transactions aborted so far. */
  aborted = 0;

  constructor() {
    const original = FakeDatabase.prototype.transaction;
    const faults = this;
    FakeDatabase.prototype.transaction = function (this: IDBDatabase, stores: string | string[], mode?: IDBTransactionMode) {
      const tx = original.call(this, stores, mode) as AbortableTransaction;
      const names = typeof stores === "string" ? [stores] : [...stores];
      const fault = faults.fault;
      if (mode === "readwrite" && fault && (!fault.stores || fault.stores.some((s) => names.includes(s)))) faults.arm(tx, fault);
      return tx;
    } as typeof original;
  }

  set(fault: Fault): void {
    this.fault = { ...fault };
  }

  clear(): void {
    this.fault = null;
  }

  private arm(tx: AbortableTransaction, fault: Fault): void {
    let writes = 0;
    const abortNow = () => {
      if (fault.times !== undefined) {
        if (fault.times <= 0) return;
        fault.times--;
      }
      this.aborted++;
      tx._abort(fault.error);
    };
    const objectStore = tx.objectStore.bind(tx);
    tx.objectStore = (name: string) => {
      const store = objectStore(name);
      for (const method of WRITES) {
        const write = (store[method] as (...args: unknown[]) => IDBRequest).bind(store);
        (store as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
          const request = write(...args);
          if (++writes > fault.afterWrites - 1) abortNow();
          return request;
        };
      }
      return store;
    };
    if (fault.afterWrites === 0) abortNow();
  }
}
