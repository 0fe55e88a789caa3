// The background's work: screening and analysing incoming mail, keeping the Sent log, judging the
// mailbox, and telling the person (badge, notification, optional tags). One instance per page load:
// an MV3 background is suspended when idle and loaded again on the next event, so everything that must
// last is in IndexedDB, and what a page instance keeps in memory is only a cache of it.
import { analyzeMessage, MAX_MESSAGE_BYTES } from "../core/analyze";
import type { AccountProfile } from "../core/types";
import {
  DEFAULT_SETTINGS, type AccountState, type ChangedNotice, type DmarcView, type HistoryScanProgress, type Overview, type Settings,
} from "../shared/protocol";
import { done, getMeta, setMeta, storageHealth, transact } from "./db";
import { bounceFolders, folderKey, isSentFolder, mayHoldBounces, sentFolders, watchedAccounts, type WatchedAccount } from "./folders";
import type { MailFolder, MailHost, MessageHeader, MessageList } from "./host";
import {
  accountState, bounceTime, buildOverview, NEW_ACCOUNT, stateRank, unjudgedState, worstAlert, type AccountMemory,
} from "./overview";
import { notifyState, showBadge, syncTags } from "./telling";
import { listFolder, pagesOf } from "./paging";
import {
  allBounces, isSeen, messageKey, newRecord, pruneAnalyses, putBounces, refreshMessageId, saveAnalysis, type StoredBounce,
} from "./records";
import { isBounceCandidate, isTraceCandidate } from "./screen";
import { mayCarryTrace } from "../core/trace/classify";
import type { SentLog } from "../core/sentlog";
import { isAggregateReportCandidate, pruneAggregateReports, saveAggregateReports, storedAggregateReports } from "./dmarc";
import { SentIndex, type FolderState } from "./sentindex";
import { assessMailbox } from "../core/verdict/assess";
import type { DmarcAssessment } from "../core/dmarc/judge";
import type { AggregateReport } from "../core/dmarc/types";

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
  /** Waits `ms` (the first check's polls for folders Thunderbird has not synced yet). */
  sleep(ms: number): Promise<void>;
}

/** A history scan's finished folders and their counts, so that a scan resumed after a suspension neither repeats nor loses them. */
interface ScanCheckpoint {
  startedAt: string;
  folders: string[];
  /** The message count of each finished folder when it was looked through. */
  counts?: Record<string, number>;
  examined: number;
  screened: number;
  bouncesFound: number;
}

export class Sentinel {
  readonly sent: SentIndex;
  private readonly serial = new Serial();
  private readonly inFlight = new Set<string>();
  private scanCancelled = false;
  private scanRunning: Promise<void> | null = null;
  /**
   * Per folder key, the date of the oldest message this page could not analyse or keep (unreadable, storage full,
   * transaction aborted): the folder's watermark stays before it, so the next look at the folder tries it again.
   */
  private readonly unfinished = new Map<string, number>();
  /** Those of an earlier page load of this session, read from storage.session. */
  private readonly restored: Promise<void>;
  /** Messages analysed whose results could not be stored (Overview.storage.waiting). */
  private readonly unsaved = new Set<string>();

  constructor(
    readonly db: IDBDatabase, readonly host: MailHost, readonly session: string, private readonly clock: Clock,
  ) {
    this.sent = new SentIndex(db, host);
    this.restored = this.restoreUnfinished();
  }

  async settings(): Promise<Settings> {
    return { ...DEFAULT_SETTINGS, ...(await getMeta<Partial<Settings>>(this.db, "settings")) };
  }

  /** Saves the settings and applies them at once: a shorter retention prunes now, the accounts are judged again. */
  async saveSettings(settings: Settings): Promise<Settings> {
    const before = await this.settings();
    await setMeta(this.db, "settings", settings);
    await this.serial.run(async () => {
      if (settings.retentionDays < before.retentionDays || settings.historyDays !== before.historyDays) await this.applyRetention();
      await this.reassess();
    });
    return this.settings();
  }

