// What to tell the person, one way for the popup, the report page and the CLI: a headline that says what
// happened in one sentence, its explanation, the "What to do now" steps that fit the strongest cause (the
// provider's own steps when a provider restricted or warned the account), and cautions that raise no alert
// (a look-alike notice, a complaint about mail the person did send). Values are _locales keys.
import type { Alert, AlertCause, AlertReason, Trace } from "./types";
import { dmarcSteps } from "./dmarc/judge";
import { providerById, type ProviderFamily } from "./trace/providers";

const GENERIC_STEPS = {
  compromise: ["step_password", "step_two_factor", "step_forwarding", "step_unused_addresses", "step_contact_provider"],
  spoofing: ["step_account_fine", "step_dmarc", "step_ignore_backscatter"],
  "own-mail": ["step_clean_list"],
} as const;

/** The steps each provider documents for an account that sent spam (Microsoft: "Responding to a compromised email account"). */
const PROVIDER_STEPS: Record<ProviderFamily, readonly string[]> = {
  microsoft365: ["step_ms_reset_password", "step_ms_inbox_rules", "step_ms_mfa", "step_ms_admin_release"],
  google: ["step_google_password", "step_google_2sv", "step_google_filters", "step_google_admin"],
  hosting: ["step_hosting_password", "step_hosting_log", "step_hosting_scan", "step_hosting_contact"],
};

/** Causes whose words are the alert's own (the verdicts' causes from before the traces). */
const ALERT_WORDS: Partial<Record<AlertReason, string>> = { compromise_bounce: "alert_compromise", spoofed_bounce: "alert_spoofing" };

/** Causes a provider stands behind: their steps are the provider's own. */
const PROVIDER_REASONS: ReadonlySet<AlertReason> = new Set(["restriction_ban", "restriction_limit", "provider_notice"]);

export type Translate = (key: string, params?: string[]) => string;

export interface Advice {
  tone: "danger" | "warning" | "ok";
  title: string;
  body: string;
  /** Steps as _locales keys; empty when nothing needs doing. */
  steps: readonly string[];
  /** The advice's kind, for a class name: the cause's reason, "own-mail" or "none". */
  kind: string;
}

export interface Caution {
  kind: "lookalike" | "complaint_own";
  title: string;
  body: string;
  steps: readonly string[];
}

/** The provider's display-name key ("provider_unknown" when none). */
export function providerKey(provider: string): string {
  return providerById(provider) ? `provider_${provider}` : "provider_unknown";
}

function stepsFor(cause: AlertCause): readonly string[] {
  if (cause.reason === "spoofed_bounce") return GENERIC_STEPS.spoofing;
  // DMARC reasons add a step of their own before the alert's
  if (cause.reason === "dmarc_spoofing") return [...dmarcSteps(cause.reason), ...GENERIC_STEPS.spoofing];
  // the password first, then asking the provider which login sent on the marked days
  if (cause.reason === "dmarc_volume") return [GENERIC_STEPS.compromise[0], ...dmarcSteps(cause.reason), ...GENERIC_STEPS.compromise.slice(1)];
  const family = PROVIDER_REASONS.has(cause.reason) ? providerById(cause.provider)?.family : undefined;
  return family ? PROVIDER_STEPS[family] : GENERIC_STEPS.compromise;
}

/**
 * The advice for an account: from its strongest cause (`causes` strongest first, as assessMailbox orders
 * them), else all clear, noting the person's own undeliverable mail.
 */
export function adviceFor(alert: Alert, causes: readonly AlertCause[], ownMailBounces: number, t: Translate): Advice {
  const top = alert === "none" ? undefined : causes[0];
  if (top) {
    const provider = t(providerKey(top.provider));
    const words = ALERT_WORDS[top.reason] ?? `reason_${top.reason}`;
    return {
      tone: alert === "compromise" ? "danger" : "warning",
      title: t(`${words}_title`, [provider]),
      body: t(`${words}_body`, [provider]),
      steps: stepsFor(top),
      kind: top.reason,
    };
  }
  if (alert !== "none") {
    return { tone: alert === "compromise" ? "danger" : "warning", title: t(`alert_${alert}_title`), body: t(`alert_${alert}_body`), steps: GENERIC_STEPS[alert], kind: alert };
  }
  return ownMailBounces > 0
    ? { tone: "ok", title: t("alert_none_title"), body: t("alert_none_body_bounces"), steps: GENERIC_STEPS["own-mail"], kind: "own-mail" }
    : { tone: "ok", title: t("alert_none_title"), body: t("alert_none_body"), steps: [], kind: "none" };
}

/** What needs saying though it raises no alert: look-alike notices, complaints about mail the person sent. */
export function cautionsFor(traces: Readonly<Record<Trace, number>>, causes: readonly AlertCause[], t: Translate): Caution[] {
  const cautions: Caution[] = [];
  if (traces.lookalike > 0) {
    cautions.push({ kind: "lookalike", title: t("caution_lookalike_title"), body: t("caution_lookalike_body"),
      steps: ["step_lookalike_no_click", "step_lookalike_type_address"] });
  }
  const raised = causes.filter((c) => c.reason === "complaint").reduce((n, c) => n + c.count, 0);
  if (traces.complaint > raised) {
    cautions.push({ kind: "complaint_own", title: t("caution_complaint_own_title"), body: t("caution_complaint_own_body"),
      steps: ["step_complaint_remove"] });
  }
  return cautions;
}
