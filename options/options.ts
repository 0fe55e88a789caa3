// Settings: what to watch, how to behave, checking older mail, and deleting everything the add-on stored.
// Problems are shown next to the field they are about; changes not saved yet are never dropped silently
// (a change notice does not overwrite them, and leaving the page asks first).
import { TAGGING_PERMISSIONS, type AccountSummary, type HistoryScanProgress, type Settings } from "../src/shared/protocol";
import { progressLine } from "../src/ui/alert";
import { ask } from "../src/ui/api";
import { byId, clear, el } from "../src/ui/dom";
import { formatMonthDay, formatNumber, localizePage, phrased, t, tCount } from "../src/ui/i18n";
import { onChange } from "../src/ui/live";

const DAY_CHOICES = [30, 90, 180, 365, 730];

const LIST_FIELDS = {
  "extra-addresses": { test: (v: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), error: "options_bad_address" },
  "extra-domains": { test: (v: string) => /^[^\s@/]+\.[^\s@/]+$/.test(v), error: "options_bad_domain" },
  "known-relays": { test: (v: string) => /^[^\s@/]+$/.test(v), error: "options_bad_relay" },
} as const;
type ListField = keyof typeof LIST_FIELDS;

let accounts: AccountSummary[] = [];
/** The form holds changes that are not saved yet. */
let dirty = false;

function lines(text: string): string[] {
  return [...new Set(text.split(/[\n,]/).map((v) => v.trim().toLowerCase()).filter(Boolean))];
}

function daysLabel(days: number): string {
  return tCount("days", days);
}

function fillDays(select: HTMLSelectElement, current: number): void {
  const choices = [...new Set([...DAY_CHOICES, current])].sort((a, b) => a - b);
  select.replaceChildren(...choices.map((days) => el("option", { attrs: { value: String(days) }, text: daysLabel(days) })));
  select.value = String(current);
}

function accountBoxes(): HTMLInputElement[] {
  return [...document.querySelectorAll<HTMLInputElement>("#accounts input[type=checkbox]")];
}

function setDirty(value: boolean): void {
  dirty = value;
  byId("unsaved").classList.toggle("hidden", !value);
  if (value) byId("save-status").textContent = "";
}

function showSettings(settings: Settings): void {
  const fieldset = byId("accounts");
  for (const old of fieldset.querySelectorAll(".account")) old.remove();
  for (const account of accounts) {
    const box = el("input", { attrs: { type: "checkbox", value: account.id, id: `account-${account.id}` } });
    box.checked = settings.accounts.length === 0 || settings.accounts.includes(account.id);
    fieldset.insertBefore(el("div", { className: "account check" }, box,
      el("label", { attrs: { for: box.id } },
        el("span", { className: "account-name", text: account.name }),
        el("span", { className: "account-addresses muted", text: account.addresses.join(", ") }))), byId("accounts-error"));
  }
  byId<HTMLTextAreaElement>("extra-addresses").value = settings.extraAddresses.join("\n");
  byId<HTMLTextAreaElement>("extra-domains").value = settings.extraDomains.join("\n");
  byId<HTMLTextAreaElement>("known-relays").value = settings.knownRelays.join("\n");
  byId<HTMLInputElement>("notify").checked = settings.notify;
  byId<HTMLInputElement>("tag-suspicious").checked = settings.tagSuspicious;
  fillDays(byId<HTMLSelectElement>("history-days"), settings.historyDays);
  fillDays(byId<HTMLSelectElement>("retention-days"), settings.retentionDays);
  setDirty(false);
}

/** Shows `message` under the field (or clears it) and marks the field invalid. */
function fieldError(fieldId: string, errorId: string, message: string | null): void {
  const error = byId(errorId);
  error.textContent = message ?? "";
  error.classList.toggle("hidden", !message);
  byId(fieldId).setAttribute("aria-invalid", String(Boolean(message)));
}

/** The form as Settings, or null after showing every problem next to its field (the first one focused). */
function readForm(): Settings | null {
  const problems: HTMLElement[] = [];
  const boxes = accountBoxes();
  const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
  const noAccount = boxes.length > 0 && chosen.length === 0;
  fieldError("accounts", "accounts-error", noAccount ? t("options_no_account") : null);
  if (noAccount) problems.push(boxes[0]!);
  const lists = {} as Record<ListField, string[]>;
  for (const [id, rule] of Object.entries(LIST_FIELDS) as [ListField, (typeof LIST_FIELDS)[ListField]][]) {
    const field = byId<HTMLTextAreaElement>(id);
    lists[id] = lines(field.value);
    const bad = lists[id].find((v) => !rule.test(v));
    fieldError(id, `${id}-error`, bad ? t(rule.error, [bad]) : null);
    if (bad) problems.push(field);
  }
  const historyDays = Number(byId<HTMLSelectElement>("history-days").value);
  const retentionDays = Number(byId<HTMLSelectElement>("retention-days").value);
  // Results older than retention are deleted, so checking further back would read mail only to forget it.
  const tooLong = historyDays > retentionDays;
  fieldError("history-days", "history-days-error", tooLong ? t("options_history_too_long", [daysLabel(retentionDays)]) : null);
  if (tooLong) problems.push(byId("history-days"));
  if (problems.length) {
    problems[0]!.focus();
    return null;
  }
  return {
    accounts: chosen.length === boxes.length ? [] : chosen,
    extraAddresses: lists["extra-addresses"],
    extraDomains: lists["extra-domains"],
    knownRelays: lists["known-relays"],
    historyDays,
    notify: byId<HTMLInputElement>("notify").checked,
    tagSuspicious: byId<HTMLInputElement>("tag-suspicious").checked,
    retentionDays,
  };
}

