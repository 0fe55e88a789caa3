// Thunderbird returns message lists in pages (100 headers by default): the first page with an id, the rest
// through continueList(id) until a page comes back without one.
import type { MailHost, MessageHeader, MessageList } from "./host";

/** Yields each page of a message list; stops early (and tells Thunderbird) when `shouldStop` says so. */
export async function* pagesOf(
  host: MailHost, first: Promise<MessageList>, shouldStop: () => boolean = () => false,
): AsyncGenerator<MessageHeader[]> {
  let page = await first;
  for (;;) {
    yield page.messages;
    if (!page.id) return;
    if (shouldStop()) {
      await host.messages.abortList(page.id);
      return;
    }
    page = await host.messages.continueList(page.id);
  }
}

/** Messages of a folder dated `since` or later (all of them when `since` is null). */
export function listFolder(host: MailHost, folderId: string, since: number | null): Promise<MessageList> {
  if (since === null) return host.messages.list(folderId);
  return host.messages.query({ folderId, fromDate: new Date(since), messagesPerPage: 100 }) as Promise<MessageList>;
}
