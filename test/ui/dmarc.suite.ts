// The report tab's DMARC section and the popup's headline for an alert the DMARC reports raised: a month of
// reports with a hijack on day 25 (fixtures.ts dmarcHijackView, judged by the core). Screenshots en and ja.
import { describe, expect, it } from "vitest";
import { formatMessage } from "../../src/core/i18n";
import { messages, openPage, screenshot, seriousViolations } from "./harness";
import { scenario } from "./fixtures";

export function dmarcTests(): void {
  describe.each(["en", "ja"] as const)("DMARC reports (%s)", (lang) => {
    const text = (key: string, params: string[] = []) => formatMessage(messages(lang), key, params);
    const view = scenario("dmarc-hijack").dmarc[0]!;

    it("shows the month's chart with the jump marked, and every source explained in plain words", async () => {
      const { page, problems, close } = await openPage("report/report.html", { lang, scenario: "dmarc-hijack" });
      expect(await page.locator(".banner-title").first().textContent()).toBe(text("reason_dmarc_volume_title"));
      expect(await page.locator("#banner").textContent()).toContain(text("reason_dmarc_volume_body"));
      expect(await page.locator("#steps li").nth(1).textContent()).toBe(text("reason_dmarc_volume_step1"));
      const section = page.locator(".dmarc-section");
      expect(await section.locator("h2").textContent()).toBe(text("dmarc_heading"));
      expect(await section.locator(".dmarc-chart .chart-day").count()).toBe(30);
      expect(await section.locator(".dmarc-chart .dm-alarm").count()).toBe(2);
      expect(await section.locator(".dmarc-chart .chart-bar.dm-provider").count()).toBe(30);
      const rows = section.locator("table.dmarc-sources tbody tr");
      expect(await rows.count()).toBe(view.sources.length);
      expect(await rows.first().locator("td").first().textContent()).toBe("203.0.113.23");
      expect(await rows.first().locator("td").nth(1).textContent()).toBe(text("dmarc_who_provider"));
      for (const cell of await rows.locator("td:last-child").allTextContents()) expect(cell.length).toBeGreaterThan(20);
      expect(await section.locator("table.dmarc-sources").textContent()).toContain(text("dmarc_who_unknown"));
      expect(await section.locator(".dmarc-alarm-days").count()).toBe(1);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `report-dmarc-hijack-${lang}`);
      expect(problems).toEqual([]);
      await close();
    });

    it("heads the popup with the DMARC reason", async () => {
      const { page, problems, close } = await openPage("popup/popup.html", { lang, scenario: "dmarc-hijack", width: 420, height: 600 });
      expect(await page.locator(".banner-title").first().textContent()).toBe(text("reason_dmarc_volume_title"));
      expect(await page.locator("#banner").textContent()).toContain(text("reason_dmarc_volume_body"));
      await screenshot(page, `popup-dmarc-hijack-${lang}`);
      expect(problems).toEqual([]);
      await close();
    });
  });
}
