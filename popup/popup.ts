// The toolbar popup: is my account all right, and if not, what do I do now?
import { bounceDate, type BounceRecord, type Overview } from "../src/shared/protocol";
import { ask } from "../src/ui/api";
import { banner, whatToDo } from "../src/ui/alert";
import { byId, clear, el, mailText } from "../src/ui/dom";
import { formatDateTime, formatNumber, localizePage, t, tCount } from "../src/ui/i18n";
import { chartSection, totalBounces, verdictCounts } from "../src/ui/summary";
import { bounceTitle, reasonLine, SUSPICIOUS_VERDICTS, verdictClass, verdictLabel } from "../src/ui/verdict";

const LIST_LIMIT = 3;

function bounceItem(record: BounceRecord): HTMLElement {
  const verdict = record.judgement.verdict;
  return el("li", { className: `bounce ${verdictClass(verdict)}` },
    el("div", { className: "bounce-head" },
      el("span", { className: `chip ${verdictClass(verdict)}`, text: verdictLabel(verdict) }),
      el("time", { className: "bounce-date", attrs: { datetime: bounceDate(record) }, text: formatDateTime(bounceDate(record)) })),
    el("p", { className: "bounce-title" }, mailText(bounceTitle(record), 120)),
    el("p", { className: "bounce-reason" }, mailText(reasonLine(record), 200)));
}

function bounceList(records: BounceRecord[], suspicious: boolean): HTMLElement {
  return el("section", { attrs: { "aria-labelledby": "list-heading" } },
    el("h2", { attrs: { id: "list-heading" }, className: "section-title", text: t(suspicious ? "latest_suspicious" : "latest_bounces") }),
    el("ul", { className: "bounces", attrs: { id: "bounces" } }, ...records.map(bounceItem)));
}

function historyScanLine(overview: Overview): HTMLElement | null {
  const scan = overview.historyScan;
  if (!scan || scan.state !== "running") return null;
  return el("p", { className: "scan-line", attrs: { id: "scan-line" },
    text: t("scan_running", [formatNumber(scan.examined), formatNumber(scan.total)]) });
}

function emptyState(): HTMLElement {
  return el("section", { className: "empty", attrs: { id: "empty" } },
    el("h2", { text: t("empty_title") }),
    el("p", { text: t("empty_body") }));
}

async function render(): Promise<void> {
  const content = byId("content");
  const overview = await ask({ type: "getOverview" });
  const total = totalBounces(overview);
  clear(content);
  content.append(banner(overview));
  const scan = historyScanLine(overview);
  if (scan) content.append(scan);
  if (total === 0) {
    content.append(emptyState());
    return;
  }
  const steps = whatToDo(overview);
  if (steps) content.append(steps);
  let records = await ask({ type: "listBounces", verdicts: SUSPICIOUS_VERDICTS, limit: LIST_LIMIT });
  const suspicious = records.length > 0;
  if (!suspicious) records = await ask({ type: "listBounces", limit: LIST_LIMIT });
  content.append(bounceList(records, suspicious));
  content.append(verdictCounts(overview), chartSection(overview));
  content.append(el("p", { className: "total-line", text: tCount("bounces_total", total) }));
}

async function main(): Promise<void> {
  localizePage();
  byId("open-report").addEventListener("click", async () => {
    await ask({ type: "openReport" });
    window.close();
  });
  byId("open-options").addEventListener("click", async () => {
    await messenger.runtime.openOptionsPage();
    window.close();
  });
  try {
    await render();
  } catch {
    clear(byId("content"));
    byId("content").append(el("p", { className: "error", attrs: { role: "alert" }, text: t("error_background") }));
  } finally {
    byId("app").setAttribute("aria-busy", "false");
  }
}

void main();
