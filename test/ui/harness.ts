// Runs the add-on's pages in headless Chromium: builds the add-on, serves dist/addon on 127.0.0.1 with the
// manifest's Content-Security-Policy, injects the fake messenger, and checks accessibility with axe-core.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { build } from "esbuild";
import { chromium, type Browser, type Page } from "playwright-core";
import type { MessageTable } from "../../src/core/i18n";
import { scenario, TODAY, type ScenarioName } from "./fixtures";
import type { FakeConfig } from "./fake-messenger";
import { ensureDebianPackages, isInstalled } from "../../scripts/debian-packages.mjs";

export const ROOT = join(import.meta.dirname, "../..");
export const SHOTS = join(ROOT, "test-results/ui");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's Chromium (never a browser download) and the fonts the Japanese screenshots need. */
function ensureBrowser(): void {
  if (process.env.CHROMIUM_PATH) return;
  ensureDebianPackages([
    { pkg: "chromium", present: () => existsSync(CHROMIUM) },
    { pkg: "fonts-noto-cjk", present: () => isInstalled("fonts-noto-cjk") },
  ]);
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8", ".svg": "image/svg+xml",
};

export interface Harness {
  browser: Browser;
  baseUrl: string;
  fakeScript: string;
  close(): Promise<void>;
}

/**
 * Builds the add-on (UI_TEST_SKIP_BUILD=1 reuses dist/addon as it is, for quick reruns) and copies it aside,
 * so that another test rebuilding dist/ cannot pull files from under the server.
 */
function buildAddon(): string {
  if (!process.env.UI_TEST_SKIP_BUILD) execFileSync(process.execPath, [join(ROOT, "scripts/build.mjs")], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  const copy = mkdtempSync(join(tmpdir(), "bounce-sentinel-ui-"));
  cpSync(join(ROOT, "dist/addon"), copy, { recursive: true });
  return copy;
}

function serve(dir: string, csp: string): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer((req, res) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)));
    if (!path.startsWith(dir + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(path);
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream", "content-security-policy": csp });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({ server, baseUrl: `http://127.0.0.1:${port}` });
    });
  });
}

let shared: Harness | null = null;

/** The harness started by startHarness, for the page suites. */
export function harness(): Harness {
  if (!shared) throw new Error("startHarness() first");
  return shared;
}

export async function startHarness(): Promise<Harness> {
  ensureBrowser();
  const dir = buildAddon();
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  const { server, baseUrl } = await serve(dir, manifest.content_security_policy.extension_pages);
  const bundled = await build({
    entryPoints: [join(import.meta.dirname, "fake-messenger.ts")], bundle: true, write: false, format: "iife",
    platform: "browser", target: "chrome120", logLevel: "warning",
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run"],
  });
  mkdirSync(SHOTS, { recursive: true });
  shared = {
    browser, baseUrl, fakeScript: bundled.outputFiles[0]!.text,
    async close() {
      shared = null;
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return shared;
}

export function messages(lang: string): MessageTable {
  return JSON.parse(readFileSync(join(ROOT, "_locales", lang, "messages.json"), "utf8")) as MessageTable;
}

export interface OpenOptions {
  lang: "en" | "ja";
  scenario: ScenarioName;
  colorScheme?: "light" | "dark";
  width?: number;
  height?: number;
  grantPermissions?: boolean;
}

export interface OpenedPage {
  page: Page;
  /** Console errors, page errors and CSP violations seen so far. */
  problems: string[];
  close(): Promise<void>;
}

export async function openPage(path: string, options: OpenOptions): Promise<OpenedPage> {
  const h = harness();
  const context = await h.browser.newContext({
    viewport: { width: options.width ?? 1000, height: options.height ?? 800 },
    colorScheme: options.colorScheme ?? "light",
    locale: options.lang === "ja" ? "ja-JP" : "en-US",
    // Dates are shown in the person's time zone: a person in Japan, and one in London.
    timezoneId: options.lang === "ja" ? "Asia/Tokyo" : "Europe/London",
    acceptDownloads: true,
  });
  const page = await context.newPage();
  // The fixtures' "now": a few hours after the latest bounce, so "latest 3 hours ago" reads as it would.
  await page.clock.setFixedTime(new Date(`${TODAY}T12:00:00Z`));
  const problems: string[] = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  const config: FakeConfig = {
    lang: options.lang, messages: messages(options.lang), data: scenario(options.scenario),
    grantPermissions: options.grantPermissions ?? true,
  };
  await page.addInitScript({ content: `window.__fakeConfig = ${JSON.stringify(config)};\n${h.fakeScript}` });
  await page.goto(`${h.baseUrl}/${path}`);
  await page.waitForSelector("[aria-busy=false]");
  return { page, problems, close: () => context.close() };
}

const AXE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** Serious and critical accessibility violations (axe-core, WCAG 2 A/AA rules), described one per line. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // page.evaluate runs through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

export async function calls(page: Page): Promise<{ type: string; [k: string]: unknown }[]> {
  return page.evaluate(() => window.__calls as { type: string }[]);
}

/** The file a page's export button downloads: its suggested name and its text. */
export async function downloaded(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), "utf8") };
}