async function save(event: Event): Promise<void> {
  event.preventDefault();
  byId("save-status").textContent = "";
  const settings = readForm();
  if (!settings) return;
  showSettings(await ask({ type: "saveSettings", settings }));
  byId("save-status").textContent = t("options_saved");
}

function showScan(scan: HistoryScanProgress | null): void {
  const running = scan?.state === "running";
  byId("scan-start").classList.toggle("hidden", running);
  byId("scan-cancel").classList.toggle("hidden", !running);
  const box = byId("scan-progress");
  box.classList.toggle("hidden", !scan);
  clear(box);
  if (!scan) return;
  if (running) {
    box.append(progressLine(scan)!);
    return;
  }
  const counts = [formatNumber(scan.examined), formatNumber(scan.total), formatNumber(scan.bouncesFound),
    formatNumber(scan.screened), formatMonthDay(scan.since)];
  box.append(el("p", { attrs: { id: "scan-text", role: "status" } }, phrased(t(`options_scan_${scan.state}`, counts))));
}

async function startScan(): Promise<void> {
  showScan(await ask({ type: "startHistoryScan", days: Number(byId<HTMLSelectElement>("history-days").value) }));
  byId("scan-cancel").focus();
}

async function cancelScan(): Promise<void> {
  showScan(await ask({ type: "cancelHistoryScan" }));
  byId("scan-start").focus();
}

function askToDelete(confirming: boolean): void {
  byId("delete-confirm").classList.toggle("hidden", !confirming);
  byId("delete-start").classList.toggle("hidden", confirming);
  byId(confirming ? "delete-question" : "delete-start").focus();
}

async function deleteAll(): Promise<void> {
  const overview = await ask({ type: "deleteAllData" });
  askToDelete(false);
  byId("delete-status").textContent = t("options_deleted");
  showScan(overview.historyScan);
  if (!dirty) showSettings(await ask({ type: "getSettings" }));
}

/** Asks for the tagging permissions right inside the click, as the browser requires; a refusal unticks the box. */
function onTaggingChange(box: HTMLInputElement): void {
  const note = byId("tag-refused");
  note.classList.add("hidden");
  if (!box.checked) return;
  void messenger.permissions.request(TAGGING_PERMISSIONS as messenger.permissions.Permissions).then((granted) => {
    if (granted) return;
    box.checked = false;
    note.classList.remove("hidden");
  });
}

/** A change notice: the check's progress always; the form only while it holds nothing unsaved. */
async function refresh(): Promise<void> {
  const [overview, accountList] = await Promise.all([ask({ type: "getOverview" }), ask({ type: "listAccounts" })]);
  showScan(overview.historyScan);
  if (dirty) return;
  const changedAccounts = JSON.stringify(accountList) !== JSON.stringify(accounts);
  accounts = accountList;
  if (changedAccounts) showSettings(await ask({ type: "getSettings" }));
}

async function main(): Promise<void> {
  localizePage();
  const tagBox = byId<HTMLInputElement>("tag-suspicious");
  tagBox.addEventListener("change", () => onTaggingChange(tagBox));
  const form = byId("settings-form");
  form.addEventListener("submit", (event) => void save(event));
  form.addEventListener("input", () => setDirty(true));
  form.addEventListener("change", () => setDirty(true));
  window.addEventListener("beforeunload", (event) => {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });
  byId("scan-start").addEventListener("click", () => void startScan());
  byId("scan-cancel").addEventListener("click", () => void cancelScan());
  byId("delete-start").addEventListener("click", () => askToDelete(true));
  byId("delete-no").addEventListener("click", () => askToDelete(false));
  byId("delete-yes").addEventListener("click", () => void deleteAll());
  try {
    const [settings, accountList, overview] = await Promise.all([
      ask({ type: "getSettings" }), ask({ type: "listAccounts" }), ask({ type: "getOverview" })]);
    accounts = accountList;
    showSettings(settings);
    showScan(overview.historyScan);
    onChange(refresh);
  } catch {
    byId("form-error").textContent = t("error_background");
    byId("form-error").classList.remove("hidden");
  } finally {
    byId("app").setAttribute("aria-busy", "false");
  }
}

void main();
