// The background's work: screening and analysing incoming mail, keeping the Sent log, judging the
// mailbox, and telling the person (badge, notification, optional tags). One instance per page load:
// an MV3 background is suspended when idle and loaded again on the next event, so everything that must
// last is in IndexedDB, and what a page instance keeps in memory is only a cache of it.
import { analyzeMessage, MAX_MESSAGE_BYTES } from "../core/analyze";
import type { Alert, AccountProfile } from "../core/types";
import { DEFAULT_SETTINGS, type ChangedNotice, type HistoryScanProgress, type Settings } from "../shared/protocol";
import { done, getMeta, setMeta, transact } from "./db";
import { bounceFolders, folderKey, isSentFolder, mayHoldBounces, watchedAccounts, type WatchedAccount } from "./folders";
import type { MailFolder, MailHost, MessageHeader, MessageList } from "./host";
import { alertRose, buildOverview, unreviewedCount } from "./overview";
import { notifyAlert, showBadge, syncTags } from "./telling";
import { listFolder, pagesOf } from "./paging";
import {
  allBounces, isSeen, messageKey, newRecord, pruneAnalyses, putBounces, refreshMessageId, saveAnalysis,
} from "./records";
import { isBounceCandidate } from "./screen";
import { SentIndex, type FolderState } from "./sentindex";
import { assessMailbox } from "../core/verdict/assess";

const DAY_MS = 24 * 3600 * 1000;
/** An incremental look at a folder starts this long before its watermark (clock skew, late syncs, delays). */
const CATCH_UP_OVERLAP_MS = 7 * DAY_MS;
/** A page woken more often than this does not look through the folders again. */
const CATCH_UP_INTERVAL_MS = 10 * 60 * 1000;
const PRUNE_INTERVAL_MS = DAY_MS;
const MAX_BOUNCES = 20000;
/** Bounces quote at most the original's headers or a part of it; larger messages are not downloaded. */
const MAX_RAW_BYTES = 25 * 1024 * 1024;

/** Runs tasks one after another, so stored state is never updated by two tasks at once. */
class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

async function rawBytes(host: MailHost, id: number): Promise<Uint8Array> {
  const raw = await host.messages.getRaw(id, { data_format: "File" });
  // The core reads at most MAX_MESSAGE_BYTES; a huge message is never copied whole into memory.
  if (typeof raw !== "string") return new Uint8Array(await raw.slice(0, MAX_MESSAGE_BYTES).arrayBuffer());
  const bytes = new Uint8Array(Math.min(raw.length, MAX_MESSAGE_BYTES));
  for (let i = 0; i < bytes.length; i++) bytes[i] = raw.charCodeAt(i) & 0xff;
  return bytes;
}

export interface Clock {
  now(): number;
}

export class Sentinel {
  readonly sent: SentIndex;
  private readonly serial = new Serial();
  private readonly inFlight = new Set<string>();
  private scanCancelled = false;
  private scanRunning: Promise<void> | null = null;

  constructor(
    readonly db: IDBDatabase, readonly host: MailHost, readonly session: string, private readonly clock: Clock,
  ) {
    this.sent = new SentIndex(db, host);
  }

  async settings(): Promise<Settings> {
    return { ...DEFAULT_SETTINGS, ...(await getMeta<Partial<Settings>>(this.db, "settings")) };
  }

  async saveSettings(settings: Settings): Promise<Settings> {
    await setMeta(this.db, "settings", settings);
    await this.serial.run(() => this.reassess());
    return this.settings();
  }

  async accounts(): Promise<WatchedAccount[]> {
    return watchedAccounts(this.host, (await this.settings()).accounts);
  }

  /** messages.onNewMailReceived: new mail in any folder (Junk included) of any account, in pages. */
  onNewMail(folder: MailFolder, list: MessageList): Promise<void> {
    return this.serial.run(async () => {
      let found = 0;
      for await (const page of pagesOf(this.host, Promise.resolve(list))) {
        if (isSentFolder(folder)) await this.sent.addHeaders(folderKey(folder), page);
        else found += await this.analyse(folder, page);
      }
      if (found > 0) await this.reassess();
    });
  }

