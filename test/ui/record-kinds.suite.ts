// The non-bounce traces, undecodable and partly decoded messages, and the background's own warnings (a Sent
// folder read as empty, storage that cannot keep results) in the popup and the report, en and ja, from the
// "traces" fixture; mail-derived links and scripts stay text; the report filters by kind.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { formatMessage } from "../../src/core/i18n";
import { calls, downloaded, messages, openPage, screenshot, seriousViolations } from "./harness";
import { ACCOUNTS, HOSTILE_LINK, scenario } from "./fixtures";

const PANEL_HEIGHT = 600;
const ACCOUNT_TRACES = ["restriction", "notice", "complaint", "reply", "lookalike"] as const;

async function bottomOf(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not shown`);
  return box.y + box.height;
}

/** Links and scripts that came from mail: the pages make none (their own links are relative, their scripts external). */
async function assertMailInert(page: Page): Promise<void> {
  expect(await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href")))).toEqual([]);
  expect(await page.locator("script:not([src])").count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
}

export function recordKindTests(): void {
  describe.each(["en", "ja"] as const)("traces, decoding and warnings (%s)", (lang) => {
    const text = (key: string, params: string[] = []) => formatMessage(messages(lang), key, params);
    const data = scenario("traces");
    const account = `${ACCOUNTS[0]!.name} <${ACCOUNTS[0]!.addresses[0]}>`;

    it("popup: the latest suspicious mail with its kind in plain words; storage and Sent warnings; the top fits 600 px", async () => {
      const { page, problems, close } = await openPage("popup/popup.html", { lang, scenario: "traces", width: 420, height: PANEL_HEIGHT });
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      for (const selector of ["#banner .banner-title", "#banner-account", "#open-report", "#banner .resolve"]) {
        expect(await bottomOf(page, selector), selector).toBeLessThanOrEqual(PANEL_HEIGHT);
      }
      // the three newest suspicious ones, whatever their kind
      const expected = [...data.records].filter((r) => ["compromise", "spoofed", "undetermined"].includes(r.judgement.verdict) || (ACCOUNT_TRACES as readonly string[]).includes(r.judgement.trace))
        .sort((a, b) => b.report.envelope.date.localeCompare(a.report.envelope.date)).slice(0, 3);
      expect(await page.locator("#bounces > li").evaluateAll((items) => items.map((li) => li.getAttribute("data-key")))).toEqual(expected.map((r) => r.key));
      const notice = page.locator("#bounces > li", { has: page.locator("[data-kind=notice]") });
      expect(await notice.locator(".kind-chip").textContent()).toBe(text("trace_notice"));
      expect(await notice.locator(".bounce-kind").textContent()).toBe(text("trace_notice_line"));
      expect(await page.locator("#storage-warning h2").textContent()).toBe(text("storage_full_title"));
      expect(await page.locator("#storage-warning .notice-todo").textContent()).toBe(text("storage_full_todo"));
      expect(await page.locator("#sent-warning-0 p").first().textContent()).toBe(text("sent_folderUnread", [text("sent_folder_in_account", ["Sent", account])]));
      expect(await page.locator("#sent-warning-0 .notice-todo").textContent()).toBe(text("sent_folderUnread_todo"));
      expect(await page.locator("#decoding-line").textContent()).toBe(text("decoding_popup_other", ["2"]));
      await assertMailInert(page);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `popup-traces-${lang}`);
      expect(problems).toEqual([]);
      await close();
    });

    it("report: every record with its kind, a look-alike's warning, what could not be decoded, counted", async () => {
      const { page, problems, close } = await openPage("report/report.html", { lang, scenario: "traces", width: 1200, height: 900 });
      expect(await page.locator("#bounce-list > li").count()).toBe(data.records.length);
      for (const kind of ACCOUNT_TRACES) {
        const card = page.locator("#bounce-list > li", { has: page.locator(`.kind-chip[data-kind=${kind}]`) });
        expect(await card.count(), kind).toBe(1);
        expect(await card.locator(".kind-chip[data-kind]").textContent()).toBe(text(`trace_${kind}`));
        expect(await card.locator(".card-kind").textContent()).toBe(text(`trace_${kind}_line`));
      }
      expect(text("trace_lookalike_line")).toMatch(lang === "en" ? /do not click its links/ : /クリックしないで/);
      const undecodable = page.locator("#bounce-list > li", { has: page.locator(".kind-chip[data-kind=undecodable]") });
      expect(await undecodable.locator(".card-kind").textContent()).toBe(text("decode_over_budget"));
      const partial = page.locator("#bounce-list > li", { has: page.locator(".k-partial") });
      expect(await partial.locator(".card-partial").textContent()).toBe(text("decode_partial", [text("limit_recipients")]));
      expect(await page.locator("#decoding h2").textContent()).toBe(text("decoding_title"));
      expect(await page.locator("#decoding-counts").textContent()).toBe(text("decoding_counts", ["1", "1"]));
      expect(await page.locator("#storage-warning h2").textContent()).toBe(text("storage_full_title"));
      expect(await page.locator("#sent-warning-0 h2").textContent()).toBe(text("sent_folderUnread_title"));
      await assertMailInert(page);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `report-traces-${lang}`);
      await page.click("#decoding-show");
      await expect.poll(() => page.locator("#bounce-list > li").count()).toBe(2);
      await screenshot(page, `report-undecodable-${lang}`);
      expect(problems).toEqual([]);
      await close();
    });

    it("exports name each record's kind and what could not be decoded (text, CSV, JSON)", async () => {
      const { page, close } = await openPage("report/report.html", { lang, scenario: "traces" });
      const csv = (await downloaded(page, "#export-csv")).text.trim().split("\r\n");
      const header = csv.findIndex((r) => r.startsWith(`"${text("csv_col_date")}"`));
      const columns = csv[header]!.slice(1, -1).split('","');
      const kindColumn = columns.indexOf(text("csv_col_kind"));
      const decodingColumn = columns.indexOf(text("csv_col_decoding"));
      expect(kindColumn).toBeGreaterThan(0);
      expect(decodingColumn).toBeGreaterThan(0);
      const cells = csv.slice(header + 1).map((r) => r.slice(1, -1).split('","'));
      for (const kind of ACCOUNT_TRACES) {
        const records = data.records.filter((r) => r.judgement.trace === kind && r.report.error === undefined);
        const rows = records.reduce((n, r) => n + Math.max(1, r.report.recipients.length), 0);
        expect(cells.filter((c) => c[kindColumn] === text(`trace_${kind}`)).length, kind).toBe(rows);
      }
      expect(cells.filter((c) => c[kindColumn] === text("kind_undecodable")).map((c) => c[decodingColumn])).toEqual([text("decode_over_budget")]);
      expect(cells.some((c) => c[decodingColumn] === text("decode_partial", [text("limit_recipients")]))).toBe(true);
      const summary = (await downloaded(page, "#export-text")).text;
      expect(summary).toContain(`(${text("trace_lookalike")})`);
      expect(summary).toContain(text("decode_over_budget"));
      const json = JSON.parse((await downloaded(page, "#export-json")).text);
      expect(json.bounces.map((b: { kind: string | null }) => b.kind).sort()).toEqual(
        data.records.map((r) => (r.report.error !== undefined ? "undecodable" : r.judgement.trace === "none" ? null : r.judgement.trace)).sort());
      expect(json.bounces.filter((b: { limits: string[] }) => b.limits.length > 0)).toHaveLength(data.records.filter((r) => (r.report.limits?.length ?? 0) > 0).length);
      await close();
    });
  });

  describe("report filter by kind", () => {
    it("asks the background for the chosen kinds, keeping the verdict filter", async () => {
      const { page, close } = await openPage("report/report.html", { lang: "en", scenario: "traces" });
      const data = scenario("traces");
      for (const kind of ["bounce", "restriction", "notice", "complaint", "reply", "undecodable"]) await page.uncheck(`#kind-filter input[value=${kind}]`);
      await expect.poll(() => page.locator("#bounce-list > li").count()).toBe(1);
      expect(await page.locator("#bounce-list .kind-chip").textContent()).toBe(formatMessage(messages("en"), "trace_lookalike"));
      const last = (await calls(page)).filter((c) => c.type === "listBounces").at(-1);
      expect(last?.kinds).toEqual(["lookalike"]);
      await page.check("#kind-filter input[value=bounce]");
      await page.uncheck("#verdict-filter input[value=own-mail]");
      const expected = data.records.filter((r) => r.judgement.trace === "lookalike" || (r.judgement.trace === "bounce" && r.judgement.verdict !== "own-mail")).length;
      await expect.poll(() => page.locator("#bounce-list > li").count()).toBe(expected);
      await close();
    });

    it("mail-derived <a href> and <script> in a subject, a sender and evidence stay text", async () => {
      const { page, close } = await openPage("report/report.html", { lang: "en", scenario: "traces" });
      for (const summary of await page.locator("#bounce-list summary").all()) await summary.click();
      const body = await page.locator("#bounce-list").textContent();
      expect(body).toContain(HOSTILE_LINK);
      expect(await page.locator("#bounce-list h3", { hasText: "<a href=" }).count()).toBe(1);
      expect(await page.locator("#bounce-list .card-meta", { hasText: "<script>" }).count()).toBe(1);
      await assertMailInert(page);
      await close();
    });
  });
}
