// Japanese phrases for line breaking: never a break inside a word or before a particle or ending.
import { describe, expect, it } from "vitest";
import { phrases } from "../../src/ui/phrase";
import ja from "../../_locales/ja/messages.json";

describe("phrases", () => {
  it("joins particles, endings and katakana compounds to their word", () => {
    expect(phrases("信頼できるパソコンやスマートフォンから、すぐにメールのパスワードを変更してください。", "ja")).toEqual(
      ["信頼できる", "パソコンや", "スマートフォンから、", "すぐに", "メールの", "パスワードを", "変更してください。"]);
  });

  it("keeps compounds of kanji and katakana whole", () => {
    expect(phrases("受信トレイ、迷惑メールフォルダー、そのほかのフォルダーのすべてです。", "ja")).toEqual(
      ["受信トレイ、", "迷惑メールフォルダー、", "そのほかの", "フォルダーのすべてです。"]);
    expect(phrases("タグ付けはオフです。", "ja")).toEqual(["タグ付けは", "オフです。"]);
  });

  it("leaves other languages whole", () => {
    expect(phrases("Change your mail password now.", "en")).toEqual(["Change your mail password now."]);
  });

  it("never starts a phrase with a particle, an ending or punctuation, in every Japanese message", () => {
    const starts = /^[をにはがのでともへやかしてだすた、。）」』]/u;
    for (const [key, { message }] of Object.entries(ja as Record<string, { message: string }>)) {
      const cut = phrases(message, "ja");
      expect(cut.join(""), key).toBe(message);
      // after punctuation a phrase may start with any word
      expect(cut.filter((p, i) => i > 0 && starts.test(p) && !/\p{P}$/u.test(cut[i - 1]!)), key).toEqual([]);
    }
  });
});
