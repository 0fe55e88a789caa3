// What the person sees of the background outside its pages: the toolbar badge, a notification when an
// account's state gets worse, and (only if they turned it on and granted the permissions) a tag on the
// bounces behind an alert.
import { accountLabel, TAGGING_PERMISSIONS, type AccountState } from "../shared/protocol";
import type { MailHost, MessageHeader } from "./host";
import { stateRank } from "./overview";
import type { StoredBounce } from "./records";

export const TAG_KEY = "bounce-sentinel";
const TAG_COLOR = "#C5221F";
/** Notification ids: this prefix and the account id, so each account has its own notification. */
export const ALERT_NOTIFICATION_PREFIX = "bounce-sentinel-alert:";

/** The number of unreviewed bounces behind alerts; red when an account is misused, amber for forged senders. */
export async function showBadge(host: MailHost, states: readonly AccountState[]): Promise<void> {
  const unreviewed = states.reduce((n, s) => n + s.unreviewed, 0);
  await host.action.setBadgeText({ text: unreviewed > 0 ? String(unreviewed) : "" });
  const worst = Math.max(0, ...states.filter((s) => s.unreviewed > 0).map((s) => stateRank(s.state)));
  if (unreviewed > 0) await host.action.setBadgeBackgroundColor({ color: worst >= 2 ? "#C5221F" : "#B06000" });
}

/**
 * One notification per account and rise of its state, naming the account; a click on it opens the report
 * (Thunderbird ignores buttons). The wording is the state's: what happened and whether to act now.
 */
export async function notifyState(host: MailHost, state: AccountState): Promise<void> {
  const kind = state.state === "restricted" ? "restricted" : state.state === "compromise" ? "compromise" : "spoofing";
  const label = accountLabel(state);
  await host.notifications.create(`${ALERT_NOTIFICATION_PREFIX}${state.accountId}`, {
    type: "basic",
    iconUrl: host.runtime.getURL("icons/bounce-sentinel.svg"),
    title: host.i18n.getMessage(`notify_title_${kind}`, [label]),
    message: host.i18n.getMessage(`notify_message_${kind}`, [label]),
  });
}

/** The message of a record in this Thunderbird session (ids change across restarts). */
async function findMessage(host: MailHost, record: StoredBounce): Promise<MessageHeader | null> {
  if (!record.headerMessageId) return null;
  const list = await host.messages.query({ accountId: record.accountId, headerMessageId: record.headerMessageId });
  if (typeof list === "string") return null;
  return list.messages[0] ?? null;
}

/**
 * With tagging on, keeps the tag on the bounces behind an alert not reviewed yet (tagged when they come to
 * stand behind one, untagged once reviewed, dealt with or dismissed); with tagging off, takes off the tags
 * it put on. Returns the records whose tag changed, to be stored.
 */
export async function syncTags(host: MailHost, records: readonly StoredBounce[], tagging: boolean): Promise<StoredBounce[]> {
  if (!(await host.permissions.contains(TAGGING_PERMISSIONS))) return [];
  const wanted = (r: StoredBounce) => tagging && !r.reviewed && !r.dismissed && r.alerting;
  const due = records.filter((r) => r.tagged !== wanted(r));
  if (due.length === 0) return [];
  if (due.some(wanted)) {
    try {
      await host.messages.tags.create(TAG_KEY, host.i18n.getMessage("tag_suspicious"), TAG_COLOR);
    } catch {
      // the tag exists already (create throws for a used key)
    }
  }
  const changed: StoredBounce[] = [];
  for (const record of due) {
    const header = await findMessage(host, record);
    if (!header) {
      // gone from the mail (deleted or moved away): nothing left to tag or untag
      if (!wanted(record)) changed.push({ ...record, tagged: false });
      continue;
    }
    const tags = wanted(record) ? [...new Set([...header.tags, TAG_KEY])] : header.tags.filter((t) => t !== TAG_KEY);
    await host.messages.update(header.id, { tags });
    changed.push({ ...record, tagged: wanted(record) });
  }
  return changed;
}
