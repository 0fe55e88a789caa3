// The toolbar popup in headless Chromium, in English and Japanese, in each alert state.
import { describe, expect, it } from "vitest";
import { formatMessage } from "../../src/core/i18n";
import { calls, messages, openPage, screenshot, seriousViolations } from "./harness";
import { scenario } from "./fixtures";

const STATES = [
  { scenario: "all-clear", alert: "none", steps: 1 },
  { scenario: "spoofing", alert: "spoofing", steps: 3 },
  { scenario: "compromise", alert: "compromise", steps: 5 },
] as const;

export function popupTests(): void {
  describe.each(["en", "ja"] as const)("popup (%s)", (lang) => {
    const text = (key: string, params: string[] = []) => formatMessage(messages(lang), key, params);

    it.each(STATES)("shows the $alert state in plain words, with counts, chart, list and steps", async (state) => {
      const { page, problems, close } = await openPage("popup/popup.html", { lang, scenario: state.scenario, width: 420, height: 600 });
      const data = scenario(state.scenario);
      await expect(page.locator("html").getAttribute("lang")).resolves.toBe(lang);
      expect(await page.locator(".banner-title").textContent()).toBe(text(`alert_${state.alert}_title`));
      expect(await page.locator("#steps li").count()).toBe(state.steps);
      for (const verdict of ["compromise", "spoofed", "undetermined", "own-mail"] as const) {
        const expected = data.records.filter((r) => r.judgement.verdict === verdict).length;
        expect(await page.locator(`#counts [data-verdict=${verdict}] .count-number`).textContent()).toBe(String(expected));
      }
      expect(await page.locator("svg.chart .chart-day").count()).toBe(30);
      expect(await page.locator("svg.chart .chart-bar").count()).toBeGreaterThan(0);
      const items = page.locator("#bounces li");
      expect(await items.count()).toBeGreaterThan(0);
      expect(await items.count()).toBeLessThanOrEqual(3);
      const suspicious = data.records.some((r) => r.judgement.verdict !== "own-mail");
      expect(await page.locator("#list-heading").textContent()).toBe(text(suspicious ? "latest_suspicious" : "latest_bounces"));
      for (const reason of await page.locator("#bounces .bounce-reason").allTextContents()) expect(reason.trim()).not.toBe("");
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `popup-${state.scenario}-${lang}`);
      expect(problems).toEqual([]);
      await close();
    });

    it("shows a clear empty state when there are no bounces", async () => {
      const { page, problems, close } = await openPage("popup/popup.html", { lang, scenario: "empty", width: 420, height: 600 });
      expect(await page.locator(".banner-title").textContent()).toBe(text("alert_none_title"));
      expect(await page.locator("#empty h2").textContent()).toBe(text("empty_title"));
      expect(await page.locator("#bounces").count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `popup-empty-${lang}`);
      expect(problems).toEqual([]);
      await close();
    });
  });

  describe("popup actions", () => {
    it("opens the report and the settings from the keyboard", async () => {
      const { page, close } = await openPage("popup/popup.html", { lang: "en", scenario: "compromise", width: 420 });
      await page.locator("#open-report").focus();
      await page.keyboard.press("Enter");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      await expect.poll(async () => (await calls(page)).map((c) => c.type)).toEqual(
        expect.arrayContaining(["openReport", "openOptionsPage"]));
      await close();
    });

    it("renders in the dark theme with readable contrast", async () => {
      const { page, close } = await openPage("popup/popup.html", { lang: "en", scenario: "compromise", width: 420, colorScheme: "dark" });
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).not.toBe("rgb(255, 255, 255)");
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, "popup-compromise-en-dark");
      await close();
    });
  });
}
