// An account's state as the pages show it: the banner (headline, the account, since when and the latest
// evidence), the other accounts, the history check's progress and result, and the "What to do" steps.
// Shared by the popup, the report page and the welcome page.
import { adviceCase, adviceSteps } from "../core/advice";
import { accountLabel, type AccountState, type AccountStateKind, type HistoryScanProgress, type Overview } from "../shared/protocol";
import { el } from "./dom";
import { formatAgo, formatMonthDay, formatNumber, phrased, t, tCount } from "./i18n";

type Tone = "checking" | "ok" | "warning" | "danger";

const TONE: Record<AccountStateKind, Tone> = {
  checking: "checking", clear: "ok", resolved: "ok", spoofing: "warning", compromise: "danger", restricted: "danger",
};

const TITLE_KEY: Record<AccountStateKind, string> = {
  checking: "state_checking_title", clear: "alert_none_title", resolved: "state_resolved_title",
  spoofing: "alert_spoofing_title", compromise: "alert_compromise_title", restricted: "state_restricted_title",
};

/** States where the person has something to do now (the steps say "now", the banner is red). */
export function isUrgent(state: AccountState): boolean {
  return state.state === "compromise" || state.state === "restricted";
}

function hasAlert(state: AccountState): boolean {
  return state.state === "spoofing" || isUrgent(state);
}

/**
 * What happened, in one or two sentences. A cause of the alert may have its own sentence
 * (`reason_<reason>_headline` in _locales); otherwise the state's.
 */
function bodyText(state: AccountState): string {
  const reasonHeadline = state.reasons.map((r) => t(`reason_${r}_headline`)).find(Boolean);
  if (hasAlert(state) && reasonHeadline) return reasonHeadline;
  switch (state.state) {
    case "checking": return t("state_checking_body");
    case "resolved": return t("state_resolved_body", [formatMonthDay(state.resolvedAt ?? "")]);
    case "clear": return t(state.verdicts["own-mail"] > 0 ? "alert_none_body_bounces" : "alert_none_body");
    case "spoofing": return t("alert_spoofing_body");
    case "compromise": return t("alert_compromise_body");
    case "restricted": return t("state_restricted_body");
  }
}

/** "Since 18 November, latest 3 hours ago" for an alert; when it was dealt with for a resolved account. */
export function whenText(state: AccountState, now = Date.now()): string {
  if (hasAlert(state) && state.since && state.latest) {
    return t("state_when", [formatMonthDay(state.since, now), formatAgo(state.latest, now)]);
  }
  if (state.state === "resolved" && state.resolvedAt) return t("state_resolved_when", [formatMonthDay(state.resolvedAt, now)]);
  return "";
}

export function stateChip(state: AccountState): HTMLElement {
  return el("span", { className: `state-chip state-${state.state}`, text: t(`state_${state.state}_chip`) });
}

/** The progress of a running history check: what it does now, and a bar over a total known up front. */
export function progressLine(scan: HistoryScanProgress | null): HTMLElement | null {
  if (!scan || scan.state !== "running") return null;
  const text = scan.phase === "folders"
    ? t("scan_phase_folders", [formatNumber(scan.folders.listed), formatNumber(scan.folders.total)])
    : t(`scan_phase_${scan.phase}`, [formatNumber(scan.examined), formatNumber(scan.total)]);
  const bar = el("progress", { attrs: { max: String(Math.max(1, scan.total)), value: String(scan.examined), "aria-labelledby": "progress-text" } });
  return el("div", { className: "progress-line", attrs: { id: "progress" } },
    el("span", { attrs: { id: "progress-text", role: "status" } }, phrased(text)), bar);
}

/** What the last finished check looked at, and (for a clean history) that nothing suggests misuse. */
export function scanResultLine(overview: Overview): HTMLElement | null {
  const scan = overview.historyScan;
  if (!scan || scan.state !== "done") return null;
  const clean = overview.accounts.every((a) => !hasAlert(a));
  const text = t(clean ? "scan_result_clear" : "scan_result_found",
    [formatNumber(scan.screened), tCount("accounts", scan.accounts), formatMonthDay(scan.since)]);
  return el("p", { className: "scan-result", attrs: { id: "scan-result" } }, phrased(text));
}

/**
 * The banner for one account. `actions` (the page's main buttons) go inside it, right under the words, so
 * the headline, the account and what to do are seen together.
 */
export function banner(state: AccountState, overview: Overview, actions: HTMLElement | null = null): HTMLElement {
  const tone = TONE[state.state];
  const when = whenText(state);
  const progress = state.state === "checking" ? progressLine(overview.historyScan) : null;
  return el("section", { className: `banner banner-${tone}`, attrs: { role: "status", "aria-live": "polite", id: "banner", "data-state": state.state } },
    el("span", { className: "banner-icon", attrs: { "aria-hidden": "true" }, text: tone === "ok" ? "✓" : tone === "checking" ? "…" : "!" }),
    el("div", { className: "banner-text" },
      el("h2", { className: "banner-title phrased" }, phrased(t(TITLE_KEY[state.state]))),
      el("p", { className: "banner-account", attrs: { id: "banner-account" }, text: accountLabel(state) }),
      when ? el("p", { className: "banner-when", attrs: { id: "banner-when" }, text: when }) : null,
      el("p", { className: "banner-body phrased" }, phrased(bodyText(state))),
      progress,
      state.unreviewed > 0 ? el("p", { className: "banner-unreviewed", text: tCount("unreviewed", state.unreviewed) }) : null,
      actions));
}

/** "I have dealt with it" for an account with an alert; `resolve` asks the background. */
export function resolveButton(state: AccountState, resolve: (accountId: string) => void): HTMLButtonElement | null {
  if (!hasAlert(state)) return null;
  const button = el("button", { className: "resolve", attrs: { type: "button", "data-account": state.accountId },
    text: t(isUrgent(state) ? "state_resolve_urgent" : "state_resolve_spoofing") });
  button.addEventListener("click", () => resolve(state.accountId));
  return button;
}

/** The accounts besides the one in the banner: a line each with its state. */
export function otherAccounts(states: readonly AccountState[]): HTMLElement | null {
  if (states.length === 0) return null;
  return el("section", { attrs: { "aria-labelledby": "accounts-heading" } },
    el("h2", { className: "section-title", attrs: { id: "accounts-heading" }, text: t("accounts_heading") }),
    el("ul", { className: "accounts-list", attrs: { id: "accounts" } },
      ...states.map((state) => {
        const when = whenText(state);
        return el("li", { attrs: { "data-account": state.accountId, "data-state": state.state } },
          el("span", { className: "account-label", text: accountLabel(state) }),
          stateChip(state),
          when ? el("span", { className: "account-when", text: when }) : null);
      })));
}

/** The steps that match the account's state, or null when nothing needs doing; "now" only when it is urgent. */
export function whatToDo(state: AccountState): HTMLElement | null {
  const which = adviceCase(state.alert, state.verdicts["own-mail"]);
  if (!which) return null;
  return el("section", { className: `steps steps-${which}`, attrs: { "aria-labelledby": "steps-heading", id: "steps" } },
    el("h2", { attrs: { id: "steps-heading" } }, phrased(t(isUrgent(state) ? "steps_heading" : "steps_heading_calm"))),
    el("ol", {}, ...adviceSteps(which).map((key) => el("li", { className: "phrased" }, phrased(t(key))))));
}
