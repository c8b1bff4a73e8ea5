/** Words of at least this many characters get one typo forgiven… */
export const TYPO_MIN_LENGTH = 5;
/** …up to this many: longer strings are not words anyone misspells, and would spell out thousands. */
const TYPO_MAX_LENGTH = 20;

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";

/**
 * Every spelling one edit away from `word` — a character deleted, inserted or replaced, or two
 * neighbours swapped — for folded Latin words (a–z, 0–9) of {@link TYPO_MIN_LENGTH} to 20
 * characters; none for other words. Digits are tried only in words that have one.
 * A 10-letter word has about 550 such spellings.
 */
export function spellingsOneEditAway(word: string): string[] {
  if (word.length < TYPO_MIN_LENGTH || word.length > TYPO_MAX_LENGTH || !/^[a-z0-9]+$/.test(word)) return [];
  const alphabet = /\d/.test(word) ? LETTERS + DIGITS : LETTERS;
  const spellings = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) spellings.add(head + tail.slice(1));
    if (tail.length > 1) spellings.add(head + tail.charAt(1) + tail.charAt(0) + tail.slice(2));
    for (const c of alphabet) {
      spellings.add(head + c + tail);
      if (tail) spellings.add(head + c + tail.slice(1));
    }
  }
  spellings.delete(word);
  return [...spellings];
}