  /** compose.onAfterSend: the copies in Sent, or the Message-ID alone when no copy was kept. */
  onAfterSend(sendInfo: { error?: string; headerMessageId?: string; messages?: MessageHeader[] }): Promise<void> {
    return this.serial.run(async () => {
      if (sendInfo.error) return;
      if (sendInfo.messages?.length) await this.sent.addHeaders("compose", sendInfo.messages);
      else if (sendInfo.headerMessageId) await this.sent.addSent(sendInfo.headerMessageId, this.clock.now());
    });
  }

  /**
   * Screens headers and analyses the candidates not analysed before; returns how many new bounces were
   * stored. A message that cannot be read now is not marked, so a later look tries again.
   */
  private async analyse(folder: MailFolder, headers: readonly MessageHeader[], counted?: (n: number) => void): Promise<number> {
    const accountId = folder.accountId ?? "";
    if (!mayHoldBounces(folder) || !(await this.isWatched(accountId))) return 0;
    let bounces = 0;
    for (const header of headers) {
      counted?.(1);
      if (!isBounceCandidate(header)) continue;
      const key = messageKey(accountId, header);
      if (this.inFlight.has(key)) continue;
      if (await isSeen(this.db, key)) {
        await refreshMessageId(this.db, key, header.id, this.session);
        continue;
      }
      if (header.size > MAX_RAW_BYTES) continue;
      this.inFlight.add(key);
      try {
        const raw = await rawBytes(this.host, header.id);
        const report = await analyzeMessage(raw);
        const at = this.clock.now();
        const record = report.isBounce
          ? newRecord({ key, header, accountId, folderPath: folder.path, session: this.session, at }, report,
            { verdict: "undetermined", risk: 0, evidence: [], trace: "bounce" })
          : null;
        await saveAnalysis(this.db, key, at, record);
        if (record) bounces++;
      } catch {
        // not readable now (offline IMAP, deleted meanwhile): a later catch-up tries again
      } finally {
        this.inFlight.delete(key);
      }
    }
    return bounces;
  }

  private async isWatched(accountId: string): Promise<boolean> {
    const chosen = (await this.settings()).accounts;
    return chosen.length === 0 || chosen.includes(accountId);
  }

  private profile(accounts: readonly WatchedAccount[], settings: Settings): AccountProfile {
    const addresses = new Set([...accounts.flatMap((a) => a.addresses), ...settings.extraAddresses.map((a) => a.toLowerCase())]);
    return { addresses: [...addresses], extraDomains: settings.extraDomains, knownRelays: settings.knownRelays };
  }

  /** Judges all stored bounces again with a current Sent log, then updates badge, alert and tags. */
  private async reassess(): Promise<void> {
    const settings = await this.settings();
    const accounts = await watchedAccounts(this.host, settings.accounts);
    await this.sent.sync(accounts.map((a) => a.id), this.clock.now());
    const records = await allBounces(this.db);
    const assessment = assessMailbox(records.map((r) => r.report), await this.sent.sentLog(), this.profile(accounts, settings));
    const changed = records.filter((record, i) => {
      const judgement = assessment.judgements[i]!;
      if (JSON.stringify(judgement) === JSON.stringify(record.judgement)) return false;
      record.judgement = judgement;
      return true;
    });
    await putBounces(this.db, changed);
    const previous = (await getMeta<Alert>(this.db, "alert")) ?? "none";
    await setMeta(this.db, "alert", assessment.alert);
    await showBadge(this.host, unreviewedCount(records, assessment.alert), assessment.alert);
    if (settings.notify && alertRose(previous, assessment.alert)) await notifyAlert(this.host, assessment.alert);
    if (settings.tagSuspicious) await putBounces(this.db, await syncTags(this.host, records, assessment.alert));
    await this.announceChange();
  }

  async openReport(): Promise<void> {
    await this.host.tabs.create({ url: this.host.runtime.getURL("report/report.html") });
  }

