// The status banner and the "What to do now" steps, shared by the popup and the report page.
import type { Overview } from "../shared/protocol";
import { adviceCase, adviceSteps } from "../core/advice";
import { el } from "./dom";
import { t, tCount } from "./i18n";
import { totalBounces } from "./summary";

/** Banner tone and text: the alert decides; "all clear" still says when there were ordinary bounces. */
export function banner(overview: Overview): HTMLElement {
  const tone = overview.alert === "compromise" ? "danger" : overview.alert === "spoofing" ? "warning" : "ok";
  const body =
    overview.alert === "compromise" ? t("alert_compromise_body")
    : overview.alert === "spoofing" ? t("alert_spoofing_body")
    : totalBounces(overview) > 0 ? t("alert_none_body_bounces") : t("alert_none_body");
  const unreviewed = overview.unreviewed > 0 ? el("p", { className: "banner-unreviewed", text: tCount("unreviewed", overview.unreviewed) }) : null;
  return el("section", { className: `banner banner-${tone}`, attrs: { role: "status", "aria-live": "polite", id: "banner" } },
    el("span", { className: "banner-icon", attrs: { "aria-hidden": "true" }, text: tone === "ok" ? "✓" : "!" }),
    el("div", { className: "banner-text" },
      el("h2", { className: "banner-title", text: t(`alert_${overview.alert}_title`) }),
      el("p", { className: "banner-body", text: body }),
      unreviewed));
}

/** The steps that match the alert, or null when nothing needs doing. */
export function whatToDo(overview: Overview): HTMLElement | null {
  const which = adviceCase(overview.alert, overview.verdicts["own-mail"]);
  if (!which) return null;
  return el("section", { className: `steps steps-${which}`, attrs: { "aria-labelledby": "steps-heading", id: "steps" } },
    el("h2", { attrs: { id: "steps-heading" }, text: t("steps_heading") }),
    el("ol", {}, ...adviceSteps(which).map((key) => el("li", { text: t(key) }))));
}
