// A Sent folder that lists messages of which not one is a sent message (no Message-ID, no recipient) is
// reported to the pages (Overview.sentFolderWarnings), never left as a silently empty Sent log; a Sent folder
// that reads well gives no warning.
import { describe, expect, it } from "vitest";
import type { Overview } from "../../src/shared/protocol";
import type { FakeMessage } from "../fakes/messenger";
import { account, DAY, latestDate, loadScenario, makeWorld } from "./harness";

const SEED = "seed-story-hijacked-newsletter-account";

describe("the Sent-folder warning in the background", () => {
  it("names a Sent folder whose messages gave no sent message, and none for a folder that reads well", async () => {
    const s = await loadScenario(SEED);
    const last = latestDate(s.inbox.map((m) => m.message));
    const unreadable: FakeMessage[] = s.sent.map((m) => ({ ...m, headerMessageId: "", recipients: [], ccList: [], bccList: [] }));
    const w = makeWorld([account(1, s.me[0]!), account(2, "home@example.net")], last + DAY);
    w.fake.store(w.fake.folder("account1", "sent"), unreadable);
    w.fake.store(w.fake.folder("account2", "sent"), s.sent);
    await w.fake.load();
    await w.idle();
    const overview = await w.fake.request<Overview>({ type: "getOverview" });
    expect(unreadable.length).toBeGreaterThan(0);
    expect(overview.sentFolderWarnings).toEqual([{ kind: "sent-folder-unread", folder: "Sent", size: unreadable.length, accountId: "account1" }]);
  });
});
