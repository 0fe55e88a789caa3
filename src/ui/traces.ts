// What a listed record is, in plain words (a bounce, or what the message says about the account; a message
// that could not be decoded), how much of it was decoded, and the warnings the background reports that are
// about the add-on's own reading and keeping (a Sent folder that gave no sent mail, storage that cannot keep
// results). Shared by the popup and the report page.
import { OVER_BUDGET } from "../core/analyze";
import { accountLabel, isPartlyDecoded, recordKind, type BounceRecord, type Overview, type RecordKind } from "../shared/protocol";
import { el } from "./dom";
import { formatDateTime, formatNumber, phrased, t } from "./i18n";

/** Kinds that say something about the account itself, listed beside the suspicious bounces. */
export const ACCOUNT_TRACES: RecordKind[] = ["restriction", "notice", "complaint", "reply", "lookalike"];

export function kindLabel(kind: RecordKind): string {
  return kind === "bounce" ? t("kind_bounce") : kind === "undecodable" ? t("kind_undecodable") : t(`trace_${kind}`);
}

/** The chips beside a record's verdict: its kind (unless a plain bounce) and "partly decoded". */
export function kindChips(record: BounceRecord): HTMLElement[] {
  const kind = recordKind(record);
  const chips: HTMLElement[] = [];
  if (kind && kind !== "bounce") chips.push(el("span", { className: `chip kind-chip k-${kind}`, attrs: { "data-kind": kind }, text: kindLabel(kind) }));
  if (isPartlyDecoded(record)) chips.push(el("span", { className: "chip kind-chip k-partial", text: t("decode_partial_chip") }));
  return chips;
}

/** What the record is, in one plain sentence, for every kind but a plain bounce (whose verdict says it). */
export function kindLine(record: BounceRecord): string {
  const kind = recordKind(record);
  if (kind === "undecodable") return t(record.report.error!.startsWith(OVER_BUDGET) ? "decode_over_budget" : "decode_failed");
  return kind && kind !== "bounce" ? t(`trace_${kind}_line`) : "";
}

/** What the decoding cut, in plain words, for a record decoded only in part; "" otherwise. */
export function partialLine(record: BounceRecord): string {
  if (!isPartlyDecoded(record)) return "";
  const cut = (record.report.limits ?? []).map((limit) => t(`limit_${limit}`)).filter(Boolean);
  return t("decode_partial", [cut.join(t("decode_list_separator"))]);
}

function notice(id: string, title: string, body: string, todo: string): HTMLElement {
  return el("section", { className: "caution notice-line", attrs: { id, role: "alert", "aria-labelledby": `${id}-heading` } },
    el("h2", { attrs: { id: `${id}-heading` } }, phrased(title)),
    el("p", { className: "phrased" }, phrased(body)),
    el("p", { className: "notice-todo phrased" }, phrased(todo)));
}

/** The storage warning: results cannot be kept (disk full, or writes failing), since when, and what to do. */
export function storageNotice(overview: Overview): HTMLElement | null {
  const { state, since, waiting } = overview.storage;
  if (state === "ok") return null;
  return notice("storage-warning", t(`storage_${state}_title`),
    t("storage_body", [formatDateTime(since ?? ""), formatNumber(waiting)]), t(`storage_${state}_todo`));
}

/** One warning per Sent folder that lists messages of which not one could be read as sent mail. */
export function sentFolderNotices(overview: Overview): HTMLElement[] {
  return overview.sentFolderWarnings.map((warning, i) => {
    const account = overview.accounts.find((a) => a.accountId === warning.accountId);
    const folder = account ? t("sent_folder_in_account", [warning.folder, accountLabel(account)]) : warning.folder;
    return notice(`sent-warning-${i}`, t("sent_folderUnread_title"), t("sent_folderUnread", [folder]), t("sent_folderUnread_todo"));
  });
}

/** How many shown records could not be fully decoded. */
export function notFullyDecoded(overview: Overview): number {
  return overview.decoding.undecodable + overview.decoding.partial;
}
