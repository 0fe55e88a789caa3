// Every evidence signal the verdict and trace engines can emit has a text in en and ja with the same substitutions.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import en from "../../_locales/en/messages.json";
import ja from "../../_locales/ja/messages.json";

const coreDir = join(import.meta.dirname, "..", "..", "src", "core");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [readFileSync(join(dir, e.name), "utf8")] : []);
}

const signals = [...new Set([...sources(join(coreDir, "verdict")), ...sources(join(coreDir, "trace"))].flatMap((code) =>
  [...code.matchAll(/evidence\(\s*"([a-z_]+)"|\[\s*"(ar_[a-z_]+)"/g)].map((m) => m[1] ?? m[2]!)))].sort();

const placeholders = (text: string): string[] => [...new Set(text.match(/\$\d/g) ?? [])].sort();

describe("evidence texts", () => {
  it("finds the signals in the engine's sources", () => expect(signals.length).toBeGreaterThanOrEqual(20));

  it.each(signals)("%s has en and ja texts with the same substitutions", (signal) => {
    const table = (t: unknown) => t as Record<string, { message: string; description: string }>;
    const english = table(en)[`evidence_${signal}`];
    const japanese = table(ja)[`evidence_${signal}`];
    expect(english?.message, "en").toBeTruthy();
    expect(japanese?.message, "ja").toBeTruthy();
    expect(english!.description).toBeTruthy();
    expect(placeholders(japanese!.message)).toEqual(placeholders(english!.message));
  });
});
