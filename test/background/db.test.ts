// The IndexedDB schema: created by its migrations, and kept across page loads.
import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { DB_VERSION, getMeta, openDatabase, setMeta } from "../../src/background/db";

describe("database", () => {
  it("is created at the current version with every store, and keeps data when opened again", async () => {
    const idb = new IDBFactory();
    const first = await openDatabase(idb);
    expect(first.version).toBe(DB_VERSION);
    expect([...first.objectStoreNames].sort()).toEqual(["bounces", "dmarcReports", "folders", "meta", "seen", "sentChunks"]);
    await setMeta(first, "settings", { historyDays: 30 });
    first.close();
    const again = await openDatabase(idb);
    expect(await getMeta(again, "settings")).toEqual({ historyDays: 30 });
    again.close();
  });

  it("refuses a database written by a newer version of the add-on rather than damaging it", async () => {
    const idb = new IDBFactory();
    await new Promise<void>((resolve) => {
      const request = idb.open("bounce-sentinel", DB_VERSION + 1);
      request.onsuccess = () => { request.result.close(); resolve(); };
    });
    await expect(openDatabase(idb)).rejects.toBeTruthy();
  });
});
