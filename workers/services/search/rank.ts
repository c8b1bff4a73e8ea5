import type { SearchHits, SearchOptions } from "../../db/catalog-db.ts";
import type { Corrections } from "./fts5-match.ts";
import { hasCriteria, type SearchQuery } from "./parse-query.ts";
import { NAME_MATCH_POINTS, nameMatch, playsBonus, queryWords } from "./score.ts";
import type { SearchKind } from "./search-index.ts";
import { kindCanMatch, SEARCH_DEPTH } from "./search-sql.ts";

/** At most this many words of a query are tried for a typo (each has some 300–550 spellings). */
export const MAX_CORRECTED_WORDS = 5;
/** Autocomplete looks in these kinds; equally popular suggestions come in this order. */
export const SUGGESTION_KINDS: SearchKind[] = ["artist", "track", "album", "playlist", "show"];

/** One kind's candidates as an index finds them. */
export interface FoundCandidates {
  /**
   * The candidates that can rank among the first `keep` of all matches: every match, or (FTS5)
   * those left after dropping the ones its score bounds prove cannot.
   */
  candidates: SearchCandidate[];
  /** How many items matched, up to the search depth (dropped candidates count). */
  matched: number;
}

/** How one index (FTS5 in D1, Postgres full-text search) finds candidates and typo corrections. */
export interface CandidateFinder {
  /**
   * Every asked kind's candidates: the most popular matches of the query, up to the search
   * depth; `keep` is how many of the best a page needs (offset + limit).
   */
  find(
    query: SearchQuery,
    kinds: SearchKind[],
    options: { keep: number; corrections?: Corrections },
  ): Promise<Map<SearchKind, FoundCandidates>>;
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
  // At least one, so that every kind with a match sends a candidate (a page of `limit` 0 has a total).
  const keep = Math.max(1, options.offset + options.limit);
  let corrections: Corrections | undefined;
  let found = await finder.find(query, kinds, { keep });
  if (kinds.length > 0 && [...found.values()].every((kind) => kind.matched === 0)) {
    corrections = await finder.corrections(query);
    if (corrections.size > 0) found = await finder.find(query, kinds, { keep, corrections });
  }
  const hits: SearchHits = {};
  for (const kind of options.kinds) {
    const { candidates = [], matched = 0 } = found.get(kind) ?? {};
    const ranked = rankCandidates(candidates, query, corrections);
    hits[kind] = {
      ids: ranked.slice(options.offset, options.offset + options.limit).map((candidate) => candidate.id),
      total: Math.min(matched, SEARCH_DEPTH),
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

/**
 * Orders candidates best first by their score (`score.ts`). So the exact title of a popular track
 * beats a longer title that merely starts with the query, while a far more popular partial match
 * can still rise above an obscure exact one.
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

/** How a candidate scores for the query. */
function candidateScorer(
  query: SearchQuery,
  corrections?: Corrections,
): (candidate: SearchCandidate) => number {
  const words = queryWords(query, corrections);
  return (candidate) =>
    nameMatch(candidate.name, words) * NAME_MATCH_POINTS + candidate.popularity + playsBonus(candidate.plays);
}
