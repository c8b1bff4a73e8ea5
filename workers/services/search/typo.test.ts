import { describe, expect, it } from "vitest";
import { spellingsOneEditAway } from "./typo.ts";

describe("spellingsOneEditAway", () => {
  it("reaches a word's right spelling by one deletion, insertion, replacement or swap", () => {
    for (const [typo, right] of [
      ["beyoncee", "beyonce"],
      ["beyonc", "beyonce"],
      ["beyonse", "beyonce"],
      ["beyocne", "beyonce"],
      ["lonley", "lonely"],
    ]) {
      expect(spellingsOneEditAway(typo as string), typo).toContain(right);
    }
  });

  it("never offers the word itself, and nothing two edits away", () => {
    const spellings = spellingsOneEditAway("halos");
    expect(spellings).not.toContain("halos");
    expect(spellings).not.toContain("hello");
  });

  it("leaves short words and words outside a–z/0–9 alone", () => {
    expect(spellingsOneEditAway("halo")).toEqual([]);
    expect(spellingsOneEditAway("東京事変です")).toEqual([]);
  });

  it("tries digits only in words that have one", () => {
    expect(spellingsOneEditAway("blink182")).toContain("blink183");
    expect(spellingsOneEditAway("hello").some((s) => /\d/.test(s))).toBe(false);
  });
});
