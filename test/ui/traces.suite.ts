// The account traces in the pages: Microsoft's 5.1.8 restriction says what happened in one sentence and
// gives Microsoft's steps (popup and report, en and ja); a look-alike raises nothing, says not to click, and
// no link from any mail is rendered as a link.
import { describe, expect, it } from "vitest";
import { formatMessage } from "../../src/core/i18n";
import { messages, openPage, screenshot, seriousViolations } from "./harness";

const MICROSOFT_STEPS = ["step_ms_reset_password", "step_ms_inbox_rules", "step_ms_mfa", "step_ms_admin_release"];

/** Links whose target came from a mail: anything but the pages' own relative links. */
async function mailLinks(page: import("playwright-core").Page): Promise<string[]> {
  return page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? "").filter((href) => /^(?:https?:|mailto:|\/\/)/i.test(href)));
}

export function traceTests(): void {
  describe.each(["en", "ja"] as const)("traces in the pages (%s)", (lang) => {
    const text = (key: string, params: string[] = []) => formatMessage(messages(lang), key, params);
    const headline = () => text("reason_restriction_ban_title", [text("provider_microsoft365")]);

    it.each(["popup/popup.html", "report/report.html"])("%s: Microsoft blocked the account - its headline and Microsoft's steps", async (path) => {
      const { page, problems, close } = await openPage(path, { lang, scenario: "restricted", width: path.startsWith("popup") ? 420 : 1200, height: 900 });
      expect(await page.locator(".banner-title").textContent()).toBe(headline());
      expect(await page.locator(".banner-body").textContent()).toBe(text("reason_restriction_ban_body", [text("provider_microsoft365")]));
      expect(await page.locator("#steps li").allTextContents()).toEqual(MICROSOFT_STEPS.map((key) => text(key)));
      expect(await mailLinks(page)).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `${path.startsWith("popup") ? "popup" : "report"}-microsoft-restriction-${lang}`);
      expect(problems).toEqual([]);
      await close();
    });

    it.each(["popup/popup.html", "report/report.html"])("%s: a look-alike raises nothing, warns not to click, shows no link", async (path) => {
      const { page, problems, close } = await openPage(path, { lang, scenario: "lookalike", width: path.startsWith("popup") ? 420 : 1200, height: 900 });
      expect(await page.locator("#banner").getAttribute("data-state")).toBe("clear");
      expect(await page.locator("#caution-lookalike h2").textContent()).toBe(text("caution_lookalike_title"));
      expect(await page.locator("#caution-lookalike li").allTextContents()).toEqual([text("step_lookalike_no_click"), text("step_lookalike_type_address")]);
      expect(await mailLinks(page)).toEqual([]);
      expect(await page.locator("body").textContent()).not.toContain("secure-m365-alerts.example.net/restore");
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `${path.startsWith("popup") ? "popup" : "report"}-lookalike-${lang}`);
      expect(problems).toEqual([]);
      await close();
    });
  });
}
