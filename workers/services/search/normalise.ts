/**
 * Text normalisation for search: the query side of the index's tokenizer. The D1 index tokenizes
 * with SQLite FTS5 `unicode61 remove_diacritics 2`, which folds case, drops diacritics from Latin
 * letters and splits at everything that is not a letter, digit or private-use character. These
 * functions do the same in JavaScript, so a query token is exactly the token the index holds.
 *
 * Canonical decomposition (NFD), not compatibility (NFKD): the tokenizer keeps full-width forms and
 * ligatures as they are, so folding them here would make a query miss the very text it typed.
 */

/**
 * Apostrophes are removed before splitting (`don't` → `dont`); the index also holds the
 * apostrophe-free spelling of every name that has one (see `search-index.ts`), so `dont`, `don't`
 * and `don t` all find "Don't".
 */
export const APOSTROPHES = ["'", "\u2019", "\u2018", "\u02bc", "`"] as const;

const ASCII = /^[\p{ASCII}]*$/u;
const APOSTROPHE = new RegExp(`[${APOSTROPHES.join("")}]`, "gu");
const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu;
const SEPARATORS = /[^\p{L}\p{N}\p{Co}]+/u;
const ASCII_SEPARATORS = /[^a-z0-9]+/;
/** Letters the tokenizer case-folds to another letter that `toLowerCase` leaves alone. */
const FOLDS: Record<string, string> = { ς: "σ", ſ: "s", µ: "μ" };
const FOLDABLE = /[ςſµ]/gu;

/**
 * Scripts written without spaces between words. Words of these are found by substring (the
 * trigram index, or a bounded scan below three characters) as well as by word prefix.
 */
const SPACELESS =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** Folds text as the index does (case, Latin diacritics, apostrophes) without splitting it. */
export function foldText(text: string): string {
  // Most names are plain ASCII, where folding is only lower-casing (ranking folds every candidate).
  if (ASCII.test(text)) return text.toLowerCase().replace(APOSTROPHE, "");
  return text
    .normalize("NFD")
    .replace(LATIN_MARKS, "$1")
    .normalize("NFC")
    .toLowerCase()
    .replace(FOLDABLE, (c) => FOLDS[c] ?? c)
    .replace(APOSTROPHE, "");
}

/** The index tokens of `text`, in order: "Beyoncé – Don't Stop" → `["beyonce", "dont", "stop"]`. */
export function searchTokens(text: string): string[] {
  // In ASCII the tokenizer's letters and digits are a–z and 0–9 (ranking tokenizes every candidate).
  if (ASCII.test(text))
    return text.toLowerCase().replace(APOSTROPHE, "").split(ASCII_SEPARATORS).filter(Boolean);
  return foldText(text).split(SEPARATORS).filter(Boolean);
}

/** The index tokens of text `foldText` has folded: `searchTokens(text)` is `foldedTokens(foldText(text))`. */
export function foldedTokens(folded: string): string[] {
  // Folded text is lower case, so in ASCII its letters and digits are a–z and 0–9.
  return folded.split(ASCII.test(folded) ? ASCII_SEPARATORS : SEPARATORS).filter(Boolean);
}

/** Whether a token is (partly) in a script written without spaces, such as Chinese or Japanese. */
export function isSpaceless(token: string): boolean {
  return SPACELESS.test(token);
}
