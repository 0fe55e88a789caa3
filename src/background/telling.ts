// What the person sees of the background outside its pages: the toolbar badge, a notification when the
// alert rises, and (only if they turned it on and granted the permissions) a tag on suspicious bounces.
import type { Alert } from "../core/types";
import { TAGGING_PERMISSIONS } from "../shared/protocol";
import type { MailHost, MessageHeader } from "./host";
import { isSuspicious } from "./overview";
import type { StoredBounce } from "./records";

export const TAG_KEY = "bounce-sentinel";
const TAG_COLOR = "#C5221F";
export const ALERT_NOTIFICATION_ID = "bounce-sentinel-alert";

export async function showBadge(host: MailHost, unreviewed: number, alert: Alert): Promise<void> {
  await host.action.setBadgeText({ text: unreviewed > 0 ? String(unreviewed) : "" });
  if (unreviewed > 0) await host.action.setBadgeBackgroundColor({ color: alert === "compromise" ? "#C5221F" : "#B06000" });
}

/** One notification per rise of the alert; a click on it opens the report (Thunderbird ignores buttons). */
export async function notifyAlert(host: MailHost, alert: Alert): Promise<void> {
  await host.notifications.create(ALERT_NOTIFICATION_ID, {
    type: "basic",
    iconUrl: host.runtime.getURL("icons/bounce-sentinel.svg"),
    title: host.i18n.getMessage(`notify_title_${alert}`),
    message: host.i18n.getMessage(`notify_message_${alert}`),
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
 * Keeps the tag on the suspicious bounces not reviewed yet (tagged when they become suspicious, untagged
 * once reviewed). Returns the records whose tag changed, to be stored.
 */
export async function syncTags(host: MailHost, records: readonly StoredBounce[], alert: Alert): Promise<StoredBounce[]> {
  if (!(await host.permissions.contains(TAGGING_PERMISSIONS))) return [];
  const wanted = (r: StoredBounce) => !r.reviewed && isSuspicious(r.judgement.verdict, alert);
  const due = records.filter((r) => r.tagged !== wanted(r));
  if (due.length === 0) return [];
  try {
    await host.messages.tags.create(TAG_KEY, host.i18n.getMessage("tag_suspicious"), TAG_COLOR);
  } catch {
    // the tag exists already (create throws for a used key)
  }
  const changed: StoredBounce[] = [];
  for (const record of due) {
    const header = await findMessage(host, record);
    if (!header) continue;
    const tags = wanted(record) ? [...new Set([...header.tags, TAG_KEY])] : header.tags.filter((t) => t !== TAG_KEY);
    await host.messages.update(header.id, { tags });
    changed.push({ ...record, tagged: wanted(record) });
  }
  return changed;
}
