// Which accounts and folders the add-on looks at, and stable keys for them.
import type { MailFolder, MailHost } from "./host";

/**
 * Account types that never receive mail: feeds and news groups. Every other type is watched, so Exchange
 * (ews) accounts and types Thunderbird or other add-ons add later are covered without a change here.
 */
const NOT_MAIL_ACCOUNT_TYPES = new Set(["rss", "nntp"]);

/**
 * Account types whose folders are files on this computer: there and complete from the start. Local Folders is
 * "local" to a Manifest V3 add-on (ExtensionAccounts.sys.mjs of Thunderbird 153; "none" only in Manifest V2).
 */
const LOCAL_ACCOUNT_TYPES = new Set(["local", "pop3"]);

/** Folders that never hold bounces worth reading: what the person writes or throws away. */
const SKIPPED_USES = new Set(["sent", "drafts", "templates", "outbox", "trash"]);

export interface WatchedAccount {
  id: string;
  name: string;
  addresses: string[];
  /**
   * Its folders come from a server (IMAP, Exchange...): on a fresh profile they appear only after the first
   * connection, and each lists empty until Thunderbird has synced it.
   */
  serverFolders: boolean;
}

/** Accounts that receive mail; with `chosen` not empty, only those the person ticked. */
export async function watchedAccounts(host: MailHost, chosen: readonly string[]): Promise<WatchedAccount[]> {
  const accounts = await host.accounts.list(false);
  return accounts
    .filter((a) => !NOT_MAIL_ACCOUNT_TYPES.has(a.type) && (chosen.length === 0 || chosen.includes(a.id)))
    .map((a) => ({
      id: a.id,
      name: a.name,
      addresses: [...new Set(a.identities.map((i) => (i.email ?? "").toLowerCase()).filter((e) => e.includes("@")))],
      serverFolders: !LOCAL_ACCOUNT_TYPES.has(a.type),
    }));
}

/** A key that stays the same across restarts (folder ids are only valid for a session in some versions). */
export function folderKey(folder: MailFolder): string {
  return `${folder.accountId ?? ""}:${folder.path}`;
}

export function isSentFolder(folder: MailFolder): boolean {
  return folder.specialUse?.includes("sent") ?? false;
}

export function mayHoldBounces(folder: MailFolder): boolean {
  if (folder.isVirtual || folder.isUnified || folder.isRoot) return false;
  return !(folder.specialUse ?? []).some((use) => SKIPPED_USES.has(use));
}

export async function sentFolders(host: MailHost, accountId: string): Promise<MailFolder[]> {
  return host.folders.query({ accountId, specialUse: ["sent"] });
}

export async function bounceFolders(host: MailHost, accountId: string): Promise<MailFolder[]> {
  return (await host.folders.query({ accountId })).filter(mayHoldBounces);
}
