// UI text and locale-aware formatting. Every string a person reads comes from _locales through here.

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
    node.textContent = t(node.dataset.i18n ?? "");
  }
  for (const node of root.querySelectorAll<HTMLElement>("[data-i18n-label]")) {
    node.setAttribute("aria-label", t(node.dataset.i18nLabel ?? ""));
  }
  document.documentElement.lang = uiLocale();
  document.documentElement.dir = t("@@bidi_dir") === "rtl" ? "rtl" : "ltr";
}
