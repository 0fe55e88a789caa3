// One load of the background page: listeners registered synchronously (so Thunderbird can wake a suspended
// page for persistent events and deliver them), then the database opened and the start-up work begun.
import { openDatabase } from "./db";
import type { MailHost } from "./host";
import { answer, isRequest } from "./requests";
import { Sentinel, type Clock } from "./sentinel";
import { ALERT_NOTIFICATION_PREFIX } from "./telling";

const systemClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/** A token per Thunderbird session: storage.session is emptied when Thunderbird quits, not on suspend. */
async function sessionToken(host: MailHost): Promise<string> {
  const { session } = (await host.storage.session.get("session")) as { session?: string };
  if (session) return session;
  const token = crypto.randomUUID();
  await host.storage.session.set({ session: token });
  return token;
}

export function startBackground(host: MailHost, idb: IDBFactory, clock: Clock = systemClock): Promise<Sentinel> {
  const ready = (async () => new Sentinel(await openDatabase(idb), host, await sessionToken(host), clock))();

  // Listeners return their work's promise: Thunderbird ignores it, tests wait on it.
  host.messages.onNewMailReceived.addListener((folder, list) => ready.then((s) => s.onNewMail(folder, list)), true);
  host.compose.onAfterSend.addListener((_tab, sendInfo) => ready.then((s) => s.onAfterSend(sendInfo)));
  host.notifications.onClicked.addListener((id) => {
    if (id.startsWith(ALERT_NOTIFICATION_PREFIX)) return ready.then((s) => s.openReport());
    return undefined;
  });
  // Installed (not updated): the welcome page says what the add-on does and shows its first check.
  host.runtime.onInstalled.addListener((details) => {
    if (details.reason === "install") return ready.then((s) => s.openWelcome());
    return undefined;
  });
  host.runtime.onMessage.addListener((message: unknown) => {
    // Only requests of the protocol are answered; anything else is left to other listeners.
    if (!isRequest(message)) return undefined;
    return ready.then((s) => answer(s, message));
  });

  return ready.then(async (sentinel) => {
    await startUp(sentinel);
    return sentinel;
  });
}

/** First run: a history scan; an interrupted scan: again; otherwise a look for what arrived meanwhile. */
async function startUp(sentinel: Sentinel): Promise<void> {
  await sentinel.prune();
  const scan = await sentinel.historyScan();
  if (await sentinel.isFirstRun()) await sentinel.startHistoryScan(undefined, true);
  else if (scan?.state === "running") await sentinel.resumeHistoryScan(scan);
  else await sentinel.catchUp();
}