  /** Open UI pages re-read what they show; no page open is not an error. */
  async announceChange(): Promise<void> {
    try {
      await this.host.runtime.sendMessage({ type: "changed" } satisfies ChangedNotice);
    } catch {
      // no UI page is open
    }
  }

  /** Looks through every watched folder for what arrived while the add-on was not running. */
  catchUp(): Promise<void> {
    return this.serial.run(async () => {
      const now = this.clock.now();
      const last = (await getMeta<number>(this.db, "lastCatchUp")) ?? 0;
      if (now - last < CATCH_UP_INTERVAL_MS) return;
      const settings = await this.settings();
      const watchFrom = (await getMeta<number>(this.db, "watchFrom")) ?? 0;
      for (const account of await watchedAccounts(this.host, settings.accounts)) {
        for (const folder of await bounceFolders(this.host, account.id)) {
          const state = await this.folderState(folder);
          // Never older than the retention window (pruned bounces must not come back), nor than a deletion.
          const since = Math.max(
            state ? state.watermark - CATCH_UP_OVERLAP_MS : now - settings.historyDays * DAY_MS,
            now - settings.retentionDays * DAY_MS,
            watchFrom,
          );
          for await (const page of pagesOf(this.host, listFolder(this.host, folder.id!, since))) {
            await this.analyse(folder, page);
          }
          await this.setFolderState(folder, now);
        }
      }
      await setMeta(this.db, "lastCatchUp", now);
      // Also after finding nothing: the Sent folders may have changed, and the badge is set anew per load.
      await this.reassess();
    });
  }

  private folderState(folder: MailFolder): Promise<FolderState | undefined> {
    return transact(this.db, ["folders"], "readonly",
      (tx) => done(tx.objectStore("folders").get(`watch:${folderKey(folder)}`)) as Promise<FolderState | undefined>);
  }

  private async setFolderState(folder: MailFolder, watermark: number): Promise<void> {
    await transact(this.db, ["folders"], "readwrite", (tx) => {
      tx.objectStore("folders").put({ folderKey: `watch:${folderKey(folder)}`, watermark } satisfies FolderState);
    });
  }

  historyScan(): Promise<HistoryScanProgress | null> {
    return getMeta<HistoryScanProgress>(this.db, "historyScan").then((p) => p ?? null);
  }

  /** Starts a scan of the last `days` days of all watched folders (or returns the running one). */
  async startHistoryScan(days?: number): Promise<HistoryScanProgress> {
    if (this.scanRunning) return (await this.historyScan())!;
    // Never further back than retention keeps results: older bounces would be pruned, their "seen" marks with them,
    // and the next scan would download them again.
    const { historyDays, retentionDays } = await this.settings();
    const scanDays = Math.min(days ?? historyDays, retentionDays);
    await setMeta(this.db, "historyScanDays", scanDays);
    return this.beginHistoryScan(scanDays, new Date(this.clock.now()).toISOString());
  }

  /** Starts again a scan that a suspension or a quit interrupted (what it found is kept: nothing is downloaded twice). */
  async resumeHistoryScan(interrupted: HistoryScanProgress): Promise<void> {
    const days = (await getMeta<number>(this.db, "historyScanDays")) ?? (await this.settings()).historyDays;
    await this.beginHistoryScan(days, interrupted.startedAt);
  }

  private async beginHistoryScan(days: number, startedAt: string): Promise<HistoryScanProgress> {
    const progress: HistoryScanProgress = { state: "running", examined: 0, total: 0, bouncesFound: 0, startedAt, finishedAt: null };
    await setMeta(this.db, "historyScan", progress);
    this.scanCancelled = false;
    this.scanRunning = this.runHistoryScan(progress, days).finally(() => { this.scanRunning = null; });
    return progress;
  }

  async cancelHistoryScan(): Promise<HistoryScanProgress | null> {
    if (!this.scanRunning) return this.historyScan();
    this.scanCancelled = true;
    await this.scanRunning;
    return this.historyScan();
  }

