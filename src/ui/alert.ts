// An account's state as the pages show it: the banner (headline, the account, since when and the latest
// evidence), the other accounts, the history check's progress and result, and the "What to do" steps.
// Shared by the popup, the report page and the welcome page.
import { adviceFor, cautionsFor, type Advice } from "../core/advice";
import { TRACES, type Trace } from "../core/types";
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

/** The core's advice for the account's alert (src/core/advice.ts): headline, explanation and steps of its strongest cause. */
function adviceOf(state: AccountState): Advice | null {
  return hasAlert(state) && state.causes.length > 0 ? adviceFor(state.alert, state.causes, state.verdicts["own-mail"], t) : null;
}

/** What happened, in one sentence: the strongest cause's headline while an alert stands, else the state's title. */
function titleText(state: AccountState): string {
  return adviceOf(state)?.title ?? t(TITLE_KEY[state.state]);
}

/** Why, in one or two sentences: the strongest cause's explanation, otherwise the state's. */
function bodyText(state: AccountState): string {
  const advice = adviceOf(state);
  if (advice) return advice.body;
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
      el("h2", { className: "banner-title phrased" }, phrased(titleText(state))),
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

/** The step keys for the account's state (the core's advice for its strongest cause), for the pages and the exports. */
export function stepKeys(state: AccountState): readonly string[] {
  return adviceFor(state.alert, state.causes, state.verdicts["own-mail"], t).steps;
}

/** The steps that match the account's state, or null when nothing needs doing; "now" only when it is urgent. */
export function whatToDo(state: AccountState): HTMLElement | null {
  const advice = adviceFor(state.alert, state.causes, state.verdicts["own-mail"], t);
  if (advice.steps.length === 0) return null;
  return el("section", { className: `steps steps-${advice.kind}`, attrs: { "aria-labelledby": "steps-heading", id: "steps" } },
    el("h2", { attrs: { id: "steps-heading" } }, phrased(t(isUrgent(state) ? "steps_heading" : "steps_heading_calm"))),
    el("ol", {}, ...advice.steps.map((key) => el("li", { className: "phrased" }, phrased(t(key))))));
}

/** What raises no alert but needs saying (a look-alike notice: do not click its links), over all watched accounts. */
export function cautions(overview: Overview): HTMLElement[] {
  const traces = Object.fromEntries(TRACES.map((trace) => [trace, 0])) as Record<Trace, number>;
  for (const account of overview.accounts) for (const trace of TRACES) traces[trace] += account.traces[trace] ?? 0;
  return cautionsFor(traces, overview.accounts.flatMap((a) => a.causes), t).map((caution) =>
    el("section", { className: `caution caution-${caution.kind}`, attrs: { "aria-labelledby": `caution-${caution.kind}-heading`, id: `caution-${caution.kind}` } },
      el("h2", { attrs: { id: `caution-${caution.kind}-heading` }, text: caution.title }),
      el("p", { text: caution.body }),
      el("ol", {}, ...caution.steps.map((key) => el("li", { text: t(key) })))));
}
