// The report tab: every analysed bounce with its evidence and the original's key headers, filters, review and export.
import type { Verdict } from "../src/core/types";
import {
  accountLabel, bounceDate, isPartlyDecoded, RECORD_KINDS, type AccountState, type BounceRecord, type Overview, type RecordKind,
} from "../src/shared/protocol";
import { banner, cautions, otherAccounts, resolveButton, whatToDo } from "../src/ui/alert";
import { ask } from "../src/ui/api";
import { byId, clear, download, el, mailText } from "../src/ui/dom";
import { evidenceLine, exportCsv, exportJson, exportText, keyHeaders } from "../src/ui/export";
import { formatDateTime, formatNumber, localizePage, phrased, t, tCount } from "../src/ui/i18n";
import { onChange } from "../src/ui/live";
import { chartSection, verdictCounts } from "../src/ui/summary";
import { dmarcSections } from "../src/ui/dmarc";
import { kindChips, kindLabel, kindLine, notFullyDecoded, partialLine, sentFolderNotices, storageNotice } from "../src/ui/traces";
import {
  bounceTitle, reasonLabel, reasonLine, SHOWN_VERDICTS, verdictClass, verdictLabel,
} from "../src/ui/verdict";

/** Long mail-derived values are shown whole in a scrolling box, but never more than this. */
const MAX_SHOWN = 20_000;

let overview: Overview;
let shown: BounceRecord[] = [];
/** What "Undo" brings back: the bounces dismissed last. */
let lastDismissed: string[] = [];

function verdictBoxes(): HTMLInputElement[] {
  return [...document.querySelectorAll<HTMLInputElement>("#verdict-filter input")];
}

function kindBoxes(): HTMLInputElement[] {
  return [...document.querySelectorAll<HTMLInputElement>("#kind-filter input")];
}

