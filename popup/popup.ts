// The toolbar popup: is my account all right, and if not, what do I do now? The headline, the account and the
// two main actions come first (a 600 px panel shows them without scrolling); the details follow.
import { bounceDate, RECORD_KINDS, type AccountState, type BounceRecord, type Overview } from "../src/shared/protocol";
import { ask } from "../src/ui/api";
import { banner, cautions, otherAccounts, resolveButton, scanResultLine, whatToDo } from "../src/ui/alert";
import { byId, clear, el, mailText } from "../src/ui/dom";
import { formatDateTime, localizePage, t, tCount } from "../src/ui/i18n";
import { onChange } from "../src/ui/live";
import { chartSection, totalBounces, verdictCounts } from "../src/ui/summary";
import { ACCOUNT_TRACES, kindChips, kindLine, notFullyDecoded, sentFolderNotices, storageNotice } from "../src/ui/traces";
import { bounceTitle, reasonLine, SUSPICIOUS_VERDICTS, verdictClass, verdictLabel } from "../src/ui/verdict";

const LIST_LIMIT = 3;

function bounceItem(record: BounceRecord): HTMLElement {
  const verdict = record.judgement.verdict;
  const kind = kindLine(record);
  return el("li", { className: `bounce ${verdictClass(verdict)}`, attrs: { "data-key": record.key } },
    el("div", { className: "bounce-head" },
      el("span", { className: "chips" },
        verdict !== "not-bounce" ? el("span", { className: `chip ${verdictClass(verdict)}`, text: verdictLabel(verdict) }) : null,
        ...kindChips(record)),
      el("time", { className: "bounce-date", attrs: { datetime: bounceDate(record) }, text: formatDateTime(bounceDate(record)) })),
    el("p", { className: "bounce-title" }, mailText(bounceTitle(record), 120)),
    kind ? el("p", { className: "bounce-kind" }, kind) : el("p", { className: "bounce-reason" }, mailText(reasonLine(record), 200)));
}

/** The latest suspicious bounces and messages about the account (restrictions, notices, complaints, replies, look-alikes), newest first. */
async function latestSuspicious(): Promise<BounceRecord[]> {
  const [bounces, traces] = await Promise.all([
    ask({ type: "listBounces", verdicts: SUSPICIOUS_VERDICTS, limit: LIST_LIMIT }),
    ask({ type: "listBounces", kinds: ACCOUNT_TRACES, limit: LIST_LIMIT }),
  ]);
  const byKey = new Map([...bounces, ...traces].map((r) => [r.key, r]));
  return [...byKey.values()].sort((a, b) => Date.parse(bounceDate(b)) - Date.parse(bounceDate(a))).slice(0, LIST_LIMIT);
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
  // Everything is asked for first, then the page is redrawn at once: never half a page between two answers.
  const total = totalBounces(overview);
  let records = first ? await latestSuspicious() : [];
  const suspicious = records.length > 0;
  if (first && !suspicious && total > 0) records = await ask({ type: "listBounces", kinds: [...RECORD_KINDS], limit: LIST_LIMIT });
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
  const warnings = [storageNotice(overview), ...sentFolderNotices(overview), ...cautions(overview)].filter((n): n is HTMLElement => n !== null);
  content.append(...warnings);
  if (records.length === 0) {
    if (first.state !== "checking" && !steps && warnings.length === 0) content.append(emptyState());
  } else content.append(bounceList(records, suspicious));
  if (total > 0) {
    content.append(verdictCounts(overview), chartSection(overview), el("p", { className: "total-line", text: tCount("bounces_total", total) }));
  }
  const undecoded = notFullyDecoded(overview);
  if (undecoded > 0) content.append(el("p", { className: "total-line", attrs: { id: "decoding-line" }, text: tCount("decoding_popup", undecoded) }));
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
