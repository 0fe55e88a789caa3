// The pages build the DOM from text only: no source under the UI folders may parse strings as markup.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./harness";

const UI_DIRS = ["popup", "report", "options", "welcome", "src/ui"];
const SINKS = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|srcdoc)\b|\beval\s*\(|new Function\s*\(|\son[a-z]+\s*=\s*["']/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|html)$/.test(name) ? [path] : [];
  });
}

describe("UI sources", () => {
  it("never parse strings as markup, and the HTML has no inline scripts, handlers or styles", () => {
    const all = UI_DIRS.flatMap((dir) => files(join(ROOT, dir)));
    expect(all.length).toBeGreaterThanOrEqual(8);
    const offenders = all.filter((path) => SINKS.test(readFileSync(path, "utf8")));
    expect(offenders).toEqual([]);
    const html = all.filter((path) => path.endsWith(".html")).map((path) => readFileSync(path, "utf8"));
    for (const page of html) {
      expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(page).not.toMatch(/\sstyle\s*=/);
    }
  });
});
