// The welcome page, opened once after installing: what it watches and never does, where the button is, and the
// first check live, ending in a result either way.
import { describe, expect, it } from "vitest";
import { formatMessage } from "../../src/core/i18n";
import { calls, messages, openPage, screenshot, seriousViolations } from "./harness";

export function welcomeTests(): void {
  describe.each(["en", "ja"] as const)("welcome page (%s)", (lang) => {
    const text = (key: string, params: string[] = []) => formatMessage(messages(lang), key, params);

    it("says what it watches, what it never does and where the button is, and shows the first check until its result", async () => {
      const { page, problems, close } = await openPage("welcome/welcome.html", { lang, scenario: "checking" });
      expect(await page.locator("h1").textContent()).toBe(text("welcome_title"));
      for (const key of ["welcome_watches_bounces", "welcome_never_network", "welcome_never_changes", "welcome_button_where", "welcome_button_missing"]) {
        expect(await page.locator(`[data-i18n=${key}]`).textContent(), key).toBe(text(key));
      }
      expect(await page.locator("#banner").getAttribute("data-state")).toBe("checking");
      expect(await page.locator("#progress progress").count()).toBe(1);
      expect(await page.locator("body").textContent()).not.toContain(text("alert_none_title"));
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `welcome-checking-${lang}`);
      await page.evaluate(() => window.__background.finishScan(402));
      await expect.poll(() => page.locator("#banner").getAttribute("data-state")).toBe("clear");
      const day = new Intl.DateTimeFormat(lang, { month: "long", day: "numeric" }).format(new Date("2025-09-03T00:00:00Z"));
      expect(await page.locator("#scan-result").textContent()).toBe(text("scan_result_clear", ["402", text("accounts_other", ["2"]), day]));
      await screenshot(page, `welcome-result-${lang}`);
      await page.click("#open-report");
      await expect.poll(async () => (await calls(page)).some((c) => c.type === "openReport")).toBe(true);
      expect(problems).toEqual([]);
      await close();
    });
  });
}
