// The toolbar popup: is my account all right, and if not, what do I do now? The headline, the account and the
// two main actions come first (a 600 px panel shows them without scrolling); the details follow.
import { bounceDate, type AccountState, type BounceRecord, type Overview } from "../src/shared/protocol";
import { ask } from "../src/ui/api";
import { banner, cautions, otherAccounts, resolveButton, scanResultLine, whatToDo } from "../src/ui/alert";
import { byId, clear, el, mailText } from "../src/ui/dom";
import { formatDateTime, localizePage, t, tCount } from "../src/ui/i18n";
import { onChange } from "../src/ui/live";
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

function emptyState(): HTMLElement {
  return el("section", { className: "empty", attrs: { id: "empty" } },
    el("h2", { text: t("empty_title") }),
    el("p", { text: t("empty_body") }));
}

async function openReport(): Promise<void> {
  await ask({ type: "openReport" });
  window.close();
}

async function resolve(accountId: string): Promise<void> {
  await render(await ask({ type: "resolveAccount", accountId }));
  byId("open-report").focus();
}

/** The report and, with an alert, "I have dealt with it"; otherwise the report alone (Settings is in the header). */
function mainActions(state: AccountState): HTMLElement {
  const report = el("button", { className: "primary", attrs: { type: "button", id: "open-report" }, text: t("open_report") });
  report.addEventListener("click", () => void openReport());
  return el("nav", { className: "banner-actions", attrs: { "aria-label": t("actions_label"), id: "actions" } },
    report, resolveButton(state, (id) => void resolve(id)));
}

/** Which control had the focus, to give it back after a redraw. */
function focusedKey(): string | null {
  const active = document.activeElement as HTMLElement | null;
  if (!active || active === document.body) return null;
  return active.id ? `#${active.id}` : active.dataset.account ? `[data-account="${active.dataset.account}"].resolve` : null;
}

async function render(given?: Overview): Promise<void> {
  const overview = given ?? await ask({ type: "getOverview" });
  const focus = focusedKey();
  const [first, ...others] = overview.accounts;
  const headline = byId("headline");
  const content = byId("content");
  clear(headline);
  clear(content);
  if (!first) {
    headline.append(el("p", { className: "empty", attrs: { id: "no-accounts" }, text: t("no_accounts") }));
    return;
  }
  headline.append(banner(first, overview, mainActions(first)));
  content.append(...[otherAccounts(others), scanResultLine(overview)].filter((n): n is HTMLElement => n !== null));
  const steps = whatToDo(first);
  if (steps) content.append(steps);
  const warnings = cautions(overview);
  content.append(...warnings);
  const total = totalBounces(overview);
  if (total === 0) {
    if (first.state !== "checking" && !steps && warnings.length === 0) content.append(emptyState());
  } else {
    let records = await ask({ type: "listBounces", verdicts: SUSPICIOUS_VERDICTS, limit: LIST_LIMIT });
    const suspicious = records.length > 0;
    if (!suspicious) records = await ask({ type: "listBounces", limit: LIST_LIMIT });
    content.append(bounceList(records, suspicious), verdictCounts(overview), chartSection(overview),
      el("p", { className: "total-line", text: tCount("bounces_total", total) }));
  }
  if (focus) document.querySelector<HTMLElement>(focus)?.focus();
}

async function main(): Promise<void> {
  localizePage();
  byId("open-options").addEventListener("click", async () => {
    await messenger.runtime.openOptionsPage();
    window.close();
  });
  try {
    await render();
    onChange(() => render());
  } catch {
    clear(byId("content"));
    byId("content").append(el("p", { className: "error", attrs: { role: "alert" }, text: t("error_background") }));
  } finally {
    byId("app").setAttribute("aria-busy", "false");
  }
}

void main();
