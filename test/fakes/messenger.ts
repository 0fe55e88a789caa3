// A fake Thunderbird `messenger` (128–153, Manifest V3) for tests of the background and the UI pages.
// It behaves as Thunderbird does where the add-on can tell: numeric message ids that change on restart,
// folders with specialUse, message lists in pages of 100 (continueList), query with fromDate,
// getRaw returning a File, onNewMailReceived only for flagged-new mail and for special folders only with
// monitorAllFolders, persistent events that wake a suspended background page (a fresh page load over
// the same storage), storage.session emptied by a restart, permissions that must be granted.
import PostalMime from "postal-mime";
import { createHash } from "node:crypto";
import en from "../../_locales/en/messages.json";
import type { MailHost, MailFolder, MessageHeader, MessageList } from "../../src/background/host";

type Listener = (...args: any[]) => unknown;
type SpecialUse = NonNullable<MailFolder["specialUse"]>[number];

export const PAGE_SIZE = 100;

/** What the fake keeps per message: the header fields Thunderbird shows, and the bytes when there are any. */
export interface FakeMessage {
  author: string;
  subject: string;
  recipients: string[];
  ccList?: string[];
  bccList?: string[];
  date: Date;
  headerMessageId: string;
  size?: number;
  raw?: Uint8Array;
  tags?: string[];
}

interface Stored extends FakeMessage {
  id: number;
  folder: MailFolder;
}

/** One event of the API. Listeners belong to the page that added them and go when that page goes. */
export class FakeEvent<L extends Listener> {
  listeners: { listener: L; extra: unknown[] }[] = [];
  /** Extra arguments of the last registration, kept across suspension as Firefox does for primed listeners. */
  primed: unknown[] | null = null;
  constructor(private readonly world: FakeThunderbird, readonly persistent = true) {}
  addListener = (listener: L, ...extra: unknown[]): void => {
    this.listeners.push({ listener, extra });
    this.primed = extra;
  };
  removeListener = (listener: L): void => {
    this.listeners = this.listeners.filter((l) => l.listener !== listener);
  };
  hasListener = (listener: L): boolean => this.listeners.some((l) => l.listener === listener);
  /** Delivers to the page, waking it first when it is suspended; returns the listeners' results. */
  async fire(args: Parameters<L>, accept: (extra: unknown[]) => boolean = () => true): Promise<unknown[]> {
    // As Firefox does: the page's script runs, and the event goes to the listeners it added synchronously.
    if (this.listeners.length === 0 && this.persistent && this.primed && this.world.suspended) this.world.wake();
    return Promise.all(this.listeners.filter((l) => accept(l.extra)).map((l) => l.listener(...args)));
  }
}

function addressText(a: { name?: string; address?: string } | undefined): string {
  if (!a?.address) return a?.name ?? "";
  return a.name ? `${a.name} <${a.address}>` : a.address;
}

/** Thunderbird gives a message without a Message-ID one made from an MD5 hash of its header block. */
function generatedMessageId(raw: Uint8Array): string {
  let end = raw.length;
  for (let i = 0; i + 1 < raw.length; i++) {
    if (raw[i] === 0x0a && (raw[i + 1] === 0x0a || (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a))) {
      end = i;
      break;
    }
  }
  return `md5:${createHash("md5").update(raw.subarray(0, end)).digest("base64")}`;
}

/** Header fields as Thunderbird shows them for a raw message (decoded author and subject, bare Message-ID). */
export async function fakeMessageOf(raw: Uint8Array): Promise<FakeMessage> {
  const mail = await PostalMime.parse(raw);
  const list = (xs: { name?: string; address?: string }[] | undefined) => (xs ?? []).map(addressText);
  const date = mail.date ? new Date(mail.date) : new Date(0);
  return {
    author: addressText(mail.from),
    subject: mail.subject ?? "",
    recipients: list(mail.to),
    ccList: list(mail.cc),
    bccList: list(mail.bcc),
    date: Number.isNaN(date.getTime()) ? new Date(0) : date,
    headerMessageId: mail.messageId ? mail.messageId.replace(/^<|>$/g, "") : generatedMessageId(raw),
    size: raw.length,
    raw,
  };
}

export interface FakeAccountSpec {
  id: string;
  name: string;
  /** Thunderbird's account types ("imap", "pop3", "local", "ews", "rss", "nntp"...), imap by default. */
  type?: string;
  email: string;
  /** Folders besides the usual Inbox, Sent, Junk, Trash, Drafts. */
  extraFolders?: string[];
  /** Thunderbird's Local Folders as a fresh profile has them: Trash and Unsent Messages only. */
  localFolders?: boolean;
}