  /** Every account that receives mail, watched or not (the options page offers them all). */
  async mailAccounts(): Promise<WatchedAccount[]> {
    return watchedAccounts(this.host, []);
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
        else {
          const { bounces, reports } = await this.analyse(folder, page);
          found += bounces + reports;
        }
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
   * Screens headers and analyses the candidates not analysed before; returns how many new bounces and new
   * DMARC aggregate reports were stored (and, with `countFrom`, also bounces met again that were analysed at
   * or after it: a history scan resumed after a suspension counts what it had analysed before). A message
   * that cannot be read now is not marked, so a later look tries again.
   */
  private async analyse(
    folder: MailFolder, headers: readonly MessageHeader[], counted?: (n: number) => void, countFrom?: number,
  ): Promise<{ bounces: number; reports: number }> {
    const accountId = folder.accountId ?? "";
    if (!mayHoldBounces(folder) || !(await this.isWatched(accountId))) return { bounces: 0, reports: 0 };
    let bounces = 0;
    let reports = 0;
    const sentLog = await this.sent.sentLog();
    for (const header of headers) {
      counted?.(1);
      if (!worthDownloading(header, sentLog)) continue;
      const key = messageKey(accountId, header);
      if (this.inFlight.has(key)) continue;
      if (await isSeen(this.db, key)) {
        const stored = await refreshMessageId(this.db, key, header.id, this.session);
        if (stored && countFrom !== undefined && Date.parse(stored.analyzedAt) >= countFrom) bounces++;
        continue;
      }
      if (header.size > MAX_RAW_BYTES) continue;
      this.inFlight.add(key);
      let analysed = false;
      try {
        const raw = await rawBytes(this.host, header.id);
        const report = await analyzeMessage(raw);
        analysed = true;
        const at = this.clock.now();
        // a non-bounce that may carry an account trace is kept too: its trace depends on the whole mailbox;
        // and a message that could not be decoded, to be shown and counted (the report's "could not fully decode")
        const record = report.isBounce || mayCarryTrace(report) || report.error !== undefined
          ? newRecord({ key, header, accountId, folderPath: folder.path, session: this.session, at }, report,
            report.isBounce ? { verdict: "undetermined", risk: 0, evidence: [], trace: "bounce" } : { verdict: "not-bounce", risk: 0, evidence: [], trace: "none" })
          : null;
        // reports are kept before the seen mark, so a failure in between only means reading the mail again
        if (report.dmarc) reports += await saveAggregateReports(this.db, accountId, report.dmarc.reports);
        // One transaction: the seen mark is never kept without its bounce.
        await saveAnalysis(this.db, key, at, record);
        this.unsaved.delete(key);
        if (record) bounces++;
      } catch {
        // Not readable now (offline IMAP, deleted meanwhile) or not kept (storage full, transaction aborted).
        if (analysed) this.unsaved.add(key);
        await this.holdBack(folder, header);
      } finally {
        this.inFlight.delete(key);
      }
    }
    return { bounces, reports };
  }


  /**
   * What was left unfinished is also kept in storage.session: it outlasts a suspension of the page, and the
   * database's quota does not apply to it (a full disk is one reason for it).
   */
  private async restoreUnfinished(): Promise<void> {
    try {
      const { unfinished } = (await this.host.storage.session.get("unfinished")) as { unfinished?: Record<string, number> };
      for (const [key, date] of Object.entries(unfinished ?? {})) this.unfinished.set(key, Math.min(date, this.unfinished.get(key) ?? Infinity));
    } catch {
      // nothing restored: the watermarks stored so far still bound what the next looks cover
    }
  }

  private async saveUnfinished(): Promise<void> {
    await this.host.storage.session.set({ unfinished: Object.fromEntries(this.unfinished) }).catch(() => undefined);
  }

  private async holdBack(folder: MailFolder, header: MessageHeader): Promise<void> {
    await this.restored;
    const key = folderKey(folder);
    const date = new Date(header.date).getTime();
    this.unfinished.set(key, Math.min(this.unfinished.get(key) ?? Infinity, Number.isFinite(date) ? date : 0));
    await this.saveUnfinished();
  }

  /** A look at a folder from `since` on begins: it covers what was held back there at or after `since`. */
  private async lookAgain(folder: MailFolder, since: number): Promise<void> {
    await this.restored;
    const key = folderKey(folder);
    if ((this.unfinished.get(key) ?? Infinity) < since || !this.unfinished.delete(key)) return;
    await this.saveUnfinished();
  }

  private async isWatched(accountId: string): Promise<boolean> {
    const chosen = (await this.settings()).accounts;
    return chosen.length === 0 || chosen.includes(accountId);
  }

  /** One account as the core sees a person: its own addresses, and what the person configured for all accounts. */
  private profile(account: WatchedAccount, settings: Settings): AccountProfile {
    const addresses = new Set([...account.addresses, ...settings.extraAddresses.map((a) => a.toLowerCase())]);
    return { addresses: [...addresses], extraDomains: settings.extraDomains, knownRelays: settings.knownRelays };
  }

  private async memory(): Promise<Record<string, AccountMemory>> {
    return (await getMeta<Record<string, AccountMemory>>(this.db, "accountMemory")) ?? {};
  }

  /**
   * Judges each watched account's bounces again with a current Sent log (the core per account: each has its
   * own provider, relays and bursts; the Sent log is shared, since a Message-ID in any of the person's Sent
   * folders is their own mail), then updates the accounts' states, notifications, badge and tags.
   */
  private async reassess(): Promise<void> {
    // Nothing is judged while the first check runs: before it has read the Sent folders, the bounces of the
    // person's own mail look like mail they never sent. The accounts say "checking" (overview).
    if (await this.firstCheckRunning()) {
      await this.announceChange();
      return;
    }
    const settings = await this.settings();
    const accounts = await watchedAccounts(this.host, settings.accounts);
    await this.sent.sync(accounts.map((a) => a.id), this.clock.now());
    const records = await allBounces(this.db);
    const aggregate = await storedAggregateReports(this.db);
    const dmarcViews: DmarcView[] = [];
    const log = await this.sent.sentLog();
    const memory = await this.memory();
    const changed = new Map<string, StoredBounce>();
    const states: AccountState[] = [];
    const rose: AccountState[] = [];
    for (const account of accounts) {
      const own = records.filter((r) => r.accountId === account.id && !r.dismissed);
      const remembered = memory[account.id] ?? NEW_ACCOUNT;
      const resolvedAt = remembered.resolvedAt;
      const reports = aggregate.filter((r) => r.accountId === account.id);
      // a report's time is the end of the period it covers: the days before "I have dealt with it" stay history
      const reportMayRaise = (r: AggregateReport) => resolvedAt === null || r.end * 1000 > resolvedAt;
      const assessment = assessMailbox(own.map((r) => r.report), log, this.profile(account, settings), {
        raisesAlert: (i) => resolvedAt === null || bounceTime(own[i]!) > resolvedAt,
        aggregateReports: reports,
        aggregateRaisesAlert: reportMayRaise,
      });
      if (assessment.dmarc.reports > 0) dmarcViews.push(dmarcView(account, assessment.dmarc));
      const behind = new Set(assessment.alertReports);
      own.forEach((record, i) => {
        const judgement = assessment.judgements[i]!;
        const alerting = behind.has(i);
        if (alerting === record.alerting && JSON.stringify(judgement) === JSON.stringify(record.judgement)) return;
        record.judgement = judgement;
        record.alerting = alerting;
        changed.set(record.key, record);
      });
      const state = accountState(account, own, assessment, remembered, reports.filter(reportMayRaise));
      states.push(state);
      const rank = stateRank(state.state);
      if (rank > remembered.notifiedRank) rose.push(state);
      memory[account.id] = { ...remembered, notifiedRank: rank };
    }
    // Bounces of accounts no longer watched, and dismissed ones, stand behind no alert.
    const watched = new Set(accounts.map((a) => a.id));
    for (const record of records) {
      if (record.alerting && (record.dismissed || !watched.has(record.accountId))) {
        record.alerting = false;
        changed.set(record.key, record);
      }
    }
    await putBounces(this.db, [...changed.values()]);
    await setMeta(this.db, "accountMemory", memory);
    await setMeta(this.db, "accountStates", states);
    await setMeta(this.db, "dmarcViews", dmarcViews);
    await setMeta(this.db, "alert", worstAlert(states));
    await showBadge(this.host, states);
    if (settings.notify) for (const state of rose) await notifyState(this.host, state);
    await putBounces(this.db, await syncTags(this.host, records, settings.tagSuspicious));
    await this.announceChange();
  }

  /** "I have dealt with it": the account's evidence so far no longer drives its state; anything newer raises it again. */
  resolveAccount(accountId: string): Promise<void> {
    return this.update(async () => {
      const memory = await this.memory();
      memory[accountId] = { ...(memory[accountId] ?? NEW_ACCOUNT), resolvedAt: this.clock.now(), notifiedRank: 0 };
      await setMeta(this.db, "accountMemory", memory);
    });
  }

  /** Shows the report: the tab opened before when it is still there (brought to the front), else a new one. */
  async openReport(): Promise<void> {
    const { reportTab } = (await this.host.storage.session.get("reportTab")) as { reportTab?: number };
    if (reportTab !== undefined) {
      try {
        const tab = await this.host.tabs.update(reportTab, { active: true });
        if (tab?.windowId !== undefined) await this.host.windows.update(tab.windowId, { focused: true });
        return;
      } catch {
        // closed meanwhile: open a new one
      }
    }
    const tab = await this.host.tabs.create({ url: this.host.runtime.getURL("report/report.html") });
    if (tab.id !== undefined) await this.host.storage.session.set({ reportTab: tab.id });
  }

  async openWelcome(): Promise<void> {
    await this.host.tabs.create({ url: this.host.runtime.getURL("welcome/welcome.html") });
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
      await this.restored;
      if (now - last < CATCH_UP_INTERVAL_MS && this.unfinished.size === 0) return;
      const settings = await this.settings();
      const watchFrom = (await getMeta<number>(this.db, "watchFrom")) ?? 0;
      for (const account of await watchedAccounts(this.host, settings.accounts)) {
        for (const folder of await bounceFolders(this.host, account.id)) {
          const state = await this.folderState(folder);
          const from = state ? state.watermark - CATCH_UP_OVERLAP_MS : now - settings.historyDays * DAY_MS;
          // Never older than the retention window (pruned bounces must not come back), nor than a deletion.
          const since = Math.max(
            Math.min(from, this.unfinished.get(folderKey(folder)) ?? Infinity),
            now - settings.retentionDays * DAY_MS,
            watchFrom,
          );
          await this.lookAgain(folder, since);
          for await (const page of pagesOf(this.host, listFolder(this.host, folder.id!, since))) {
            await this.analyse(folder, page);
          }
          await this.setFolderState(folder, now);
        }
      }
      // With anything left unfinished, the next page load looks again however soon it comes.
      if (this.unfinished.size === 0) await setMeta(this.db, "lastCatchUp", now);
      // Also after finding nothing: the Sent folders may have changed, and the badge is set anew per load.
      await this.reassess();
    });
  }

  private folderState(folder: MailFolder): Promise<FolderState | undefined> {
    return transact(this.db, ["folders"], "readonly",
      (tx) => done(tx.objectStore("folders").get(`watch:${folderKey(folder)}`)) as Promise<FolderState | undefined>);
  }

  private async setFolderState(folder: MailFolder, lookedAt: number): Promise<void> {
    const watermark = Math.min(lookedAt, this.unfinished.get(folderKey(folder)) ?? Infinity);
    await transact(this.db, ["folders"], "readwrite", (tx) => {
      tx.objectStore("folders").put({ folderKey: `watch:${folderKey(folder)}`, watermark } satisfies FolderState);
    });
  }


  historyScan(): Promise<HistoryScanProgress | null> {
    return getMeta<HistoryScanProgress>(this.db, "historyScan").then((p) => p ?? null);
  }

  private async firstCheckRunning(): Promise<boolean> {
    const scan = await this.historyScan();
    return scan?.state === "running" && scan.first;
  }

  /** Starts a scan of the last `days` days of all watched folders (or returns the running one). */
  async startHistoryScan(days?: number, first = false): Promise<HistoryScanProgress> {
    if (this.scanRunning) return (await this.historyScan())!;
    // Never further back than retention keeps results: older bounces would be pruned, their "seen" marks with them,
    // and the next scan would download them again.
    const { historyDays, retentionDays } = await this.settings();
    const scanDays = Math.min(days ?? historyDays, retentionDays);
    await setMeta(this.db, "historyScanDays", scanDays);
    return this.beginHistoryScan(scanDays, new Date(this.clock.now()).toISOString(), first);
  }

  /**
   * Goes on with a scan that a suspension or a quit interrupted: the folders it had finished are not looked at
   * again and keep their counts; in the folder it was in, what it had analysed is not downloaded twice.
   */
  async resumeHistoryScan(interrupted: HistoryScanProgress): Promise<void> {
    const days = (await getMeta<number>(this.db, "historyScanDays")) ?? (await this.settings()).historyDays;
    const checkpoint = await getMeta<ScanCheckpoint>(this.db, "historyScanCheckpoint");
    await this.beginHistoryScan(days, interrupted.startedAt, interrupted.first,
      checkpoint?.startedAt === interrupted.startedAt ? checkpoint : undefined);
  }

  private async beginHistoryScan(
    days: number, startedAt: string, first: boolean, resumed?: ScanCheckpoint,
  ): Promise<HistoryScanProgress> {
    const checkpoint = resumed ?? { startedAt, folders: [], examined: 0, screened: 0, bouncesFound: 0 };
    const progress: HistoryScanProgress = {
      state: "running", first, phase: "folders", examined: checkpoint.examined, total: 0, screened: checkpoint.screened,
      folders: { listed: 0, total: 0 }, accounts: 0, bouncesFound: checkpoint.bouncesFound,
      since: new Date(this.clock.now() - days * DAY_MS).toISOString(), startedAt, finishedAt: null,
    };
    await setMeta(this.db, "historyScanCheckpoint", checkpoint);
    await setMeta(this.db, "historyScan", progress);
    this.scanCancelled = false;
    this.scanRunning = this.runHistoryScan(progress, days, checkpoint).finally(() => { this.scanRunning = null; });
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

  /**
   * The folders of an account to look through (its Sent folders, and those that may hold bounces) with their
   * message counts. On a fresh profile a server account's (IMAP, Exchange) folders appear only after its first
   * connection, or at once but empty (those named in its settings), and each lists empty until Thunderbird has
   * synced it: seen in Thunderbird 153, Inbox about 2 s after start-up, Sent about 10 s. Looked through before
   * that, the history is missed, and the person's own bounces are judged against an empty Sent log: mail they
   * never sent, a false "misused". So the first check waits (at most FOLDER_WAIT_MS, saying "checking") until
   * both the Sent folders and the others hold mail and the folders and their counts stay the same from one look
   * to the next. Local Folders and POP3 keep their folders on this computer: nothing to wait for.
   */
  private async foldersToCheck(account: WatchedAccount, wait: boolean): Promise<{ sent: CountedFolder[]; screened: CountedFolder[] }> {
    let before = "";
    for (let waited = 0; ; waited += FOLDER_POLL_MS) {
      const sentList = await sentFolders(this.host, account.id);
      const bounceList = await bounceFolders(this.host, account.id);
      const counts = await this.folderCounts([...sentList, ...bounceList]);
      const sent = sentList.map((folder, i) => ({ folder, count: counts[i]! }));
      const screened = bounceList.map((folder, i) => ({ folder, count: counts[sentList.length + i]! }));
      const seen = JSON.stringify([...sent, ...screened].map((f) => [f.folder.path, f.count]));
      const synced = seen === before && [sent, screened].every((list) => list.some((f) => f.count > 0));
      if (synced || !wait || !account.serverFolders || waited >= FOLDER_WAIT_MS || this.scanCancelled) return { sent, screened };
      before = seen;
      await this.clock.sleep(FOLDER_POLL_MS);
    }
  }

  /**
   * Message counts of the folders to look through, from Thunderbird's folder database (no listing), so the
   * total is known before the first message is read. A folder whose count cannot be read counts as empty.
   */
  private async folderCounts(folders: readonly MailFolder[]): Promise<number[]> {
    return Promise.all(folders.map(async (folder) => {
      try {
        return (await this.host.folders.getFolderInfo(folder.id!)).totalMessageCount ?? 0;
      } catch {
        return 0;
      }
    }));
  }

  /**
   * The phases, each counted against a total known up front: the folders are listed and their message counts
   * read (the total), then the Sent folders' headers are read into the Sent log, then every other folder's
   * messages dated within the period are screened by header and the candidates downloaded and analysed.
   * Messages of a folder older than the period are counted as looked at once its listing ends.
   */
  private async runHistoryScan(progress: HistoryScanProgress, days: number, checkpoint: ScanCheckpoint): Promise<void> {
    const started = this.clock.now();
    const since = started - days * DAY_MS;
    const finished = new Set(checkpoint.folders);
    // Progress is shown, not relied on: a write that fails (storage full) does not stop the scan.
    const save = async () => {
      progress.total = Math.max(progress.total, progress.examined);
      await setMeta(this.db, "historyScan", progress).catch(() => undefined);
      await this.announceChange();
    };
    const folderDone = async (folder: MailFolder, count: number) => {
      checkpoint.folders.push(folderKey(folder));
      checkpoint.counts = { ...checkpoint.counts, [folderKey(folder)]: count };
      Object.assign(checkpoint, { examined: progress.examined, screened: progress.screened, bouncesFound: progress.bouncesFound });
      await setMeta(this.db, "historyScanCheckpoint", checkpoint).catch(() => undefined);
    };
    try {
      const accounts = await this.accounts();
      progress.accounts = accounts.length;
      const sent: CountedFolder[] = [];
      const screened: CountedFolder[] = [];
      for (const account of accounts) {
        const own = await this.foldersToCheck(account, progress.first);
        sent.push(...own.sent);
        screened.push(...own.screened);
        progress.folders.total += own.sent.length + own.screened.length;
        progress.folders.listed += own.sent.length + own.screened.length;
        progress.total += [...own.sent, ...own.screened].reduce((n, f) => n + f.count, 0);
        await save();
      }
      progress.phase = "sent";
      await save();
      for (const { folder, count } of sent) {
        if (this.scanCancelled) break;
        if (finished.has(folderKey(folder))) {
          // What came into it since then is not this scan's (new-mail events and catch-up see it): its count then.
          progress.total += (checkpoint.counts?.[folderKey(folder)] ?? count) - count;
          continue;
        }
        let listed = 0;
        await this.serial.run(() => this.sent.syncFolder(folder, this.clock.now(), {
          listed: async (n) => {
            listed += n;
            progress.examined += n;
            await save();
          },
        }));
        progress.examined += Math.max(0, count - listed);
        await folderDone(folder, count);
      }
      progress.phase = "messages";
      await save();
      const sentLog = await this.sent.sentLog();
      for (const { folder, count } of screened) {
        if (this.scanCancelled) break;
        if (finished.has(folderKey(folder))) {
          // What came into it since then is not this scan's (new-mail events and catch-up see it): its count then.
          progress.total += (checkpoint.counts?.[folderKey(folder)] ?? count) - count;
          continue;
        }
        await this.lookAgain(folder, since);
        const candidates: MessageHeader[] = [];
        let listed = 0;
        for await (const page of pagesOf(this.host, listFolder(this.host, folder.id!, since), () => this.scanCancelled)) {
          listed += page.length;
          progress.screened += page.length;
          for (const header of page) {
            if (worthDownloading(header, sentLog)) candidates.push(header);
            else progress.examined++;
          }
          await save();
        }
        // Downloads are slow: in chunks through the same queue as new mail, so new mail is never held up for long.
        for (let i = 0; i < candidates.length && !this.scanCancelled; i += SCAN_CHUNK) {
          const chunk = candidates.slice(i, i + SCAN_CHUNK);
          const found = await this.serial.run(() => this.analyse(folder, chunk, (n) => { progress.examined += n; },
            Date.parse(progress.startedAt)));
          progress.bouncesFound += found.bounces;
          await save();
        }
        if (this.scanCancelled) break;
        progress.examined += Math.max(0, count - listed);
        await this.setFolderState(folder, started);
        await folderDone(folder, count);
      }
      progress.state = this.scanCancelled ? "cancelled" : "done";
    } catch {
      progress.state = "failed";
    }
    progress.phase = "finished";
    progress.finishedAt = new Date(this.clock.now()).toISOString();
    await setMeta(this.db, "historyScan", progress).catch(() => undefined);
    await this.serial.run(async () => {
      if (progress.state === "done" && this.unfinished.size === 0) await setMeta(this.db, "lastCatchUp", started);
      await this.reassess();
    });
  }

  /** True until the first start-up has begun its history scan. */
  async isFirstRun(): Promise<boolean> {
    if (await getMeta<number>(this.db, "installedAt")) return false;
    await setMeta(this.db, "installedAt", this.clock.now());
    return true;
  }

  /**
   * Forgets everything found so far, and takes its tags off the messages first (when it was allowed to tag);
   * from now on only mail that arrives is looked at (until a history scan).
   */
  deleteAllData(): Promise<void> {
    return this.update(async () => {
      await syncTags(this.host, await allBounces(this.db), false);
      await transact(this.db, ["bounces", "seen", "sentChunks", "folders", "meta", "dmarcReports"], "readwrite", (tx) => {
        for (const store of ["bounces", "seen", "sentChunks", "folders", "dmarcReports"]) tx.objectStore(store).clear();
        const keys = ["alert", "historyScan", "historyScanCheckpoint", "lastCatchUp", "accountMemory", "accountStates", "dmarcViews"];
        for (const key of keys) tx.objectStore("meta").delete(key);
        tx.objectStore("meta").put(this.clock.now(), "watchFrom");
      });
      this.sent.forget();
    });
  }

  /** Applies retention limits, at most once a day (and at once when the person shortens retention). */
  prune(): Promise<void> {
    return this.serial.run(async () => {
      const last = (await getMeta<number>(this.db, "lastPrune")) ?? 0;
      if (this.clock.now() - last < PRUNE_INTERVAL_MS) return;
      await this.applyRetention();
    });
  }

  private async applyRetention(): Promise<void> {
    const now = this.clock.now();
    const { retentionDays, historyDays } = await this.settings();
    await pruneAnalyses(this.db, now - retentionDays * DAY_MS, MAX_BOUNCES);
    await pruneAggregateReports(this.db, now - retentionDays * DAY_MS);
    // Sent messages must outlive the bounces they explain, which come days after, and the history window.
    await this.sent.prune(now - (Math.max(retentionDays, historyDays) + 30) * DAY_MS);
    await setMeta(this.db, "lastPrune", now);
  }

  /** The bounces the person sees: of watched accounts, not dismissed. */
  async shownBounces(): Promise<StoredBounce[]> {
    const watched = new Set((await this.accounts()).map((a) => a.id));
    return (await allBounces(this.db)).filter((r) => !r.dismissed && watched.has(r.accountId));
  }

  overview = async (): Promise<Overview> => {
    const stored = new Map(((await getMeta<AccountState[]>(this.db, "accountStates")) ?? []).map((s) => [s.accountId, s]));
    const scan = await this.historyScan();
    const accounts = await this.accounts();
    // No state is stored for an account the first check has not judged yet (it is running, or has just ended
    // and its judgement is being stored, or could not be): it is "checking", never an "all clear" not judged.
    const states = accounts.map((account) => stored.get(account.id) ?? unjudgedState(account, scan?.first === true));
    return buildOverview(await this.shownBounces(), states, await this.sent.size(), scan,
      storageHealth(this.db, this.unsaved.size), await this.sent.warnings(accounts.map((a) => a.id)), this.clock.now());
  };

  /** The DMARC views of the watched accounts, as the last judgement left them. */
  async dmarcViews(): Promise<DmarcView[]> {
    const watched = new Set((await this.accounts()).map((a) => a.id));
    return ((await getMeta<DmarcView[]>(this.db, "dmarcViews")) ?? []).filter((v) => watched.has(v.accountId));
  }

  /** Runs a change to stored bounces, then judges again (the states may fall or rise). */
  update(task: () => Promise<void>): Promise<void> {
    return this.serial.run(async () => {
      await task();
      await this.reassess();
    });
  }
}

const SCAN_CHUNK = 20;

/**
 * Bounces, DMARC aggregate reports and possible account traces (notices, complaints, auto-replies from people
 * never written to, by `sent`) are downloaded; everything else is judged by its header alone.
 */
function worthDownloading(header: MessageHeader, sent: SentLog): boolean {
  return isBounceCandidate(header) || isAggregateReportCandidate(header) || isTraceCandidate(header, (a) => sent.wroteTo(a));
}

/** What the report page shows of one account's DMARC reports (protocol DmarcView). */
function dmarcView(account: WatchedAccount, dmarc: DmarcAssessment): DmarcView {
  return { accountId: account.id, name: account.name, reports: dmarc.reports, domains: dmarc.domains, reasons: dmarc.reasons,
    days: dmarc.days, sources: dmarc.sources };
}
const FOLDER_POLL_MS = 2000;
const FOLDER_WAIT_MS = 60_000;

/** A folder to look through and its message count from the folder info. */
interface CountedFolder {
  folder: MailFolder;
  count: number;
}
