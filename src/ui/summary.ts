// Counts by verdict (which double as the chart's legend) and the 30-day chart section, for popup and report.
import type { Overview } from "../shared/protocol";
import { dailyChart } from "./chart";
import { el } from "./dom";
import { formatNumber, t } from "./i18n";
import { SHOWN_VERDICTS, verdictClass, verdictLabel } from "./verdict";

export function verdictCounts(overview: Overview): HTMLElement {
  return el("section", { attrs: { "aria-labelledby": "counts-heading" }, className: "counts-section" },
    el("h2", { attrs: { id: "counts-heading" }, className: "section-title", text: t("counts_heading") }),
    el("ul", { className: "counts", attrs: { id: "counts" } },
      ...SHOWN_VERDICTS.map((verdict) =>
        el("li", { className: `count ${verdictClass(verdict)}`, attrs: { "data-verdict": verdict } },
          el("span", { className: "swatch", attrs: { "aria-hidden": "true" } }),
          el("span", { className: "count-number", text: formatNumber(overview.verdicts[verdict]) }),
          el("span", { className: "count-label", text: verdictLabel(verdict) })))));
}

export function chartSection(overview: Overview): HTMLElement {
  return el("section", { className: "chart-section", attrs: { "aria-labelledby": "chart-heading" } },
    el("h2", { attrs: { id: "chart-heading" }, className: "section-title", text: t("chart_heading") }),
    dailyChart(overview.daily));
}

export function totalBounces(overview: Overview): number {
  return SHOWN_VERDICTS.reduce((sum, v) => sum + overview.verdicts[v], 0);
}