export class FakeThunderbird {
  readonly accounts: messenger.accounts.MailAccount[] = [];
  readonly folders: MailFolder[] = [];
  private messagesById = new Map<number, Stored>();
  private byFolder = new Map<string, Stored[]>();
  private nextId = 1;
  private lists = new Map<string, { items: Stored[]; at: number }>();
  private nextList = 1;
  private session: Record<string, unknown> = {};
  private tagDefs = new Map<string, { tag: string; color: string }>();
  granted = new Set<string>(["accountsRead", "messagesRead", "storage", "notifications", "compose"]);
  suspended = false;
  /** Loads the background page; set by the test (it is the page's top-level script). */
  pageScript: (() => Promise<unknown>) | null = null;
  private pageReady: Promise<unknown> | null = null;

  // Records of what the add-on did, for assertions.
  badge = "";
  badgeColor = "";
  readonly notifications: { id: string; options: messenger.notifications.CreateNotificationOptions }[] = [];
  readonly openedTabs: string[] = [];
  /** Tabs open now (id → url); the person closes one with closeTab. */
  readonly tabs = new Map<number, string>();
  private nextTab = 2;
  activeTab: number | null = null;
  focusedWindow: number | null = null;
  readonly uiNotices: unknown[] = [];
  /** runtime.onMessage listeners of open UI pages (see uiPage()). */
  private uiListeners: ((message: unknown) => unknown)[] = [];
  readonly calls = { getRaw: 0, list: 0, continueList: 0, query: 0, update: 0 };

  readonly events = {
    onNewMailReceived: new FakeEvent<(folder: MailFolder, list: MessageList) => void>(this),
    onAfterSend: new FakeEvent<(tab: messenger.tabs.Tab, info: messenger.compose._OnAfterSendSendInfo) => void>(this),
    onNotificationClicked: new FakeEvent<(id: string) => void>(this),
    onMessage: new FakeEvent<(message: unknown, sender: unknown) => unknown>(this),
    onInstalled: new FakeEvent<(details: { reason: string; temporary: boolean }) => unknown>(this),
  };

  constructor(specs: FakeAccountSpec[]) {
    for (const spec of specs) this.addAccount(spec);
  }

  private addAccount(spec: FakeAccountSpec): void {
    const folder = (path: string, name: string, specialUse: SpecialUse[] = [], isRoot = false): MailFolder => ({
      id: `${spec.id}:/${path}`, accountId: spec.id, path: `/${path}`, name, specialUse, isRoot, isVirtual: false,
      isUnified: false, isFavorite: false,
    });
    const root: MailFolder = { ...folder("", "Root", [], true), path: "/" };
    const list = spec.localFolders ? [root, folder("Trash", "Trash", ["trash"]), folder("Unsent Messages", "Unsent Messages", ["outbox"])] : [
      root, folder("INBOX", "Inbox", ["inbox"]), folder("Sent", "Sent", ["sent"]), folder("Junk", "Junk", ["junk"]),
      folder("Trash", "Trash", ["trash"]), folder("Drafts", "Drafts", ["drafts"]),
      ...(spec.extraFolders ?? []).map((p) => folder(p, p)),
    ];
    this.folders.push(...list);
    for (const f of list) this.byFolder.set(f.id!, []);
    this.accounts.push({
      id: spec.id, name: spec.name, type: spec.type ?? "imap", rootFolder: root,
      identities: [{ id: `id-${spec.id}`, accountId: spec.id, email: spec.email, name: spec.name, label: "", organization: "", replyTo: "", signature: "", signatureIsPlainText: true, composeHtml: true }],
    } as messenger.accounts.MailAccount);
  }

  folder(accountId: string, specialUseOrPath: string): MailFolder {
    const found = this.folders.find((f) => f.accountId === accountId
      && (f.specialUse?.includes(specialUseOrPath as SpecialUse) || f.path === `/${specialUseOrPath}`));
    if (!found) throw new Error(`no folder ${specialUseOrPath} in ${accountId}`);
    return found;
  }

  private header(m: Stored): MessageHeader {
    return {
      id: m.id, author: m.author, subject: m.subject, recipients: [...m.recipients], ccList: [...(m.ccList ?? [])],
      bccList: [...(m.bccList ?? [])], date: new Date(m.date), headerMessageId: m.headerMessageId,
      folder: { ...m.folder }, size: m.size ?? m.raw?.length ?? 2000, junk: m.folder.specialUse?.includes("junk") ?? false,
      junkScore: 0, flagged: false, read: false, new: true, tags: [...(m.tags ?? [])], external: false, headersOnly: false,
    };
  }

