// The settings page in headless Chromium: loading and saving settings, validation, history scan, delete all data.
import { describe, expect, it } from "vitest";
import { formatMessage } from "../../src/core/i18n";
import type { Settings } from "../../src/shared/protocol";
import { join } from "node:path";
import { calls, messages, openPage, screenshot, seriousViolations, SHOTS } from "./harness";
import { ACCOUNTS, scenario } from "./fixtures";

export function optionsTests(): void {
  describe.each(["en", "ja"] as const)("options (%s)", (lang) => {
    const text = (key: string, params: string[] = []) => formatMessage(messages(lang), key, params);

    it("shows the stored settings and every account", async () => {
      const { page, problems, close } = await openPage("options/options.html", { lang, scenario: "compromise", height: 900 });
      const settings = scenario("compromise").settings;
      expect(await page.locator("h1").textContent()).toBe(text("options_title"));
      expect(await page.locator("#accounts .account").count()).toBe(ACCOUNTS.length);
      expect(await page.locator("#accounts input:checked").count()).toBe(ACCOUNTS.length);
      expect(await page.inputValue("#extra-domains")).toBe(settings.extraDomains.join("\n"));
      expect(await page.inputValue("#known-relays")).toBe(settings.knownRelays.join("\n"));
      expect(await page.isChecked("#notify")).toBe(settings.notify);
      expect(await page.isChecked("#tag-suspicious")).toBe(false);
      expect(await page.inputValue("#history-days")).toBe(String(settings.historyDays));
      expect(await page.locator("#history-days option:checked").textContent()).toBe(text("days_other", [String(settings.historyDays)]));
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `options-${lang}`);
      expect(problems).toEqual([]);
      await close();
    });
  });

  describe("options actions", () => {
    it("saves what the person changed, normalised", async () => {
      const { page, close } = await openPage("options/options.html", { lang: "en", scenario: "all-clear" });
      await page.uncheck("#account-account2");
      await page.fill("#extra-addresses", "  Sales@Marukawa-Seika.example.co.jp \n\nsales@marukawa-seika.example.co.jp");
      await page.check("#tag-suspicious");
      await page.selectOption("#retention-days", "90");
      await page.click("button[type=submit]");
      await expect.poll(() => page.locator("#save-status").textContent()).toBe(formatMessage(messages("en"), "options_saved"));
      const saved = (await calls(page)).find((c) => c.type === "saveSettings")?.settings as Settings;
      expect(saved).toMatchObject({
        accounts: ["account1"], extraAddresses: ["sales@marukawa-seika.example.co.jp"], tagSuspicious: true, retentionDays: 90,
      });
      await close();
    });

    it("asks for the tagging permissions when tagging is turned on, and keeps it off when refused", async () => {
      const { page, close } = await openPage("options/options.html", { lang: "en", scenario: "all-clear", grantPermissions: false });
      await page.click("#tag-suspicious");
      await expect.poll(() => page.isVisible("#tag-refused")).toBe(true);
      expect(await page.isChecked("#tag-suspicious")).toBe(false);
      const asked = (await calls(page)).find((c) => c.type === "permissions.request");
      expect(asked?.permissions).toEqual({ permissions: ["messagesUpdate", "messagesTags"] });
      await close();
    });

    it("refuses a line that is not an address, says which, and focuses the field", async () => {
      const { page, close } = await openPage("options/options.html", { lang: "ja", scenario: "all-clear" });
      await page.fill("#extra-addresses", "ok@example.jp\nnot an address");
      await page.click("button[type=submit]");
      expect(await page.locator("#extra-addresses-error").textContent()).toBe(formatMessage(messages("ja"), "options_bad_address", ["not an address"]));
      expect(await page.getAttribute("#extra-addresses", "aria-invalid")).toBe("true");
      expect(await page.getAttribute("#extra-addresses", "aria-describedby")).toContain("extra-addresses-error");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("extra-addresses");
      expect((await calls(page)).some((c) => c.type === "saveSettings")).toBe(false);
      await close();
    });

    it("starts the history scan, shows its progress and can cancel it", async () => {
      const { page, close } = await openPage("options/options.html", { lang: "en", scenario: "all-clear" });
      await page.click("#scan-start");
      await expect.poll(() => page.isVisible("#scan-cancel")).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("scan-cancel");
      // The page follows the background's change notices (no polling of its own).
      await expect.poll(() => page.locator("#scan-progress progress").evaluate((bar) => (bar as HTMLProgressElement).value)).toBeGreaterThan(0);
      expect((await calls(page)).find((c) => c.type === "startHistoryScan")).toEqual({ type: "startHistoryScan", days: 90 });
      await page.keyboard.press("Enter");
      await expect.poll(() => page.isVisible("#scan-start")).toBe(true);
      expect(await page.locator("#scan-text").textContent()).toMatch(/^Stopped after \d+ of 1,200 messages/);
      await close();
    });

    it("refuses a history range longer than retention, with the reason next to the field", async () => {
      const { page, close } = await openPage("options/options.html", { lang: "en", scenario: "all-clear" });
      await page.selectOption("#history-days", "365");
      await page.selectOption("#retention-days", "90");
      await page.click("button[type=submit]");
      expect(await page.locator("#history-days-error").textContent())
        .toBe(formatMessage(messages("en"), "options_history_too_long", [formatMessage(messages("en"), "days_other", ["90"])]));
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("history-days");
      expect((await calls(page)).some((c) => c.type === "saveSettings")).toBe(false);
      await page.selectOption("#history-days", "90");
      await page.click("button[type=submit]");
      await expect.poll(async () => (await calls(page)).some((c) => c.type === "saveSettings")).toBe(true);
      expect(await page.isVisible("#history-days-error")).toBe(false);
      await close();
    });

    it("keeps unsaved changes: says so, a change notice does not overwrite them, leaving asks first", async () => {
      const { page, close } = await openPage("options/options.html", { lang: "en", scenario: "all-clear" });
      const leaving = () => page.evaluate(() => {
        const event = new Event("beforeunload", { cancelable: true });
        window.dispatchEvent(event);
        return event.defaultPrevented;
      });
      expect(await leaving()).toBe(false);
      await page.fill("#extra-domains", "example.net");
      expect(await page.isVisible("#unsaved")).toBe(true);
      await page.evaluate(() => window.__background.changed());
      await page.waitForTimeout(500);
      expect(await page.inputValue("#extra-domains")).toBe("example.net");
      expect(await leaving()).toBe(true);
      await page.click("button[type=submit]");
      await expect.poll(() => page.isVisible("#unsaved")).toBe(false);
      expect(await leaving()).toBe(false);
      await close();
    });

    it("deletes all data only after a confirmation step", async () => {
      const { page, close } = await openPage("options/options.html", { lang: "en", scenario: "compromise" });
      await page.click("#delete-start");
      expect(await page.isVisible("#delete-confirm")).toBe(true);
      await page.click("#delete-no");
      expect(await page.isVisible("#delete-confirm")).toBe(false);
      expect((await calls(page)).some((c) => c.type === "deleteAllData")).toBe(false);
      await page.click("#delete-start");
      await page.screenshot({ path: join(SHOTS, "options-delete-confirm-en.png") });
      await page.click("#delete-yes");
      await expect.poll(() => page.locator("#delete-status").textContent()).toBe(formatMessage(messages("en"), "options_deleted"));
      expect((await calls(page)).filter((c) => c.type === "deleteAllData")).toHaveLength(1);
      await close();
    });

    it("renders the dark theme with readable contrast", async () => {
      const { page, close } = await openPage("options/options.html", { lang: "en", scenario: "compromise", colorScheme: "dark" });
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, "options-en-dark");
      await close();
    });
  });
}
