// Which "What to do now" steps fit an alert: one list for the popup, the report page and the CLI.
// Values are _locales keys.
import type { Alert } from "./types";

const STEPS = {
  compromise: ["step_password", "step_two_factor", "step_forwarding", "step_unused_addresses", "step_contact_provider"],
  spoofing: ["step_account_fine", "step_dmarc", "step_ignore_backscatter"],
  "own-mail": ["step_clean_list"],
} as const;

export type AdviceCase = keyof typeof STEPS;

/** The case to advise on: the alert, or bounces of the person's own mail when there is no alert; null when nothing needs doing. */
export function adviceCase(alert: Alert, ownMailBounces: number): AdviceCase | null {
  if (alert !== "none") return alert;
  return ownMailBounces > 0 ? "own-mail" : null;
}

export function adviceSteps(which: AdviceCase): readonly string[] {
  return STEPS[which];
}
