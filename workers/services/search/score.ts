import type { Corrections } from "./fts5-match.ts";
import { foldedTokens, foldText, isSpaceless } from "./normalise.ts";
import type { SearchQuery } from "./parse-query.ts";

/**
 * How a search candidate scores: how well the free text matches its name (exact, then the
 * start, then anywhere; {@link NAME_MATCH_POINTS} per step), plus popularity, plus up to 10
 * points for listens (two per factor of ten). `rank.ts` orders candidates by it; `score-bounds-sql.ts`
 * bounds it in SQL, so the index sends only the candidates that can reach the page.
 */

/** How well the free text matches a name, in steps: higher is better. */
export const NAME_MATCH = {
  /** The text matches through the artist or album only. */
  elsewhere: 0,
  /** Every word is in the name, in any order. */
  contains: 1,
  /** The name begins with the text. */
  starts: 2,
  /** The name is the text. */
  exact: 3,
} as const;

/** Points per step of {@link NAME_MATCH}, on the 0..100 popularity scale. */
export const NAME_MATCH_POINTS = 25;

/** Most points listens add. */
export const MAX_PLAYS_BONUS = 10;

/**
 * A query word: the spellings it accepts (the word, then its typo corrections), whether it may be
 * the start of a longer word, and its spellings in a script without spaces (found inside a name,
 * too).
 */
export interface QueryWord {
  spellings: readonly string[];
  prefix: boolean;
  spaceless: readonly string[];
}

/** The free text's words, each with its spellings. */
export function queryWords(query: SearchQuery, corrections: Corrections | undefined): QueryWord[] {
  return query.text.flatMap((text) =>
    text.tokens.map((token, i) => {
      const spellings = [token, ...(text.tokens.length === 1 ? (corrections?.get(token) ?? []) : [])];
      return {
        spellings,
        prefix: text.prefix && i === text.tokens.length - 1,
        spaceless: spellings.filter(isSpaceless),
      };
    }),
  );
}

/** How well `words` match `name`: a step of {@link NAME_MATCH}. */
export function nameMatch(name: string, words: QueryWord[]): number {
  if (words.length === 0) return NAME_MATCH.elsewhere;
  const folded = foldText(name);
  // A word in the name occurs in its folded text. Most candidates of a common word matched
  // through their artist or album; this settles them without splitting the name into tokens.
  if (!words.every((word) => word.spellings.some((s) => folded.includes(s)))) return NAME_MATCH.elsewhere;
  const tokens = foldedTokens(folded);
  const same = (word: QueryWord, token: string | undefined) =>
    token !== undefined && word.spellings.includes(token);
  const begins = (word: QueryWord, token: string | undefined) =>
    token !== undefined && word.spellings.some((s) => (word.prefix ? token.startsWith(s) : token === s));
  if (tokens.length === words.length && words.every((word, i) => same(word, tokens[i])))
    return NAME_MATCH.exact;
  if (words.every((word, i) => begins(word, tokens[i]))) return NAME_MATCH.starts;
  const inName = (word: QueryWord) =>
    tokens.some((token) => begins(word, token)) || word.spaceless.some((s) => folded.includes(s));
  return words.every(inName) ? NAME_MATCH.contains : NAME_MATCH.elsewhere;
}

/** Points for `plays` listens: two per factor of ten, at most {@link MAX_PLAYS_BONUS}. */
export function playsBonus(plays: number): number {
  return Math.min(MAX_PLAYS_BONUS, Math.floor(2 * Math.log10(1 + plays)));
}
