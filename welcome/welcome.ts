// The welcome page, opened once after installing: what Bounce Sentinel watches, what it never does, where its
// button is, and its first look through the mail already there, live, ending in a result either way.
import type { Overview } from "../src/shared/protocol";
import { banner, otherAccounts, scanResultLine } from "../src/ui/alert";
import { ask } from "../src/ui/api";
import { byId, clear, el } from "../src/ui/dom";
import { localizePage, t } from "../src/ui/i18n";
import { onChange } from "../src/ui/live";

async function render(): Promise<void> {
  const overview: Overview = await ask({ type: "getOverview" });
  const state = byId("state");
  clear(state);
  const [first, ...others] = overview.accounts;
  if (!first) {
    state.append(el("p", { attrs: { id: "no-accounts" }, text: t("no_accounts") }));
    return;
  }
  state.append(...[banner(first, overview), otherAccounts(others), scanResultLine(overview)].filter((n): n is HTMLElement => n !== null));
}

async function main(): Promise<void> {
  localizePage();
  byId("open-report").addEventListener("click", () => void ask({ type: "openReport" }));
  byId("open-options").addEventListener("click", () => void messenger.runtime.openOptionsPage());
  try {
    await render();
    onChange(render);
  } catch {
    byId("state").append(el("p", { className: "error", attrs: { role: "alert" }, text: t("error_background") }));
  } finally {
    byId("app").setAttribute("aria-busy", "false");
  }
}

void main();
