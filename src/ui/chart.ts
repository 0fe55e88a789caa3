// The 30-day chart: one stacked bar per day, one colour per verdict, built as SVG nodes (text set as text only).
import type { Overview } from "../shared/protocol";
import { formatDay, formatNumber, t, tCount } from "./i18n";
import { SHOWN_VERDICTS, verdictClass, verdictLabel } from "./verdict";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 320;
const HEIGHT = 130;
const LEFT = 26;
const BOTTOM = 18;
const TOP = 6;

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A round axis maximum (1, 2, 5, 10, 20, 50...) so the gridlines carry plain numbers. */
export function axisMax(peak: number): number {
  for (let scale = 1; ; scale *= 10) {
    for (const step of [1, 2, 5]) if (step * scale >= peak) return step * scale;
  }
}

export function dailyChart(daily: Overview["daily"]): SVGSVGElement {
  const totals = daily.map((d) => SHOWN_VERDICTS.reduce((sum, v) => sum + d.counts[v], 0));
  const total = totals.reduce((a, b) => a + b, 0);
  const top = axisMax(Math.max(1, ...totals));
  const plotHeight = HEIGHT - BOTTOM - TOP;
  const band = (WIDTH - LEFT) / Math.max(1, daily.length);
  const y = (value: number) => TOP + plotHeight - (value / top) * plotHeight;

  const root = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", class: "chart", "aria-labelledby": "chart-title" });
  const summary = daily.length
    ? t("chart_summary", [tCount("bounces", total), formatDay(daily[0]!.day), formatDay(daily[daily.length - 1]!.day)])
    : t("chart_empty");
  root.appendChild(svg("title", { id: "chart-title" }, summary));

  for (const value of Number.isInteger(top / 2) ? [0, top / 2, top] : [0, top]) {
    root.appendChild(svg("line", { x1: LEFT, x2: WIDTH, y1: y(value), y2: y(value), class: "chart-grid" }));
    root.appendChild(svg("text", { x: LEFT - 4, y: y(value) + 3, class: "chart-axis", "text-anchor": "end" }, formatNumber(value)));
  }
  daily.forEach((day, i) => {
    const group = svg("g", { class: "chart-day" });
    const parts = SHOWN_VERDICTS.filter((v) => day.counts[v] > 0).map((v) => `${verdictLabel(v)} ${formatNumber(day.counts[v])}`);
    group.appendChild(svg("title", {}, `${formatDay(day.day)}: ${parts.length ? parts.join(", ") : t("chart_none_that_day")}`));
    let stacked = 0;
    for (const verdict of [...SHOWN_VERDICTS].reverse()) {
      const count = day.counts[verdict];
      if (!count) continue;
      group.appendChild(svg("rect", {
        x: LEFT + i * band + band * 0.15, width: band * 0.7,
        y: y(stacked + count), height: y(stacked) - y(stacked + count), class: `chart-bar ${verdictClass(verdict)}`,
      }));
      stacked += count;
    }
    root.appendChild(group);
  });
  const labelled = daily.length > 1 ? [0, Math.floor((daily.length - 1) / 2), daily.length - 1] : [0];
  for (const i of labelled) {
    const day = daily[i];
    if (!day) continue;
    const anchor = i === 0 ? "start" : i === daily.length - 1 ? "end" : "middle";
    const x = i === 0 ? LEFT : i === daily.length - 1 ? WIDTH : LEFT + (i + 0.5) * band;
    root.appendChild(svg("text", { x, y: HEIGHT - 4, class: "chart-axis", "text-anchor": anchor }, formatDay(day.day, "short")));
  }
  return root;
}