/** A "YYYY-MM-DD" from a date field as the start (or end) of that day in the person's time zone, as ISO. */
function dayBound(value: string, endOfDay: boolean): string | undefined {
  if (!value) return undefined;
  const [y, m, d] = value.split("-").map(Number);
  const date = endOfDay ? new Date(y!, m! - 1, d!, 23, 59, 59, 999) : new Date(y!, m! - 1, d!);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function chosenAccount(): string {
  return byId<HTMLSelectElement>("filter-account").value;
}

/** The accounts the page is about: the one chosen in the filter, or all of them. */
function accountsShown(): AccountState[] {
  const chosen = chosenAccount();
  return overview.accounts.filter((a) => !chosen || a.accountId === chosen);
}

function fillAccountFilter(): void {
  const select = byId<HTMLSelectElement>("filter-account");
  const chosen = select.value;
  for (const option of [...select.options].slice(1)) option.remove();
  for (const account of overview.accounts) {
    select.append(el("option", { attrs: { value: account.accountId }, text: accountLabel(account) }));
  }
  select.value = overview.accounts.some((a) => a.accountId === chosen) ? chosen : "";
  select.closest("label")!.classList.toggle("hidden", overview.accounts.length < 2);
}

async function resolve(accountId: string): Promise<void> {
  overview = await ask({ type: "resolveAccount", accountId });
  renderSummary();
  await loadList();
  document.getElementById("banner")?.focus();
}

function renderSummary(): void {
  const summary = byId("summary");
  clear(summary);
  const [first, ...others] = accountsShown();
  const main = first
    ? [banner(first, overview, el("div", { className: "banner-actions" }, resolveButton(first, (id) => void resolve(id)))),
      otherAccounts(others), whatToDo(first), storageNotice(overview), ...sentFolderNotices(overview), ...cautions(overview),
      decodingSection()]
    : [];
  summary.append(
    el("div", { className: "summary-main" }, ...main),
    el("div", { className: "summary-side" }, verdictCounts(overview), chartSection(overview)));
  document.getElementById("banner")?.setAttribute("tabindex", "-1");
}

/** How many messages could not be fully decoded, in plain words, with a way to list only them. */
function decodingSection(): HTMLElement | null {
  if (notFullyDecoded(overview) === 0) return null;
  const show = el("button", { className: "link-button", attrs: { type: "button", id: "decoding-show" }, text: t("decoding_show") });
  show.addEventListener("click", () => {
    byId<HTMLInputElement>("filter-not-fully-decoded").checked = true;
    renderList();
    byId("bounces-heading").focus();
  });
  return el("section", { className: "caution decoding", attrs: { id: "decoding", "aria-labelledby": "decoding-heading" } },
    el("h2", { attrs: { id: "decoding-heading" } }, phrased(t("decoding_title"))),
    el("p", { attrs: { id: "decoding-counts" },
      text: t("decoding_counts", [formatNumber(overview.decoding.undecodable), formatNumber(overview.decoding.partial)]) }),
    el("p", { className: "phrased" }, phrased(t("decoding_body"))),
    show);
}

function detailBox(value: string): HTMLElement {
  // Focusable so keyboard users can scroll a long diagnostic.
  return el("div", { className: "long-text", attrs: { tabindex: "0", dir: "auto" }, text: value.slice(0, MAX_SHOWN) });
}

function evidenceList(record: BounceRecord): HTMLElement {
  return el("ul", { className: "evidence" },
    ...record.judgement.evidence.map((e) =>
      el("li", { className: e.weight > 0 ? "towards-misuse" : e.weight < 0 ? "away-from-misuse" : "" }, mailText(evidenceLine(e), 500))));
}

function recipientTable(record: BounceRecord): HTMLElement {
  return el("table", { className: "recipients" },
    el("caption", { text: t("field_recipients") }),
    el("thead", {}, el("tr", {},
      el("th", { attrs: { scope: "col" }, text: t("field_recipient") }),
      el("th", { attrs: { scope: "col" }, text: t("field_reason") }),
      el("th", { attrs: { scope: "col" }, text: t("field_diagnostic") }))),
    el("tbody", {}, ...record.report.recipients.map((r) =>
      el("tr", {},
        el("td", {}, mailText(r.address, 320)),
        el("td", { text: `${reasonLabel(r.reason)}${r.status ? ` (${r.status})` : ""}` }),
        el("td", {}, r.diagnosticCode ? detailBox(r.diagnosticCode) : "")))));
}

function headerList(record: BounceRecord): HTMLElement {
  const headers = keyHeaders(record);
  if (!headers.length) return el("p", { className: "muted", text: t("report_no_original") });
  return el("dl", { className: "headers" },
    ...headers.flatMap(([name, value]) => [el("dt", { text: name }), el("dd", {}, detailBox(value))]));
}

function card(record: BounceRecord): HTMLElement {
  const verdict = record.judgement.verdict;
  const titleId = `title-${shown.indexOf(record)}`;
  const review = el("button", { className: "review", attrs: { type: "button", "aria-pressed": String(record.reviewed) },
    text: t(record.reviewed ? "action_unreview" : "action_review") });
  review.addEventListener("click", () => void act(ask({ type: "markReviewed", keys: [record.key], reviewed: !record.reviewed }),
    t(record.reviewed ? "status_unreviewed" : "status_reviewed")));
  const dismiss = el("button", { className: "dismiss", attrs: { type: "button" }, text: t("action_dismiss") });
  dismiss.addEventListener("click", () => {
    lastDismissed = [record.key];
    void act(ask({ type: "dismiss", keys: [record.key] }), t("status_dismissed"), true);
  });
  const recipient = record.report.recipients[0];
  const kind = kindLine(record);
  const partial = partialLine(record);
  const error = record.report.error;
  return el("li", { className: `card ${verdictClass(verdict)}${record.reviewed ? " reviewed" : ""}`, attrs: { "aria-labelledby": titleId, "data-key": record.key } },
    el("div", { className: "card-head" },
      verdict !== "not-bounce" ? el("span", { className: `chip ${verdictClass(verdict)}`, text: verdictLabel(verdict) }) : null,
      ...kindChips(record),
      record.reviewed ? el("span", { className: "chip reviewed-chip", text: t("reviewed_badge") }) : null,
      el("time", { className: "card-date", attrs: { datetime: bounceDate(record) }, text: formatDateTime(bounceDate(record)) })),
    el("h3", { attrs: { id: titleId } }, mailText(bounceTitle(record), 300)),
    kind ? el("p", { className: "card-kind phrased" }, phrased(kind)) : null,
    error === undefined ? el("p", { className: "card-reason" }, mailText(reasonLine(record), 500)) : null,
    partial ? el("p", { className: "card-partial phrased" }, phrased(partial)) : null,
    verdict === "not-bounce" ? el("p", { className: "card-meta muted" }, `${t("field_from")}: `, mailText(record.report.envelope.from, 200)) : null,
    recipient ? el("p", { className: "card-meta muted" }, `${t("field_recipient")}: `, mailText(recipient.address, 200)) : null,
    el("details", openDetails.has(record.key) ? { attrs: { open: "" } } : {},
      el("summary", { text: t("report_details") }),
      error !== undefined ? detailBox(error) : null,
      el("h4", { text: t("field_evidence") }), evidenceList(record),
      record.report.recipients.length ? recipientTable(record) : null,
      el("h4", { text: t("field_original_headers") }), headerList(record)),
    el("div", { className: "card-actions" }, review, dismiss));
}

function visibleRecords(): BounceRecord[] {
  const hideReviewed = byId<HTMLInputElement>("filter-hide-reviewed").checked;
  const notFullyDecodedOnly = byId<HTMLInputElement>("filter-not-fully-decoded").checked;
  return shown.filter((r) => (!hideReviewed || !r.reviewed)
    && (!notFullyDecodedOnly || r.report.error !== undefined || isPartlyDecoded(r)));
}

/** Cards whose details the person opened: kept open when the list is drawn again. */
const openDetails = new Set<string>();

function renderList(): void {
  const visible = visibleRecords();
  const list = byId("bounce-list");
  for (const card of list.querySelectorAll<HTMLElement>("li[data-key]")) {
    const key = card.dataset.key!;
    if (card.querySelector("details")?.open) openDetails.add(key);
    else openDetails.delete(key);
  }
  clear(list);
  list.append(...visible.map(card));
  byId("no-results").classList.toggle("hidden", visible.length > 0);
  byId("result-text").textContent = tCount("report_count", visible.length);
  for (const id of ["export-text", "export-csv", "export-json", "review-all"]) {
    byId<HTMLButtonElement>(id).disabled = visible.length === 0;
  }
}

async function loadList(): Promise<void> {
  // A message that is not a bounce has no verdict to filter by: its kind decides.
  const verdicts = [...verdictBoxes().filter((box) => box.checked).map((box) => box.value as Verdict), "not-bounce" as const];
  const kinds = kindBoxes().filter((box) => box.checked).map((box) => box.value as RecordKind);
  shown = await ask({
    type: "listBounces", verdicts, kinds, accountId: chosenAccount() || undefined,
    since: dayBound(byId<HTMLInputElement>("filter-since").value, false),
    until: dayBound(byId<HTMLInputElement>("filter-until").value, true),
  });
  renderList();
}

/** Runs a change, then shows the new state and says what happened (with "Undo" after a dismissal); focus returns to the list heading. */
async function act(change: Promise<Overview>, done: string, undoable = false): Promise<void> {
  overview = await change;
  renderSummary();
  await loadList();
  byId("result-text").textContent = `${done} ${byId("result-text").textContent}`;
  byId("undo").classList.toggle("hidden", !undoable);
  byId("bounces-heading").focus();
}

/** The DMARC sections (none until aggregate reports have arrived). */
async function renderDmarc(): Promise<void> {
  const views = await ask({ type: "getDmarc" });
  const dmarc = byId("dmarc");
  clear(dmarc);
  dmarc.append(...dmarcSections(views));
}

/** A change notice: the same filters, open details and focus, with what the background has now. */
async function refresh(): Promise<void> {
  const focused = document.activeElement as HTMLElement | null;
  const focusedCard = focused?.closest<HTMLElement>("li[data-key]")?.dataset.key;
  const focusedClass = focused?.className;
  overview = await ask({ type: "getOverview" });
  fillAccountFilter();
  renderSummary();
  await renderDmarc();
  await loadList();
  if (focused?.id && document.getElementById(focused.id)) document.getElementById(focused.id)!.focus();
  else if (focusedCard && focusedClass) {
    document.querySelector<HTMLElement>(`li[data-key="${CSS.escape(focusedCard)}"] .${focusedClass.split(" ")[0]}`)?.focus();
  }
}

function exportFile(kind: "text" | "csv" | "json"): void {
  const now = new Date().toISOString();
  const context = { overview, accounts: accountsShown(), records: visibleRecords(), generatedAt: now };
  const name = `bounce-sentinel-evidence-${now.slice(0, 10)}`;
  if (kind === "json") download(`${name}.json`, exportJson(context), "application/json");
  else if (kind === "csv") download(`${name}.csv`, exportCsv(context), "text/csv;charset=utf-8");
  else download(`${name}.txt`, exportText(context), "text/plain;charset=utf-8");
}

async function main(): Promise<void> {
  localizePage();
  const fieldset = byId("verdict-filter");
  for (const verdict of SHOWN_VERDICTS) {
    fieldset.append(el("label", { className: `verdict-option ${verdictClass(verdict)}` },
      el("input", { attrs: { type: "checkbox", value: verdict, checked: "" } }),
      el("span", { className: "swatch", attrs: { "aria-hidden": "true" } }),
      verdictLabel(verdict)));
  }
  const kindFieldset = byId("kind-filter");
  for (const kind of RECORD_KINDS) {
    kindFieldset.append(el("label", { className: `kind-option k-${kind}` },
      el("input", { attrs: { type: "checkbox", value: kind, checked: "" } }),
      kindLabel(kind)));
  }
  byId("filters").addEventListener("change", (event) => {
    const id = (event.target as HTMLElement).id;
    if (id === "filter-hide-reviewed" || id === "filter-not-fully-decoded") renderList();
    else if (id === "filter-account") {
      renderSummary();
      void loadList();
    } else void loadList();
  });
  byId("undo").addEventListener("click", () => {
    const keys = lastDismissed;
    lastDismissed = [];
    void act(ask({ type: "undoDismiss", keys }), t("status_restored"));
  });
  byId("filters").addEventListener("submit", (event) => event.preventDefault());
  byId("export-text").addEventListener("click", () => exportFile("text"));
  byId("export-csv").addEventListener("click", () => exportFile("csv"));
  byId("export-json").addEventListener("click", () => exportFile("json"));
  byId("review-all").addEventListener("click", () => {
    const keys = visibleRecords().filter((r) => !r.reviewed).map((r) => r.key);
    if (keys.length) void act(ask({ type: "markReviewed", keys, reviewed: true }), t("status_reviewed"));
  });
  try {
    overview = await ask({ type: "getOverview" });
    fillAccountFilter();
    renderSummary();
    await renderDmarc();
    await loadList();
    onChange(refresh);
  } catch {
    byId("summary").append(el("p", { className: "error", attrs: { role: "alert" }, text: t("error_background") }));
  } finally {
    byId("app").setAttribute("aria-busy", "false");
  }
}

void main();