  /** Puts messages into a folder without any event (mail that was there before, or synced silently). */
  store(folder: MailFolder, messages: readonly FakeMessage[]): MessageHeader[] {
    const list = this.byFolder.get(folder.id!)!;
    return messages.map((m) => {
      const stored: Stored = { ...m, id: this.nextId++, folder };
      list.push(stored);
      this.messagesById.set(stored.id, stored);
      return this.header(stored);
    });
  }

  /** New mail arrives: stored, then onNewMailReceived as Thunderbird fires it (pages of 100). */
  async deliver(folder: MailFolder, messages: readonly FakeMessage[]): Promise<void> {
    const headers = this.store(folder, messages);
    const special = (folder.specialUse ?? []).some((u) => u !== "inbox");
    const list = this.pagedList(headers.map((h) => this.messagesById.get(h.id)!));
    await this.events.onNewMailReceived.fire([{ ...folder }, list], (extra) => !special || extra[0] === true);
    await this.settle();
  }

  /** The person sends a message: the copy lands in Sent (if `keepCopy`), then compose.onAfterSend fires. */
  async send(accountId: string, message: FakeMessage, keepCopy = true): Promise<void> {
    const copies = keepCopy ? this.store(this.folder(accountId, "sent"), [message]) : [];
    await this.events.onAfterSend.fire([{ id: 1, index: 0, windowId: 1, highlighted: false, active: true } as messenger.tabs.Tab,
      { mode: "sendNow", headerMessageId: message.headerMessageId, messages: copies }]);
    await this.settle();
  }

  /** A UI page sends a request, as runtime.sendMessage does: the first listener's answer. */
  async request<T = unknown>(message: unknown): Promise<T> {
    const results = await this.events.onMessage.fire([message, { id: "bounce-sentinel" }]);
    const answer = results.find((r) => r !== undefined);
    if (answer === undefined) throw new Error("Could not establish connection. Receiving end does not exist.");
    return (await answer) as T;
  }

  /**
   * The `messenger` of an open UI page (popup, options, report): requests go to the background page,
   * notices from the background come to its runtime.onMessage listeners.
   */
  uiPage() {
    return {
      runtime: {
        sendMessage: (message: unknown) => this.request(message),
        onMessage: {
          addListener: (listener: (message: unknown) => unknown) => { this.uiListeners.push(listener); },
          removeListener: (listener: (message: unknown) => unknown) => {
            this.uiListeners = this.uiListeners.filter((l) => l !== listener);
          },
        },
        getURL: this.host.runtime.getURL,
      },
      i18n: this.host.i18n,
      permissions: {
        contains: this.host.permissions.contains,
        /** The person agrees to every request. */
        request: async (p: { permissions?: string[] }) => {
          for (const permission of p.permissions ?? []) this.granted.add(permission);
          return true;
        },
      },
    };
  }

  closeTab(id: number): void {
    this.tabs.delete(id);
  }

  async clickNotification(id: string): Promise<void> {
    await this.events.onNotificationClicked.fire([id]);
    await this.settle();
  }

  /** The add-on is installed (or updated): the page loads and hears runtime.onInstalled. */
  async install(reason: "install" | "update" = "install"): Promise<void> {
    this.wake();
    await this.events.onInstalled.fire([{ reason, temporary: false }]);
    await this.settle();
  }

  /** Loads the background page (start-up or wake). */
  async load(): Promise<void> {
    this.wake();
    await this.settle();
  }

  /** The idle background page is unloaded: its listeners and memory go, its pending calls never return, storage stays. */
  suspend(): void {
    for (const event of Object.values(this.events)) event.listeners = [];
    this.suspended = true;
    this.pageReady = null;
    this.generation++;
  }

  /** Runs the page's script; does not wait for its asynchronous start-up work. */
  wake(): void {
    this.suspended = false;
    this.pageReady = this.pageScript!();
  }

  private generation = 0;

  /**
   * The `messenger` of one load of the background page: once that page is unloaded, what it still calls
   * never answers, as in Firefox, so work of a dead page cannot go on beside the next one.
   */
  pageHost(): MailHost {
    const born = this.generation;
    const wrap = (target: object): object => new Proxy(target, {
      get: (obj, key) => {
        const value = Reflect.get(obj, key);
        if (typeof value === "function") {
          return (...args: unknown[]) => (this.generation === born ? value.apply(obj, args) : new Promise(() => undefined));
        }
        return value !== null && typeof value === "object" ? wrap(value) : value;
      },
    });
    return wrap(this.host) as MailHost;
  }

