// Settings: what to watch, how to behave, checking older mail, and deleting everything the add-on stored.
import type { AccountSummary, HistoryScanProgress, Settings } from "../src/shared/protocol";
import { ask } from "../src/ui/api";
import { byId, el } from "../src/ui/dom";
import { formatNumber, localizePage, t, tCount } from "../src/ui/i18n";

const DAY_CHOICES = [30, 90, 180, 365, 730];
/** Tagging changes the person's mail, so its permissions are optional and asked for only when they turn it on. */
const TAGGING_PERMISSIONS = { permissions: ["messagesUpdate", "messagesTags"] } as messenger.permissions.Permissions;
const SCAN_POLL_MS = 500;

const LIST_FIELDS = {
  "extra-addresses": { test: (v: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), error: "options_bad_address" },
  "extra-domains": { test: (v: string) => /^[^\s@/]+\.[^\s@/]+$/.test(v), error: "options_bad_domain" },
  "known-relays": { test: (v: string) => /^[^\s@/]+$/.test(v), error: "options_bad_relay" },
} as const;
type ListField = keyof typeof LIST_FIELDS;

let accounts: AccountSummary[] = [];

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

function showSettings(settings: Settings): void {
  const fieldset = byId("accounts");
  for (const old of fieldset.querySelectorAll(".account")) old.remove();
  for (const account of accounts) {
    const box = el("input", { attrs: { type: "checkbox", value: account.id, id: `account-${account.id}` } });
    box.checked = settings.accounts.length === 0 || settings.accounts.includes(account.id);
    fieldset.append(el("div", { className: "account check" }, box,
      el("label", { attrs: { for: box.id } },
        el("span", { className: "account-name", text: account.name }),
        el("span", { className: "account-addresses muted", text: account.addresses.join(", ") }))));
  }
  byId<HTMLTextAreaElement>("extra-addresses").value = settings.extraAddresses.join("\n");
  byId<HTMLTextAreaElement>("extra-domains").value = settings.extraDomains.join("\n");
  byId<HTMLTextAreaElement>("known-relays").value = settings.knownRelays.join("\n");
  byId<HTMLInputElement>("notify").checked = settings.notify;
  byId<HTMLInputElement>("tag-suspicious").checked = settings.tagSuspicious;
  fillDays(byId<HTMLSelectElement>("history-days"), settings.historyDays);
  fillDays(byId<HTMLSelectElement>("retention-days"), settings.retentionDays);
}

/** The form as Settings, or the first problem found (its field marked invalid and focused). */
function readForm(): Settings | { error: string; field: HTMLElement } {
  const boxes = accountBoxes();
  const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
  if (boxes.length && chosen.length === 0) return { error: t("options_no_account"), field: boxes[0]! };
  const lists = {} as Record<ListField, string[]>;
  for (const [id, rule] of Object.entries(LIST_FIELDS) as [ListField, (typeof LIST_FIELDS)[ListField]][]) {
    const field = byId<HTMLTextAreaElement>(id);
    lists[id] = lines(field.value);
    const bad = lists[id].find((v) => !rule.test(v));
    field.setAttribute("aria-invalid", String(Boolean(bad)));
    if (bad) return { error: t(rule.error, [bad]), field };
  }
  return {
    accounts: chosen.length === boxes.length ? [] : chosen,
    extraAddresses: lists["extra-addresses"],
    extraDomains: lists["extra-domains"],
    knownRelays: lists["known-relays"],
    historyDays: Number(byId<HTMLSelectElement>("history-days").value),
    notify: byId<HTMLInputElement>("notify").checked,
    tagSuspicious: byId<HTMLInputElement>("tag-suspicious").checked,
    retentionDays: Number(byId<HTMLSelectElement>("retention-days").value),
  };
}

async function save(event: Event): Promise<void> {
  event.preventDefault();
  const error = byId("form-error");
  const result = readForm();
  byId("save-status").textContent = "";
  if ("error" in result) {
    error.textContent = result.error;
    error.classList.remove("hidden");
    result.field.focus();
    return;
  }
  error.classList.add("hidden");
  showSettings(await ask({ type: "saveSettings", settings: result }));
  byId("save-status").textContent = t("options_saved");
}

let polling: ReturnType<typeof setTimeout> | null = null;

function showScan(scan: HistoryScanProgress | null): void {
  const running = scan?.state === "running";
  byId("scan-start").classList.toggle("hidden", running);
  byId("scan-cancel").classList.toggle("hidden", !running);
  byId("scan-progress").classList.toggle("hidden", !scan);
  if (!scan) return;
  const bar = byId<HTMLProgressElement>("scan-bar");
  bar.max = Math.max(1, scan.total);
  bar.value = scan.examined;
  const counts = [formatNumber(scan.examined), formatNumber(scan.total), formatNumber(scan.bouncesFound)];
  byId("scan-text").textContent = t(`options_scan_${scan.state}`, counts);
  if (running) polling = setTimeout(() => void pollScan(), SCAN_POLL_MS);
}

async function pollScan(): Promise<void> {
  polling = null;
  showScan((await ask({ type: "getOverview" })).historyScan);
}

function stopPolling(): void {
  if (polling) clearTimeout(polling);
  polling = null;
}

async function startScan(): Promise<void> {
  stopPolling();
  showScan(await ask({ type: "startHistoryScan", days: Number(byId<HTMLSelectElement>("history-days").value) }));
  byId("scan-cancel").focus();
}

async function cancelScan(): Promise<void> {
  stopPolling();
  showScan(await ask({ type: "cancelHistoryScan" }));
  byId("scan-start").focus();
}

function askToDelete(confirming: boolean): void {
  byId("delete-confirm").classList.toggle("hidden", !confirming);
  byId("delete-start").classList.toggle("hidden", confirming);
  byId(confirming ? "delete-question" : "delete-start").focus();
}

async function deleteAll(): Promise<void> {
  stopPolling();
  const overview = await ask({ type: "deleteAllData" });
  askToDelete(false);
  byId("delete-status").textContent = t("options_deleted");
  showScan(overview.historyScan);
  showSettings(await ask({ type: "getSettings" }));
}

/** Asks for the tagging permissions right inside the click, as the browser requires; a refusal unticks the box. */
function onTaggingChange(box: HTMLInputElement): void {
  const note = byId("tag-refused");
  note.classList.add("hidden");
  if (!box.checked) return;
  void messenger.permissions.request(TAGGING_PERMISSIONS).then((granted) => {
    if (granted) return;
    box.checked = false;
    note.classList.remove("hidden");
  });
}

async function main(): Promise<void> {
  localizePage();
  const tagBox = byId<HTMLInputElement>("tag-suspicious");
  tagBox.addEventListener("change", () => onTaggingChange(tagBox));
  byId("settings-form").addEventListener("submit", (event) => void save(event));
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
  } catch {
    byId("form-error").textContent = t("error_background");
    byId("form-error").classList.remove("hidden");
  } finally {
    byId("app").setAttribute("aria-busy", "false");
  }
}

void main();
