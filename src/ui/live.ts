// Open pages update in place: the background sends a ChangedNotice whenever what they show may have changed
// (new or re-judged bounces, settings, the history check's progress); the page asks again and redraws.
import type { ChangedNotice } from "../shared/protocol";

const QUIET_MS = 250;

function isChangedNotice(message: unknown): message is ChangedNotice {
  return typeof message === "object" && message !== null && (message as { type?: unknown }).type === "changed";
}

/**
 * Calls `refresh` after change notices, at most one run at a time and at most every QUIET_MS (a history check
 * sends many). Other pages' requests pass this listener too: it never answers them.
 */
export function onChange(refresh: () => Promise<void>): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  const run = () => {
    timer = null;
    if (running) {
      again = true;
      return;
    }
    running = refresh().catch(() => undefined).finally(() => {
      running = null;
      if (again) {
        again = false;
        timer = setTimeout(run, QUIET_MS);
      }
    });
  };
  messenger.runtime.onMessage.addListener((message: unknown) => {
    if (isChangedNotice(message) && !timer) timer = setTimeout(run, QUIET_MS);
    return undefined;
  });
}
