// The report page's DMARC section, one per account with reports: a per-day chart of the messages sent as the
// domain by source class (provider pass / forwarder / unknown fail / other), built as SVG nodes like the
// bounce chart (text set as text only), and a table of the sources with their counts, results and a plain
// explanation. Report data is hostile like any mail: IPs and names are only ever set as text.
import { dmarcExplanation, type DmarcDay } from "../core/dmarc/judge";
import type { DmarcView } from "../shared/protocol";
import { axisMax, svg } from "./chart";
import { el } from "./dom";
import { formatDay, formatNumber, t } from "./i18n";

const SERIES = [
  { key: "providerPass", label: "dmarc_class_provider", className: "dm-provider" },
  { key: "forwarder", label: "dmarc_class_forwarder", className: "dm-forwarder" },
  { key: "unknownFail", label: "dmarc_class_unknown_fail", className: "dm-unknown" },
  { key: "other", label: "dmarc_class_other", className: "dm-other" },
] as const;

const WIDTH = 640;
const HEIGHT = 170;
const LEFT = 40;
const BOTTOM = 18;
const TOP = 8;
/** Rows shown in the table; the CLI's JSON summary has every source. */
const MAX_ROWS = 50;

/** One bar per report day (all domains of the account together), stacked by class; alarm days are marked. */
function dailyTotals(days: readonly DmarcDay[]): DmarcDay[] {
  const byDay = new Map<string, DmarcDay>();
  for (const d of days) {
    const sum = byDay.get(d.day);
    if (!sum) byDay.set(d.day, { ...d });
    else {
      for (const s of SERIES) sum[s.key] += d[s.key];
      sum.ownSent = Math.max(sum.ownSent, d.ownSent);
      sum.alarm ||= d.alarm;
    }
  }
  return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
}

export function dmarcChart(days: readonly DmarcDay[], titleId: string): SVGSVGElement {
  const shown = dailyTotals(days);
  const totals = shown.map((d) => SERIES.reduce((sum, s) => sum + d[s.key], 0));
  const top = axisMax(Math.max(1, ...totals));
  const plotHeight = HEIGHT - BOTTOM - TOP;
  const band = (WIDTH - LEFT) / Math.max(1, shown.length);
  const y = (value: number) => TOP + plotHeight - (value / top) * plotHeight;
  const root = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", class: "chart dmarc-chart", "aria-labelledby": titleId });
  const total = totals.reduce((a, b) => a + b, 0);
  root.appendChild(svg("title", { id: titleId }, shown.length
    ? t("dmarc_chart_summary", [formatNumber(total), formatDay(shown[0]!.day), formatDay(shown[shown.length - 1]!.day)])
    : t("dmarc_empty")));
  for (const value of Number.isInteger(top / 2) ? [0, top / 2, top] : [0, top]) {
    root.appendChild(svg("line", { x1: LEFT, x2: WIDTH, y1: y(value), y2: y(value), class: "chart-grid" }));
    root.appendChild(svg("text", { x: LEFT - 4, y: y(value) + 3, class: "chart-axis", "text-anchor": "end" }, formatNumber(value)));
  }
  shown.forEach((day, i) => {
    const group = svg("g", { class: `chart-day${day.alarm ? " dm-alarm-day" : ""}` });
    const parts = SERIES.filter((s) => day[s.key] > 0).map((s) => `${t(s.label)} ${formatNumber(day[s.key])}`);
    group.appendChild(svg("title", {}, `${formatDay(day.day)}: ${[...parts, t("dmarc_you_sent", [formatNumber(day.ownSent)])].join(", ")}`));
    if (day.alarm) {
      group.appendChild(svg("rect", { x: LEFT + i * band, width: band, y: TOP, height: plotHeight, class: "dm-alarm" }));
    }
    let stacked = 0;
    for (const series of SERIES) {
      const count = day[series.key];
      if (!count) continue;
      group.appendChild(svg("rect", {
        x: LEFT + i * band + band * 0.15, width: band * 0.7, y: y(stacked + count), height: y(stacked) - y(stacked + count),
        class: `chart-bar ${series.className}`,
      }));
      stacked += count;
    }
    root.appendChild(group);
  });
  const labelled = shown.length > 1 ? [0, Math.floor((shown.length - 1) / 2), shown.length - 1] : [0];
  for (const i of labelled) {
    const day = shown[i];
    if (!day) continue;
    const anchor = i === 0 ? "start" : i === shown.length - 1 ? "end" : "middle";
    const x = i === 0 ? LEFT : i === shown.length - 1 ? WIDTH : LEFT + (i + 0.5) * band;
    root.appendChild(svg("text", { x, y: HEIGHT - 4, class: "chart-axis", "text-anchor": anchor }, formatDay(day.day, "short")));
  }
  return root;
}

function legend(): HTMLElement {
  return el("ul", { className: "counts dmarc-legend" },
    ...SERIES.map((s) => el("li", { className: `count ${s.className}` },
      el("span", { className: "swatch", attrs: { "aria-hidden": "true" } }),
      el("span", { className: "count-label", text: t(s.label) }))));
}

function sourceTable(view: DmarcView): HTMLElement {
  const rows = view.sources.slice(0, MAX_ROWS);
  const col = (key: string) => el("th", { attrs: { scope: "col" }, text: t(key) });
  return el("table", { className: "dmarc-sources" },
    el("caption", { text: t("dmarc_table_caption") }),
    el("thead", {}, el("tr", {}, col("dmarc_col_source"), col("dmarc_col_class"), col("dmarc_col_messages"),
      col("dmarc_col_results"), col("dmarc_col_meaning"))),
    el("tbody", {}, ...rows.map((source) => {
      const [key, params] = dmarcExplanation(source);
      return el("tr", { className: `dm-row dm-row-${source.class}${source.raised ? " dm-raised" : ""}` },
        el("td", {}, el("bdi", { className: "mail-text", text: source.sourceIp.slice(0, 64) })),
        el("td", { text: t(`dmarc_who_${source.class}`) }),
        el("td", { className: "num", text: formatNumber(source.messages) }),
        el("td", { text: t("dmarc_results", [formatNumber(source.pass), formatNumber(source.fail)]) }),
        el("td", { text: t(key, params.map((p) => (/^\d+$/.test(p) ? formatNumber(Number(p)) : p))) }));
    })));
}

/** The DMARC section of one account. */
function accountSection(view: DmarcView, index: number, several: boolean): HTMLElement {
  const headingId = `dmarc-heading-${index}`;
  const alarmDays = [...new Set(view.days.filter((d) => d.alarm).map((d) => d.day))];
  return el("section", { className: "dmarc-section", attrs: { "aria-labelledby": headingId, "data-account": view.accountId } },
    el("h2", { attrs: { id: headingId }, className: "section-title", text: several ? `${t("dmarc_heading")} (${view.name})` : t("dmarc_heading") }),
    el("p", { className: "muted", text: t("dmarc_intro") }),
    el("h3", { text: t("dmarc_chart_title") }),
    dmarcChart(view.days, `dmarc-chart-title-${index}`),
    legend(),
    alarmDays.length ? el("p", { className: "dmarc-alarm-days", text: t("dmarc_alarm_days", [alarmDays.map((d) => formatDay(d)).join(", ")]) }) : null,
    sourceTable(view));
}

/** Every account's DMARC section; nothing when no reports have arrived. */
export function dmarcSections(views: readonly DmarcView[]): HTMLElement[] {
  return views.map((view, i) => accountSection(view, i, views.length > 1));
}
