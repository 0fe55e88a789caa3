// The part of Thunderbird's `messenger` API the background uses. The real `messenger` satisfies it as is;
// tests pass test/fakes/messenger.ts. Listing the members here keeps the add-on's surface (and so its
// permissions) visible in one place.
type Api<T, K extends keyof T> = Pick<T, K>;

export interface MailHost {
  accounts: Api<typeof messenger.accounts, "list">;
  folders: Api<typeof messenger.folders, "query" | "getFolderInfo">;
  messages: Api<typeof messenger.messages, "list" | "continueList" | "abortList" | "query" | "getRaw" | "update" | "onNewMailReceived"> & {
    tags: Api<typeof messenger.messages.tags, "create">;
  };
  compose: Api<typeof messenger.compose, "onAfterSend">;
  action: Api<typeof messenger.action, "setBadgeText" | "setBadgeBackgroundColor">;
  notifications: Api<typeof messenger.notifications, "create" | "onClicked">;
  permissions: Api<typeof messenger.permissions, "contains">;
  runtime: Api<typeof messenger.runtime, "onMessage" | "onInstalled" | "sendMessage" | "getURL">;
  storage: { session: Api<typeof messenger.storage.session, "get" | "set"> };
  tabs: Api<typeof messenger.tabs, "create" | "get" | "update">;
  windows: Api<typeof messenger.windows, "update">;
  i18n: Api<typeof messenger.i18n, "getMessage">;
}

export type MailFolder = messenger.folders.MailFolder;
export type MessageHeader = messenger.messages.MessageHeader;
export type MessageList = messenger.messages.MessageList;
