// The toolbar popup in headless Chromium, in English and Japanese, in every state of an account: the headline,
// the account and the main actions fit the top of a 600 px panel; details below; it updates in place.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { formatMessage } from "../../src/core/i18n";
import { calls, messages, openPage, screenshot, seriousViolations } from "./harness";
import { ACCOUNTS, ME, scenario, type ScenarioName } from "./fixtures";

/** Thunderbird's popup panels are at most 600 px high: what must be seen without scrolling ends above that. */
const PANEL_HEIGHT = 600;

const STATES: { scenario: ScenarioName; state: string; title: string; provider?: string; steps: number; resolve: boolean }[] = [
  { scenario: "checking", state: "checking", title: "state_checking_title", steps: 0, resolve: false },
  { scenario: "first-result", state: "clear", title: "alert_none_title", steps: 1, resolve: false },
  { scenario: "all-clear", state: "clear", title: "alert_none_title", steps: 1, resolve: false },
  { scenario: "empty", state: "clear", title: "alert_none_title", steps: 0, resolve: false },
  { scenario: "spoofing", state: "spoofing", title: "alert_spoofing_title", steps: 3, resolve: true },
  { scenario: "compromise", state: "compromise", title: "alert_compromise_title", steps: 5, resolve: true },
  // Microsoft's 5.1.8 on the person's own mail: Microsoft's headline and Microsoft's four steps
  { scenario: "restricted", state: "restricted", title: "reason_restriction_ban_title", provider: "provider_microsoft365", steps: 4, resolve: true },
  { scenario: "resolved", state: "resolved", title: "state_resolved_title", steps: 1, resolve: false },
  { scenario: "two-accounts", state: "compromise", title: "alert_compromise_title", steps: 5, resolve: true },
];

