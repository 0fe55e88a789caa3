// Answers the UI pages' requests (src/shared/protocol.ts).
import { bounceDate, recordKind, type BounceRecord, type Request, type ResponseOf } from "../shared/protocol";
import { allBounces, putBounces, setDismissed, type StoredBounce } from "./records";
import type { Sentinel } from "./sentinel";

type Handlers = { [T in Request["type"]]: (request: Extract<Request, { type: T }>) => Promise<ResponseOf[T]> };

/** The UI's view of a stored bounce: Thunderbird's id only while it is still valid (same session). */
function toRecord(stored: StoredBounce, session: string): BounceRecord {
  const { headerMessageId: _h, session: storedIn, tagged: _t, dismissed: _d, ...record } = stored;
  return { ...record, messageId: storedIn === session ? record.messageId : null };
}

function requestHandlers(sentinel: Sentinel): Handlers {
  return {
    getOverview: () => sentinel.overview(),
    getDmarc: () => sentinel.dmarcViews(),
    listBounces: async ({ verdicts, kinds, since, until, limit, accountId }) => {
      const records = (await sentinel.shownBounces())
        .filter((r) => !accountId || r.accountId === accountId)
        .filter((r) => !verdicts || verdicts.includes(r.judgement.verdict))
        .filter((r) => !kinds || kinds.some((kind) => kind === recordKind(r)))
        .filter((r) => !since || Date.parse(bounceDate(r)) >= Date.parse(since))
        .filter((r) => !until || Date.parse(bounceDate(r)) < Date.parse(until))
        .sort((a, b) => Date.parse(bounceDate(b)) - Date.parse(bounceDate(a)));
      return records.slice(0, limit ?? records.length).map((r) => toRecord(r, sentinel.session));
    },
    markReviewed: async ({ keys, reviewed }) => {
      await sentinel.update(async () => {
        const wanted = new Set(keys);
        const changed = (await allBounces(sentinel.db)).filter((r) => wanted.has(r.key)).map((r) => ({ ...r, reviewed }));
        await putBounces(sentinel.db, changed);
      });
      return sentinel.overview();
    },
    dismiss: async ({ keys }) => {
      await sentinel.update(() => setDismissed(sentinel.db, keys, true));
      return sentinel.overview();
    },
    undoDismiss: async ({ keys }) => {
      await sentinel.update(() => setDismissed(sentinel.db, keys, false));
      return sentinel.overview();
    },
    resolveAccount: async ({ accountId }) => {
      await sentinel.resolveAccount(accountId);
      return sentinel.overview();
    },
    getSettings: () => sentinel.settings(),
    saveSettings: ({ settings }) => sentinel.saveSettings(settings),
    listAccounts: () => sentinel.mailAccounts(),
    startHistoryScan: ({ days }) => sentinel.startHistoryScan(days),
    cancelHistoryScan: () => sentinel.cancelHistoryScan(),
    openReport: async () => {
      await sentinel.openReport();
      return null;
    },
    deleteAllData: async () => {
      await sentinel.deleteAllData();
      return sentinel.overview();
    },
  };
}

/** Every request type, checked by the compiler against the protocol. */
const REQUEST_TYPES: Record<Request["type"], true> = {
  getOverview: true, listBounces: true, markReviewed: true, dismiss: true, undoDismiss: true, resolveAccount: true,
  getSettings: true, saveSettings: true,
  listAccounts: true, startHistoryScan: true, cancelHistoryScan: true, openReport: true, deleteAllData: true,
  getDmarc: true,
};

export function isRequest(message: unknown): message is Request {
  if (typeof message !== "object" || message === null) return false;
  const type = (message as { type?: unknown }).type;
  return typeof type === "string" && Object.hasOwn(REQUEST_TYPES, type);
}

export function answer(sentinel: Sentinel, request: Request): Promise<unknown> {
  return (requestHandlers(sentinel)[request.type] as (r: Request) => Promise<unknown>)(request);
}