  /** Resolves when all work queued so far (and a running history scan) has ended. */
  async settled(): Promise<void> {
    await this.scanRunning;
    await this.serial.run(async () => undefined);
  }

  private async runHistoryScan(progress: HistoryScanProgress, days: number): Promise<void> {
    const started = this.clock.now();
    const since = started - days * DAY_MS;
    const save = async () => {
      await setMeta(this.db, "historyScan", progress);
      await this.announceChange();
    };
    try {
      const work: { folder: MailFolder; headers: MessageHeader[] }[] = [];
      // First the headers (cheap, gives the total), then the downloads of candidates (slow), in chunks
      // through the same queue as new mail, so new mail is never held up for long.
      for (const account of await this.accounts()) {
        for (const folder of await bounceFolders(this.host, account.id)) {
          const headers: MessageHeader[] = [];
          for await (const page of pagesOf(this.host, listFolder(this.host, folder.id!, since), () => this.scanCancelled)) {
            progress.total += page.length;
            for (const header of page) {
              if (isBounceCandidate(header)) headers.push(header);
              else progress.examined++;
            }
            await save();
          }
          work.push({ folder, headers });
        }
      }
      for (const { folder, headers } of work) {
        for (let i = 0; i < headers.length && !this.scanCancelled; i += SCAN_CHUNK) {
          const chunk = headers.slice(i, i + SCAN_CHUNK);
          progress.bouncesFound += await this.serial.run(() => this.analyse(folder, chunk, (n) => { progress.examined += n; }));
          await save();
        }
        if (!this.scanCancelled) await this.setFolderState(folder, started);
      }
      progress.state = this.scanCancelled ? "cancelled" : "done";
    } catch {
      progress.state = "failed";
    }
    progress.finishedAt = new Date(this.clock.now()).toISOString();
    await this.serial.run(async () => {
      if (progress.state === "done") await setMeta(this.db, "lastCatchUp", started);
      await this.reassess();
    });
    await save();
  }

  /** True until the first start-up has begun its history scan. */
  async isFirstRun(): Promise<boolean> {
    if (await getMeta<number>(this.db, "installedAt")) return false;
    await setMeta(this.db, "installedAt", this.clock.now());
    return true;
  }

  /** Forgets everything found so far; from now on only mail that arrives is looked at (until a history scan). */
  deleteAllData(): Promise<void> {
    return this.update(async () => {
      await transact(this.db, ["bounces", "seen", "sentChunks", "folders", "meta"], "readwrite", (tx) => {
        for (const store of ["bounces", "seen", "sentChunks", "folders"]) tx.objectStore(store).clear();
        for (const key of ["alert", "historyScan", "lastCatchUp"]) tx.objectStore("meta").delete(key);
        tx.objectStore("meta").put(this.clock.now(), "watchFrom");
      });
      this.sent.forget();
    });
  }

  /** Applies retention limits, at most once a day. */
  prune(): Promise<void> {
    return this.serial.run(async () => {
      const now = this.clock.now();
      const last = (await getMeta<number>(this.db, "lastPrune")) ?? 0;
      if (now - last < PRUNE_INTERVAL_MS) return;
      const { retentionDays, historyDays } = await this.settings();
      await pruneAnalyses(this.db, now - retentionDays * DAY_MS, MAX_BOUNCES);
      // Sent messages must outlive the bounces they explain, which come days after, and the history window.
      await this.sent.prune(now - (Math.max(retentionDays, historyDays) + 30) * DAY_MS);
      await setMeta(this.db, "lastPrune", now);
    });
  }

  overview = async () => {
    const records = await allBounces(this.db);
    const alert = (await getMeta<Alert>(this.db, "alert")) ?? "none";
    return buildOverview(records, alert, await this.sent.size(), await this.historyScan(), this.clock.now());
  };

  /** Runs a change to stored bounces, then judges again (the alert may fall or rise). */
  update(task: () => Promise<void>): Promise<void> {
    return this.serial.run(async () => {
      await task();
      await this.reassess();
    });
  }
}

const SCAN_CHUNK = 20;