async function bottomOf(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not shown`);
  return box.y + box.height;
}

export function popupTests(): void {
  describe.each(["en", "ja"] as const)("popup (%s)", (lang) => {
    const text = (key: string, params: string[] = []) => formatMessage(messages(lang), key, params);

    it.each(STATES)("$scenario: the $state headline, its account and the actions above the fold, details below", async (s) => {
      const { page, problems, close } = await openPage("popup/popup.html", { lang, scenario: s.scenario, width: 420, height: PANEL_HEIGHT });
      const data = scenario(s.scenario);
      await expect(page.locator("html").getAttribute("lang")).resolves.toBe(lang);
      expect(await page.locator("#banner").getAttribute("data-state")).toBe(s.state);
      expect(await page.locator(".banner-title").textContent()).toBe(text(s.title, s.provider ? [text(s.provider)] : []));
      const shownAccount = s.scenario === "two-accounts" ? ACCOUNTS[1]! : ACCOUNTS[0]!;
      expect(await page.locator("#banner-account").textContent()).toBe(`${shownAccount.name} <${shownAccount.addresses[0]}>`);
      // Seen without scrolling: the headline, the account, the report button and (with an alert) "I have dealt with it".
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      for (const selector of ["#banner .banner-title", "#banner-account", "#open-report", "#open-options", ...(s.resolve ? ["#banner .resolve"] : [])]) {
        expect(await bottomOf(page, selector), selector).toBeLessThanOrEqual(PANEL_HEIGHT);
      }
      expect(await page.locator("#banner .resolve").count()).toBe(s.resolve ? 1 : 0);
      expect(await page.locator("#steps li").count()).toBe(s.steps);
      if (s.steps) {
        expect(await page.locator("#steps-heading").textContent()).toBe(text(["compromise", "restricted"].includes(s.state) ? "steps_heading" : "steps_heading_calm"));
      }
      if (["spoofing", "compromise", "restricted"].includes(s.state)) {
        expect(await page.locator("#banner-when").textContent()).toMatch(lang === "en" ? /^Since November \d+, latest .+\.$/ : /^11月\d+日 から。最新は .+。$/);
      }
      if (data.records.length && s.state !== "checking") {
        const suspicious = data.records.some((r) => r.judgement.verdict !== "own-mail");
        expect(await page.locator("#list-heading").textContent()).toBe(text(suspicious ? "latest_suspicious" : "latest_bounces"));
        expect(await page.locator("svg.chart .chart-day").count()).toBe(30);
        for (const verdict of ["compromise", "spoofed", "undetermined", "own-mail"] as const) {
          const expected = data.records.filter((r) => r.judgement.verdict === verdict).length;
          expect(await page.locator(`#counts [data-verdict=${verdict}] .count-number`).textContent()).toBe(String(expected));
        }
      }
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `popup-${s.scenario}-${lang}`);
      expect(problems).toEqual([]);
      await close();
    });

    it("while the first check runs: its progress, and never 'all clear'", async () => {
      const { page, close } = await openPage("popup/popup.html", { lang, scenario: "checking", width: 420, height: PANEL_HEIGHT });
      const scan = scenario("checking").historyScan!;
      expect(await page.locator("#progress progress").evaluate((bar) => [(bar as HTMLProgressElement).value, (bar as HTMLProgressElement).max]))
        .toEqual([scan.examined, scan.total]);
      const body = await page.locator("body").textContent();
      expect(body).not.toContain(text("alert_none_title"));
      expect(body).not.toContain(text("empty_title"));
      expect(await bottomOf(page, "#progress")).toBeLessThanOrEqual(PANEL_HEIGHT);
      await close();
    });

    it("after the first check: what it looked at, either way", async () => {
      const { page, close } = await openPage("popup/popup.html", { lang, scenario: "first-result", width: 420, height: PANEL_HEIGHT });
      const day = new Intl.DateTimeFormat(lang, { month: "long", day: "numeric" }).format(new Date("2025-09-03T00:00:00Z"));
      expect(await page.locator("#scan-result").textContent()).toBe(text("scan_result_clear", ["402", text("accounts_other", ["2"]), day]));
      await close();
    });
  });

  describe("popup actions", () => {
    it("two accounts: the banner is the misused one's, the other is listed with its state", async () => {
      const { page, close } = await openPage("popup/popup.html", { lang: "en", scenario: "two-accounts", width: 420, height: PANEL_HEIGHT });
      expect(await page.locator("#accounts li").count()).toBe(1);
      expect(await page.locator("#accounts li").getAttribute("data-account")).toBe("account1");
      expect(await page.locator("#accounts li .account-label").textContent()).toBe(`${ACCOUNTS[0]!.name} <${ME}>`);
      expect(await page.locator("#accounts li").getAttribute("data-state")).toBe("clear");
      await close();
    });

    it("'I have dealt with it' asks the background and shows the resolved state", async () => {
      const { page, close } = await openPage("popup/popup.html", { lang: "en", scenario: "compromise", width: 420, height: PANEL_HEIGHT });
      await page.locator("#banner .resolve").focus();
      await page.keyboard.press("Enter");
      await expect.poll(() => page.locator("#banner").getAttribute("data-state")).toBe("resolved");
      expect((await calls(page)).find((c) => c.type === "resolveAccount")).toEqual({ type: "resolveAccount", accountId: "account1" });
      expect(await page.locator("#banner .resolve").count()).toBe(0);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("open-report");
      await close();
    });

    it("updates in place when a bounce arrives", async () => {
      const { page, close } = await openPage("popup/popup.html", { lang: "en", scenario: "all-clear", width: 420, height: PANEL_HEIGHT });
      expect(await page.locator("#banner").getAttribute("data-state")).toBe("clear");
      const arriving = scenario("compromise").records.find((r) => r.judgement.verdict === "compromise")!;
      await page.evaluate((record) => window.__background.arrive(record), arriving);
      await expect.poll(() => page.locator("#banner").getAttribute("data-state")).toBe("compromise");
      expect(await page.locator("#bounces li").count()).toBe(1);
      await close();
    });

    it("opens the report and the settings from the keyboard", async () => {
      const { page, close } = await openPage("popup/popup.html", { lang: "en", scenario: "compromise", width: 420 });
      await page.locator("#open-report").focus();
      await page.keyboard.press("Enter");
      await page.locator("#open-options").focus();
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

    it("breaks Japanese lines between phrases only", async () => {
      const { page, close } = await openPage("popup/popup.html", { lang: "ja", scenario: "compromise", width: 420, height: PANEL_HEIGHT });
      expect(await page.locator(".banner-body wbr").count()).toBeGreaterThan(3);
      expect(await page.locator(".banner-body").evaluate((node) => getComputedStyle(node).wordBreak)).toMatch(/auto-phrase|keep-all/);
      await close();
    });
  });
}
