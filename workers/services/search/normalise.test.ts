import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { foldedTokens, foldText, isSpaceless, searchTokens } from "./normalise.ts";

/** Names in many scripts and spellings (no apostrophes: those the index also holds folded, see search-index.ts). */
const NAMES = [
  "Beyoncé feat. JAY-Z",
  "Sigur Rós – Hoppípolla",
  "Mötley Crüe",
  "Œuvre Ærø",
  "Straße nach Łódź",
  "Dvořák: Symphony No. 9",
  "Sơn Tùng M-TP",
  "Σίσυφος και Ἀθῆναι",
  "Кино — Группа крови, Ёлка",
  "東京事変 宇多田ヒカル ガパ",
  "방탄소년단",
  "ＡＢＣ１２３ ﬁre",
  "AC/DC P!nk Ke$ha",
  "הדג נחש",
  "عمرو دياب",
  "हिन्दी गाना",
  "ſchön µ-Law",
];

describe("searchTokens", () => {
  it("folds case and Latin diacritics and splits at punctuation", () => {
    expect(searchTokens("Beyoncé – Halo (Live)")).toEqual(["beyonce", "halo", "live"]);
    expect(searchTokens("AC/DC")).toEqual(["ac", "dc"]);
    expect(searchTokens("Mötley Crüe")).toEqual(["motley", "crue"]);
  });

  it("drops apostrophes so don't, don’t and dont are one word", () => {
    expect(searchTokens("Don't")).toEqual(["dont"]);
    expect(searchTokens("Don’t Stop")).toEqual(["dont", "stop"]);
  });

  it("keeps marks that carry meaning outside Latin script", () => {
    expect(foldText("ガ")).toBe("ガ");
    expect(foldText("ά")).toBe("ά");
  });

  it("yields exactly the tokens the index's tokenizer makes", async () => {
    // A throwaway FTS5 table defined exactly like the word index.
    const { sql } = (await env.DB.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_words'").first<{
      sql: string;
    }>()) as { sql: string };
    await env.DB.batch([
      env.DB.prepare(sql.replace(/`search_words`|search_words/, "tokenizer_probe")),
      env.DB.prepare("CREATE VIRTUAL TABLE tokenizer_probe_terms USING fts5vocab(tokenizer_probe, instance)"),
      ...NAMES.map((name, i) =>
        env.DB.prepare("INSERT INTO tokenizer_probe (rowid, name) VALUES (?, ?)").bind(i + 1, name),
      ),
    ]);
    try {
      for (const [i, name] of NAMES.entries()) {
        const { results } = await env.DB.prepare(
          "SELECT term FROM tokenizer_probe_terms WHERE doc = ? ORDER BY offset",
        )
          .bind(i + 1)
          .all<{ term: string }>();
        expect(searchTokens(name), name).toEqual(results.map((row) => row.term));
      }
    } finally {
      await env.DB.batch([
        env.DB.prepare("DROP TABLE tokenizer_probe_terms"),
        env.DB.prepare("DROP TABLE tokenizer_probe"),
      ]);
    }
  });
});

describe("isSpaceless", () => {
  it("recognises scripts written without spaces", () => {
    expect(isSpaceless("東京")).toBe(true);
    expect(isSpaceless("ヒカル")).toBe(true);
    expect(isSpaceless("ภาษาไทย")).toBe(true);
    expect(isSpaceless("beyonce")).toBe(false);
    expect(isSpaceless("кино")).toBe(false);
  });
});

describe("foldedTokens", () => {
  it("splits folded text into the same tokens as the text itself (ranking folds each name once)", () => {
    for (const name of [...NAMES, "Don't Stop", "ΣΟΦΟΣ σοφός", "AC/DC", "夜空ノムコウ", "Café 9 – ½", ""]) {
      expect(foldedTokens(foldText(name)), name).toEqual(searchTokens(name));
    }
  });
});
