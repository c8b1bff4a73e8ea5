import type { Corrections } from "./fts5-match.ts";
import { foldText, isSpaceless, searchTokens } from "./normalise.ts";
import type { SearchQuery } from "./parse-query.ts";

/** A matching item before ranking; any index (FTS5, Postgres) can produce these. */
export interface SearchCandidate {
  /** Index order: lower is more popular at indexing time; breaks ties. */
  rankKey: number;
  id: string;
  name: string;
  /** 0..100 */
  popularity: number;
  /** Counted listens (0 where not counted). */
  plays: number;
}

/** How well the free text matches a name, in steps: higher is better. */
const NAME_MATCH = {
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
const NAME_MATCH_POINTS = 25;

/**
 * Orders candidates best first: how well the free text matches the name (exact, then the start,
 * then anywhere; `NAME_MATCH_POINTS` per step), plus popularity, plus up to 10 points for listens
 * (two per factor of ten). So the exact title of a popular track beats a longer title that merely
 * starts with the query, while a far more popular partial match can still rise above an obscure
 * exact one.
 */
export function rankCandidates(
  candidates: SearchCandidate[],
  query: SearchQuery,
  corrections?: Corrections,
): SearchCandidate[] {
  const words = queryWords(query, corrections);
  const score = (candidate: SearchCandidate) =>
    nameMatch(candidate.name, words) * NAME_MATCH_POINTS + candidate.popularity + playsBonus(candidate.plays);
  return candidates
    .map((candidate) => ({ candidate, score: score(candidate) }))
    .sort((a, b) => b.score - a.score || a.candidate.rankKey - b.candidate.rankKey)
    .map(({ candidate }) => candidate);
}

/** A query word: the spellings it accepts and whether it may be the start of a longer word. */
interface QueryWord {
  spellings: readonly string[];
  prefix: boolean;
}

function queryWords(query: SearchQuery, corrections: Corrections | undefined): QueryWord[] {
  return query.text.flatMap((text) =>
    text.tokens.map((token, i) => ({
      spellings: [token, ...(text.tokens.length === 1 ? (corrections?.get(token) ?? []) : [])],
      prefix: text.prefix && i === text.tokens.length - 1,
    })),
  );
}

function nameMatch(name: string, words: QueryWord[]): number {
  if (words.length === 0) return NAME_MATCH.elsewhere;
  const tokens = searchTokens(name);
  const same = (word: QueryWord, token: string | undefined) =>
    token !== undefined && word.spellings.includes(token);
  const begins = (word: QueryWord, token: string | undefined) =>
    token !== undefined && word.spellings.some((s) => (word.prefix ? token.startsWith(s) : token === s));
  if (tokens.length === words.length && words.every((word, i) => same(word, tokens[i])))
    return NAME_MATCH.exact;
  if (words.every((word, i) => begins(word, tokens[i]))) return NAME_MATCH.starts;
  const inName = (word: QueryWord) =>
    tokens.some((token) => begins(word, token)) ||
    word.spellings.some((s) => isSpaceless(s) && foldText(name).includes(s));
  return words.every(inName) ? NAME_MATCH.contains : NAME_MATCH.elsewhere;
}

function playsBonus(plays: number): number {
  return Math.min(10, Math.floor(2 * Math.log10(1 + plays)));
}