  /** Thunderbird quits and starts again: message ids are handed out anew, storage.session is emptied. */
  async restart(): Promise<void> {
    this.suspend();
    this.session = {};
    this.lists.clear();
    const all = [...this.messagesById.values()].sort((a, b) => a.id - b.id);
    this.messagesById.clear();
    for (const m of all) {
      m.id = this.nextId++;
      this.messagesById.set(m.id, m);
    }
    await this.load();
  }

  /** Waits until the page's start-up work has finished. */
  async settle(): Promise<void> {
    await this.pageReady;
  }

  private pagedList(items: Stored[]): MessageList {
    const first = items.slice(0, PAGE_SIZE);
    if (items.length <= PAGE_SIZE) return { messages: first.map((m) => this.header(m)) };
    const id = `list-${this.nextList++}`;
    this.lists.set(id, { items, at: PAGE_SIZE });
    return { id, messages: first.map((m) => this.header(m)) };
  }

  private need(permission: string): void {
    if (!this.granted.has(permission)) throw new Error(`Missing permission: ${permission}`);
  }

  messagesIn(folder: MailFolder): MessageHeader[] {
    return this.byFolder.get(folder.id!)!.map((m) => this.header(m));
  }

  tagsOf(headerMessageId: string): string[] {
    return [...this.messagesById.values()].find((m) => m.headerMessageId === headerMessageId)?.tags ?? [];
  }

