// The report tab in headless Chromium: content, filters, review/dismiss, exports, accessibility, screenshots.
import { describe, expect, it } from "vitest";
import { formatMessage } from "../../src/core/i18n";
import { calls, downloaded, messages, openPage, screenshot, seriousViolations } from "./harness";
import { ACCOUNTS, scenario } from "./fixtures";

export function reportTests(): void {
  describe.each(["en", "ja"] as const)("report (%s)", (lang) => {
    const text = (key: string, params: string[] = []) => formatMessage(messages(lang), key, params);

    it.each(["all-clear", "spoofing", "compromise"] as const)("lists every bounce of the %s mailbox with evidence and headers", async (name) => {
      const { page, problems, close } = await openPage("report/report.html", { lang, scenario: name });
      const data = scenario(name);
      expect(await page.locator("h1").textContent()).toBe(text("report_title"));
      expect(await page.locator(".banner-title").textContent()).toBe(text(`alert_${data.alert}_title`));
      expect(await page.locator("#bounce-list > li").count()).toBe(data.records.length);
      const first = page.locator("#bounce-list > li").first();
      await first.locator("summary").click();
      expect(await first.locator(".evidence li").count()).toBeGreaterThan(0);
      const headerNames = await first.locator(".headers dt").allTextContents();
      expect(headerNames).toEqual(expect.arrayContaining(["From", "Subject", "Message-ID", "Received"]));
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `report-${name}-${lang}`);
      expect(problems).toEqual([]);
      await close();
    });

    it("exports the shown bounces: text and CSV in the UI language with account, period and steps first; JSON", async () => {
      const { page, close } = await openPage("report/report.html", { lang, scenario: "compromise" });
      const data = scenario("compromise");
      const account = `${ACCOUNTS[0]!.name} <${ACCOUNTS[0]!.addresses[0]}>`;
      const zone = lang === "ja" ? "JST" : "GMT";
      const summary = await downloaded(page, "#export-text");
      expect(summary.name).toMatch(/^bounce-sentinel-evidence-\d{4}-\d{2}-\d{2}\.txt$/);
      const head = summary.text.split("\n");
      expect(head[0]).toBe(text("export_title"));
      expect(head[1]).toContain(zone);
      expect(head[3]).toContain(text("export_account", [account, ""]).trim().replace(/ —$/, ""));
      expect(head[3]).toContain(text("state_compromise_chip"));
      expect(head[4]).toContain(ACCOUNTS[1]!.name);
      expect(head[5]!.startsWith(text("export_period", ["", ""]).split(" ")[0]!) && head[5]!.includes(zone)).toBe(true);
      expect(summary.text).toContain(text("steps_heading"));
      expect(summary.text).toContain(text("step_password"));
      expect(summary.text.indexOf(text("step_password"))).toBeLessThan(summary.text.indexOf(text("field_evidence")));
      expect(summary.text).toContain("203.0.113.45");
      const csv = await downloaded(page, "#export-csv");
      expect(csv.text.startsWith(`\uFEFF"${text("export_title")}"`)).toBe(true);
      const rows = csv.text.trim().split("\r\n");
      expect(rows.some((r) => r.startsWith(`"${text("csv_account")}","${account}"`))).toBe(true);
      expect(rows.some((r) => r.startsWith(`"${text("csv_period")}"`) && r.includes(zone))).toBe(true);
      expect(rows.some((r) => r.includes(text("step_password")))).toBe(true);
      const header = rows.findIndex((r) => r.startsWith(`"${text("csv_col_date")}","${text("csv_col_account")}","${text("csv_col_verdict")}"`));
      expect(header).toBeGreaterThan(0);
      const body = rows.slice(header + 1);
      expect(body).toHaveLength(data.records.length);
      expect(body.filter((r) => r.includes(`"${text("verdict_compromise")}"`))).toHaveLength(data.records.filter((r) => r.judgement.verdict === "compromise").length);
      expect(body.every((r) => r.includes(zone))).toBe(true);
      const json = JSON.parse((await downloaded(page, "#export-json")).text);
      expect(json.alert).toBe("compromise");
      expect(json.accounts[0]).toMatchObject({ id: "account1", state: "compromise" });
      expect(json.bounces).toHaveLength(data.records.length);
      expect(json.bounces[0].date).toMatch(/Z$/);
      expect(json.bounces[0].original.headers.length).toBeGreaterThan(0);
      await close();
    });
  });

  describe("report actions", () => {
    it("filters by verdict and by date, asking the background with the chosen filters", async () => {
      const { page, close } = await openPage("report/report.html", { lang: "en", scenario: "compromise" });
      const data = scenario("compromise");
      const compromises = data.records.filter((r) => r.judgement.verdict === "compromise").length;
      for (const verdict of ["spoofed", "undetermined", "own-mail"]) await page.uncheck(`#verdict-filter input[value=${verdict}]`);
      await expect.poll(() => page.locator("#bounce-list > li").count()).toBe(compromises);
      const last = (await calls(page)).filter((c) => c.type === "listBounces").at(-1);
      expect(last?.verdicts).toEqual(["compromise", "not-bounce"]);
      await page.fill("#filter-since", "2025-11-19");
      await page.locator("#filter-since").dispatchEvent("change");
      await expect.poll(async () => (await calls(page)).filter((c) => c.type === "listBounces").at(-1)?.since).toBeTruthy();
      const since = Date.parse(String((await calls(page)).filter((c) => c.type === "listBounces").at(-1)?.since));
      const expected = data.records.filter((r) => r.judgement.verdict === "compromise" && Date.parse(r.report.envelope.date) >= since).length;
      expect(expected).toBeLessThan(compromises);
      await expect.poll(() => page.locator("#bounce-list > li").count()).toBe(expected);
      for (const verdict of ["compromise"]) await page.uncheck(`#verdict-filter input[value=${verdict}]`);
      await expect.poll(() => page.locator("#no-results").isVisible()).toBe(true);
      await close();
    });

    it("marks reviewed and dismisses from the keyboard", async () => {
      const { page, close } = await openPage("report/report.html", { lang: "en", scenario: "spoofing" });
      const before = await page.locator("#bounce-list > li").count();
      const firstKey = (await calls(page)).length;
      await page.locator("#bounce-list > li").first().locator("button.review").focus();
      await page.keyboard.press("Enter");
      await expect.poll(() => page.locator("#bounce-list > li.reviewed").count()).toBe(1);
      const marked = (await calls(page)).slice(firstKey).find((c) => c.type === "markReviewed");
      expect(marked).toMatchObject({ reviewed: true, keys: [expect.any(String)] });
      await page.check("#filter-hide-reviewed");
      await expect.poll(() => page.locator("#bounce-list > li").count()).toBe(before - 1);
      await page.uncheck("#filter-hide-reviewed");
      await page.locator("#bounce-list > li").nth(1).locator("button.dismiss").focus();
      await page.keyboard.press("Enter");
      await expect.poll(() => page.locator("#bounce-list > li").count()).toBe(before - 1);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("bounces-heading");
      await close();
    });

    it("updates in place when a bounce arrives, keeping the filters and the open details", async () => {
      const { page, close } = await openPage("report/report.html", { lang: "en", scenario: "spoofing" });
      const before = await page.locator("#bounce-list > li").count();
      await page.locator("#bounce-list > li").first().locator("summary").click();
      const openKey = await page.locator("#bounce-list > li").first().getAttribute("data-key");
      await page.check("#filter-hide-reviewed");
      const arriving = scenario("compromise").records.find((r) => r.judgement.verdict === "compromise")!;
      await page.evaluate((record) => window.__background.arrive({ ...record, key: "arrived" }), arriving);
      await expect.poll(() => page.locator("#bounce-list > li").count()).toBe(before + 1);
      expect(await page.locator("#banner").getAttribute("data-state")).toBe("compromise");
      expect(await page.isChecked("#filter-hide-reviewed")).toBe(true);
      expect(await page.locator(`#bounce-list > li[data-key="${openKey}"] details`).getAttribute("open")).toBe("");
      await close();
    });

    it("dismissing can be undone", async () => {
      const { page, close } = await openPage("report/report.html", { lang: "en", scenario: "spoofing" });
      const before = await page.locator("#bounce-list > li").count();
      const key = await page.locator("#bounce-list > li").first().getAttribute("data-key");
      await page.locator("#bounce-list > li").first().locator("button.dismiss").click();
      await expect.poll(() => page.locator("#bounce-list > li").count()).toBe(before - 1);
      await page.click("#undo");
      await expect.poll(() => page.locator("#bounce-list > li").count()).toBe(before);
      expect((await calls(page)).find((c) => c.type === "undoDismiss")).toEqual({ type: "undoDismiss", keys: [key] });
      expect(await page.isVisible("#undo")).toBe(false);
      await close();
    });

    it("shows one account when chosen, and its 'I have dealt with it'", async () => {
      const { page, close } = await openPage("report/report.html", { lang: "en", scenario: "two-accounts" });
      expect(await page.locator("#banner").getAttribute("data-state")).toBe("compromise");
      await page.selectOption("#filter-account", "account1");
      await expect.poll(() => page.locator("#banner").getAttribute("data-state")).toBe("clear");
      await expect.poll(async () => (await calls(page)).filter((c) => c.type === "listBounces").at(-1)?.accountId).toBe("account1");
      expect(await page.locator("#bounce-list > li").count()).toBe(scenario("two-accounts").records.filter((r) => r.accountId === "account1").length);
      await page.selectOption("#filter-account", "account2");
      await page.click("#banner .resolve");
      await expect.poll(() => page.locator("#banner").getAttribute("data-state")).toBe("resolved");
      await screenshot(page, "report-resolved-en");
      await close();
    });

    it("renders the dark theme with readable contrast", async () => {
      const { page, close } = await openPage("report/report.html", { lang: "ja", scenario: "compromise", colorScheme: "dark" });
      await page.locator("#bounce-list > li").first().locator("summary").click();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, "report-compromise-ja-dark");
      await close();
    });
  });
}
