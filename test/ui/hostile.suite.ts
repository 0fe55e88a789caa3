// Hostile mail content in every page: markup in a subject and in evidence, a 5,000-character diagnostic and
// right-to-left overrides must render as inert text, create no elements and run nothing.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openPage, screenshot, seriousViolations } from "./harness";
import { HOSTILE_DIAGNOSTIC, HOSTILE_RTL } from "./fixtures";

async function assertInert(page: Page): Promise<void> {
  expect(await page.locator("img, script:not([src]), b, iframe, object").count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  // Nothing pushes the page sideways: long and right-to-left text stays inside its box.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

export function hostileTests(): void {
  describe("hostile mail content", () => {
    it("popup shows the markup as text", async () => {
      const { page, problems, close } = await openPage("popup/popup.html", { lang: "en", scenario: "hostile", width: 420 });
      const titles = await page.locator("#bounces .bounce-title").allTextContents();
      expect(titles.some((title) => title.includes("<img src=x onerror="))).toBe(true);
      expect(titles.some((title) => title.includes(HOSTILE_RTL))).toBe(true);
      const reasons = await page.locator("#bounces .bounce-reason").allTextContents();
      expect(reasons.join("\n")).not.toContain("undefined");
      await assertInert(page);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, "popup-hostile-en");
      expect(problems).toEqual([]);
      await close();
    });

    it("report shows the whole 5,000-character diagnostic and the right-to-left subject in their own boxes", async () => {
      const { page, problems, close } = await openPage("report/report.html", { lang: "ja", scenario: "hostile" });
      for (const summary of await page.locator("#bounce-list summary").all()) await summary.click();
      const diagnostics = await page.locator(".recipients td .long-text").allTextContents();
      expect(diagnostics).toContain(HOSTILE_DIAGNOSTIC);
      expect(HOSTILE_DIAGNOSTIC).toHaveLength(5000);
      const box = page.locator(".recipients td .long-text", { hasText: "-rejected" }).first();
      const size = await box.evaluate((node) => ({ scroll: node.scrollHeight, client: node.clientHeight, width: node.scrollWidth - node.clientWidth }));
      expect(size.scroll).toBeGreaterThan(size.client);
      expect(size.width).toBeLessThanOrEqual(0);
      const rtlTitle = page.locator("#bounce-list h3 bdi", { hasText: "فاتورة" });
      expect(await rtlTitle.count()).toBe(1);
      expect(await rtlTitle.evaluate((node) => getComputedStyle(node).unicodeBidi)).toBe("isolate");
      const addresses = await page.locator(".recipients tbody td:first-child").allTextContents();
      expect(addresses).toContain(`"<img src=x onerror=window.__pwned=3>"@evil.example`);
      expect(await page.locator(".evidence li").count()).toBeGreaterThan(0);
      await assertInert(page);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, "report-hostile-ja");
      expect(problems).toEqual([]);
      await close();
    });
  });
}