  /** The API object handed to the background page. */
  readonly host: MailHost = {
    accounts: {
      list: async () => {
        this.need("accountsRead");
        return this.accounts.map((a) => ({ ...a, identities: a.identities.map((i) => ({ ...i })) }));
      },
    },
    folders: {
      query: async (q: messenger.folders._QueryQueryInfo = {}) => {
        this.need("accountsRead");
        return this.folders
          .filter((f) => !q.accountId || f.accountId === q.accountId)
          .filter((f) => !q.specialUse || q.specialUse.every((u) => f.specialUse?.includes(u)))
          .map((f) => ({ ...f }));
      },
      getFolderInfo: (async (folderId: string) => {
        this.need("accountsRead");
        const items = this.byFolder.get(folderId);
        if (!items) throw new Error(`Folder not found: ${folderId}`);
        return { totalMessageCount: items.length, unreadMessageCount: items.length, newMessageCount: 0 };
      }) as MailHost["folders"]["getFolderInfo"],
    },
    messages: {
      list: (async (folderId: string) => {
        this.need("messagesRead");
        this.calls.list++;
        const items = this.byFolder.get(folderId);
        if (!items) throw new Error(`Folder not found: ${folderId}`);
        return this.pagedList([...items]);
      }) as MailHost["messages"]["list"],
      continueList: async (listId: string) => {
        this.calls.continueList++;
        const list = this.lists.get(listId);
        if (!list) throw new Error(`No message list for id ${listId}. Have you reached the end of a list?`);
        const page = list.items.slice(list.at, list.at + PAGE_SIZE);
        list.at += PAGE_SIZE;
        const more = list.at < list.items.length;
        if (!more) this.lists.delete(listId);
        return { ...(more ? { id: listId } : {}), messages: page.map((m) => this.header(m)) };
      },
      abortList: async (listId: string) => {
        this.lists.delete(listId);
      },
      query: (async (q: messenger.messages._QueryQueryInfo = {}) => {
        this.need("messagesRead");
        this.calls.query++;
        const from = q.fromDate ? new Date(q.fromDate).getTime() : -Infinity;
        const to = q.toDate ? new Date(q.toDate).getTime() : Infinity;
        const source = q.folderId ? (this.byFolder.get(q.folderId) ?? []) : [...this.messagesById.values()];
        const items = source.filter((m) => (!q.accountId || m.folder.accountId === q.accountId)
          && (!q.headerMessageId || m.headerMessageId === q.headerMessageId)
          && m.date.getTime() >= from && m.date.getTime() <= to);
        const perPage = q.messagesPerPage ?? PAGE_SIZE;
        if (perPage !== PAGE_SIZE) throw new Error("the fake pages by 100 only");
        return this.pagedList(items);
      }) as MailHost["messages"]["query"],
      getRaw: (async (id: number, options?: messenger.messages._GetRawOptions) => {
        this.need("messagesRead");
        this.calls.getRaw++;
        const m = this.messagesById.get(id);
        if (!m) throw new Error(`Message not found: ${id}.`);
        const raw = m.raw ?? new TextEncoder().encode(`Subject: ${m.subject}\r\n\r\n`);
        if (options?.data_format === "BinaryString") return String.fromCharCode(...raw);
        return new File([raw as Uint8Array<ArrayBuffer>], `message-${id}.eml`, { type: "message/rfc822" });
      }) as MailHost["messages"]["getRaw"],
      update: async (id: number, props: messenger.messages.MessageProperties) => {
        this.need("messagesUpdate");
        this.calls.update++;
        const m = this.messagesById.get(id);
        if (!m) throw new Error(`Message not found: ${id}.`);
        if (props.tags) m.tags = [...props.tags];
      },
      onNewMailReceived: this.events.onNewMailReceived as unknown as MailHost["messages"]["onNewMailReceived"],
      tags: {
        create: async (key: string, tag: string, color: string) => {
          this.need("messagesTags");
          const k = key.toLowerCase();
          if (this.tagDefs.has(k)) throw new Error(`Specified key already in use: ${k}`);
          this.tagDefs.set(k, { tag, color });
        },
      },
    },
    compose: { onAfterSend: this.events.onAfterSend as unknown as MailHost["compose"]["onAfterSend"] },
    action: {
      setBadgeText: async (d: { text: string | null }) => {
        this.badge = d.text ?? "";
      },
      setBadgeBackgroundColor: async (d: { color: unknown }) => {
        this.badgeColor = String(d.color);
      },
    } as unknown as MailHost["action"],
    notifications: {
      create: (async (id: string, options: messenger.notifications.CreateNotificationOptions) => {
        this.need("notifications");
        this.notifications.push({ id, options });
        return id;
      }) as MailHost["notifications"]["create"],
      onClicked: this.events.onNotificationClicked as unknown as MailHost["notifications"]["onClicked"],
    },
    permissions: {
      contains: async (p: { permissions?: string[] }) =>
        ((p as { permissions?: string[] }).permissions ?? []).every((x) => this.granted.has(x)),
    } as MailHost["permissions"],
    runtime: {
      onMessage: this.events.onMessage as unknown as MailHost["runtime"]["onMessage"],
      onInstalled: this.events.onInstalled as unknown as MailHost["runtime"]["onInstalled"],
      sendMessage: (async (message: unknown) => {
        if (this.uiListeners.length === 0) throw new Error("Could not establish connection. Receiving end does not exist.");
        this.uiNotices.push(message);
        for (const listener of this.uiListeners) listener(message);
      }) as MailHost["runtime"]["sendMessage"],
      getURL: (path: string) => `moz-extension://bounce-sentinel/${path.replace(/^\//, "")}`,
    },
    storage: {
      session: {
        get: (async (key: string) => (key in this.session ? { [key]: this.session[key] } : {})) as MailHost["storage"]["session"]["get"],
        set: async (items: Record<string, unknown>) => {
          Object.assign(this.session, items);
        },
      },
    },
    tabs: {
      create: (async (props: { url?: string }) => {
        const id = this.nextTab++;
        this.openedTabs.push(props.url ?? "");
        this.tabs.set(id, props.url ?? "");
        this.activeTab = id;
        return { id, index: 1, windowId: 1, highlighted: true, active: true } as messenger.tabs.Tab;
      }) as MailHost["tabs"]["create"],
      get: (async (id: number) => {
        if (!this.tabs.has(id)) throw new Error(`Invalid tab ID: ${id}`);
        return { id, index: 1, windowId: 1, highlighted: this.activeTab === id, active: this.activeTab === id } as messenger.tabs.Tab;
      }) as MailHost["tabs"]["get"],
      update: (async (id: number, props: { active?: boolean }) => {
        if (!this.tabs.has(id)) throw new Error(`Invalid tab ID: ${id}`);
        if (props.active) this.activeTab = id;
        return { id, index: 1, windowId: 1, highlighted: true, active: this.activeTab === id } as messenger.tabs.Tab;
      }) as MailHost["tabs"]["update"],
    },
    windows: {
      update: (async (id: number) => {
        this.focusedWindow = id;
        return { id, focused: true } as messenger.windows.Window;
      }) as MailHost["windows"]["update"],
    },
    i18n: { getMessage: (key: string, subs?: unknown) => localized(key, subs) },
  };
}


/** browser.i18n.getMessage over the English table: "" for an unknown key, as Firefox answers. */
function localized(key: string, subs?: unknown): string {
  const entry = (en as Record<string, { message: string }>)[key];
  if (!entry) return "";
  const params = Array.isArray(subs) ? subs.map(String) : subs === undefined ? [] : [String(subs)];
  return entry.message.replace(/\$(\d)/g, (_, n: string) => params[Number(n) - 1] ?? "");
}
