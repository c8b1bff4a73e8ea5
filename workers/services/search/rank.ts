import type { SearchHits, SearchOptions } from "../../db/catalog-db.ts";
import type { Corrections } from "./fts5-match.ts";
import { foldedTokens, foldText, isSpaceless } from "./normalise.ts";
import { hasCriteria, type SearchQuery } from "./parse-query.ts";
import type { SearchKind } from "./search-index.ts";
import { kindCanMatch, SEARCH_DEPTH } from "./search-sql.ts";

/** At most this many words of a query are tried for a typo (each has some 300–550 spellings). */
export const MAX_CORRECTED_WORDS = 5;
/** Autocomplete looks in these kinds; equally popular suggestions come in this order. */
export const SUGGESTION_KINDS: SearchKind[] = ["artist", "track", "album", "playlist", "show"];

/** How one index (FTS5 in D1, Postgres full-text search) finds candidates and typo corrections. */
export interface CandidateFinder {
  /** Every asked kind's candidates: the most popular matches of the query, up to the search depth. */
  find(
    query: SearchQuery,
    kinds: SearchKind[],
    corrections?: Corrections,
  ): Promise<Map<SearchKind, SearchCandidate[]>>;
  /** One-edit corrections of the query's longer words that begin no indexed word. */
  corrections(query: SearchQuery): Promise<Corrections>;
}

/**
 * A search on any index: the asked kinds' candidates; when nothing at all matched, the query's
 * words corrected (one edit) and the search run again; then the candidates ranked, and one page
 * of ids with the total (at most the search depth) per kind.
 */
export async function searchWith(
  finder: CandidateFinder,
  query: SearchQuery,
  options: SearchOptions,
): Promise<SearchHits> {
  const kinds = hasCriteria(query) ? options.kinds.filter((kind) => kindCanMatch(query, kind)) : [];
  let corrections: Corrections | undefined;
  let found = await finder.find(query, kinds);
  if (kinds.length > 0 && [...found.values()].every((candidates) => candidates.length === 0)) {
    corrections = await finder.corrections(query);
    if (corrections.size > 0) found = await finder.find(query, kinds, corrections);
  }
  const hits: SearchHits = {};
  for (const kind of options.kinds) {
    const ranked = rankCandidates(found.get(kind) ?? [], query, corrections);
    hits[kind] = {
      ids: ranked.slice(options.offset, options.offset + options.limit).map((candidate) => candidate.id),
      total: Math.min(ranked.length, SEARCH_DEPTH),
    };
  }
  return hits;
}

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
  const score = candidateScorer(query, corrections);
  return candidates
    .map((candidate) => ({ candidate, score: score(candidate) }))
    .sort((a, b) => b.score - a.score || a.candidate.rankKey - b.candidate.rankKey)
    .map(({ candidate }) => candidate);
}

/** How a candidate scores for the query: name match (`NAME_MATCH_POINTS` per step) + popularity + listens. */
function candidateScorer(
  query: SearchQuery,
  corrections?: Corrections,
): (candidate: SearchCandidate) => number {
  const words = queryWords(query, corrections);
  return (candidate) =>
    nameMatch(candidate.name, words) * NAME_MATCH_POINTS + candidate.popularity + playsBonus(candidate.plays);
}

/**
 * A query word: the spellings it accepts, whether it may be the start of a longer word, and its
 * spellings in a script without spaces (found inside a name, too).
 */
interface QueryWord {
  spellings: readonly string[];
  prefix: boolean;
  spaceless: readonly string[];
}

function queryWords(query: SearchQuery, corrections: Corrections | undefined): QueryWord[] {
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

function nameMatch(name: string, words: QueryWord[]): number {
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

function playsBonus(plays: number): number {
  return Math.min(10, Math.floor(2 * Math.log10(1 + plays)));
}
