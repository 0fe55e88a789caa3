// Localized text for core results, from the add-on's own _locales tables (one source for add-on and CLI).
// The add-on renders with browser.i18n; the CLI and tests pass a messages.json table to these helpers.
import type { Evidence } from "./types";

export type MessageTable = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

/** Formats `key` the way browser.i18n.getMessage does for `$1`..`$9` substitutions and named placeholders. */
export function formatMessage(table: MessageTable, key: string, params: readonly string[] = []): string {
  const entry = table[key];
  if (!entry) return key;
  const positional = (text: string) => text.replace(/\$(\d)/g, (_, n: string) => params[Number(n) - 1] ?? "");
  // One pass, as Firefox does it: "$name$" placeholders, "$1".."$9" substitutions, "$$" for a literal "$".
  return entry.message.replace(/\$(?:(\d)|(\$)|([A-Za-z0-9_@]+)\$)/g, (whole, n?: string, dollar?: string, name?: string) => {
    if (n) return params[Number(n) - 1] ?? "";
    if (dollar) return "$";
    const placeholder = entry.placeholders?.[name!.toLowerCase()];
    return placeholder ? positional(placeholder.content) : whole;
  });
}

export function evidenceKey(evidence: Evidence): string {
  return `evidence_${evidence.signal.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

export function formatEvidence(table: MessageTable, evidence: Evidence): string {
  return formatMessage(table, evidenceKey(evidence), evidence.params);
}
