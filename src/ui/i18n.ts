// UI text and locale-aware formatting. Every string a person reads comes from _locales through here; dates
// and times are shown in the person's locale and time zone (Intl's defaults are the system's).
import { phrases } from "./phrase";

/** The message for `key`, or "" when the table has none (as messenger.i18n.getMessage answers). */
export function t(key: string, substitutions: readonly string[] = []): string {
  return messenger.i18n.getMessage(key, [...substitutions]);
}

export function uiLocale(): string {
  return messenger.i18n.getUILanguage() || "en";
}

/** Chooses `<key>_one`, `<key>_other`... by the UI language's plural rules; `$1` is the formatted count. */
export function tCount(key: string, count: number, more: readonly string[] = []): string {
  const rule = new Intl.PluralRules(uiLocale()).select(count);
  const params = [formatNumber(count), ...more];
  return t(`${key}_${rule}`, params) || t(`${key}_other`, params);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(uiLocale()).format(n);
}

function parseDate(iso: string): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Date and time in the UI locale, or "" for a missing or unreadable date. */
export function formatDateTime(iso: string): string {
  const date = parseDate(iso);
  return date ? new Intl.DateTimeFormat(uiLocale(), { dateStyle: "medium", timeStyle: "short" }).format(date) : "";
}

/** Date and time with the time zone, for exports read elsewhere ("2025/11/20 10:17 JST"). */
export function formatExportDateTime(iso: string): string {
  const date = parseDate(iso);
  if (!date) return "";
  return new Intl.DateTimeFormat(uiLocale(), {
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
  }).format(date);
}

/** A day as people say it ("18 November"; with the year when it is not this year). */
export function formatMonthDay(iso: string, now = Date.now()): string {
  const date = parseDate(iso);
  if (!date) return "";
  const thisYear = date.getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(uiLocale(), thisYear ? { month: "long", day: "numeric" } : { dateStyle: "long" }).format(date);
}

/** How long ago, in words ("3 hours ago", "yesterday"); a day as such beyond a week. */
export function formatAgo(iso: string, now = Date.now()): string {
  const date = parseDate(iso);
  if (!date) return "";
  const seconds = Math.round((date.getTime() - now) / 1000);
  const relative = new Intl.RelativeTimeFormat(uiLocale(), { numeric: "auto" });
  if (seconds > -60) return relative.format(0, "minute");
  if (seconds > -3600) return relative.format(Math.round(seconds / 60), "minute");
  if (seconds > -86400) return relative.format(Math.round(seconds / 3600), "hour");
  if (seconds > -7 * 86400) return relative.format(Math.round(seconds / 86400), "day");
  return formatMonthDay(iso, now);
}

/**
 * Localized text as a node that breaks lines between phrases only (Japanese: no line starts inside a word or
 * with a particle; see phrase.ts). Only for the add-on's own words, never for mail text.
 */
export function phrased(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  phrases(text, uiLocale()).forEach((part, i) => {
    if (i > 0) fragment.appendChild(document.createElement("wbr"));
    fragment.appendChild(document.createTextNode(part));
  });
  return fragment;
}

/** A calendar day ("YYYY-MM-DD", as the overview's daily counts give it) in the UI locale. */
export function formatDay(day: string, style: "short" | "medium" = "medium"): string {
  const date = parseDate(`${day}T12:00:00`);
  if (!date) return day;
  const options: Intl.DateTimeFormatOptions = style === "short" ? { month: "numeric", day: "numeric" } : { dateStyle: "medium" };
  return new Intl.DateTimeFormat(uiLocale(), options).format(date);
}

/** Fills every element marked `data-i18n="key"` with its text, and sets the page's language and direction. */
export function localizePage(root: ParentNode = document): void {
  for (const node of root.querySelectorAll<HTMLElement>("[data-i18n]")) {
    node.replaceChildren(phrased(t(node.dataset.i18n ?? "")));
    node.classList.add("phrased");
  }
  for (const node of root.querySelectorAll<HTMLElement>("[data-i18n-label]")) {
    node.setAttribute("aria-label", t(node.dataset.i18nLabel ?? ""));
  }
  document.documentElement.lang = uiLocale();
  document.documentElement.dir = t("@@bidi_dir") === "rtl" ? "rtl" : "ltr";
}
