import type { SearchHits, SearchOptions, Suggestion } from "../../db/catalog-db.ts";
import { type Corrections, type ShortTokenTrigrams, shortTokens } from "./fts5-match.ts";
import type { SearchQuery } from "./parse-query.ts";
import { type FoundCandidates, MAX_CORRECTED_WORDS, SUGGESTION_KINDS, searchWith } from "./rank.ts";
import { kindOfRankKey, type SearchKind, type SqlStatement } from "./search-index.ts";
import {
  type CandidateRow,
  candidateStatement,
  indexedTermsStatement,
  knownWordsStatement,
  type SuggestionRow,
  searchesSubstrings,
  shortTokenTrigramsStatement,
  suggestionStatement,
} from "./search-sql.ts";
import { spellingsOneEditAway } from "./typo.ts";

/** Runs statements in one D1 batch (one round trip, one snapshot). */
export async function runBatch<Row>(database: D1Database, statements: SqlStatement[]): Promise<Row[][]> {
  if (statements.length === 0) return [];
  const results = await database.batch<Row>(
    statements.map((statement) => database.prepare(statement.sql).bind(...statement.params)),
  );
  return results.map((result) => result.results);
}

/**
 * Searches the D1 index: every asked kind's candidates in one batch, those that can make the
 * page (see `score-bounds-sql.ts`); when nothing at all matched, words of five or more letters
 * that begin no indexed term are corrected (one edit) and the search runs again. Candidates are
 * ranked, and one page of ids is returned per kind.
 */
export async function searchD1Index(
  database: D1Database,
  query: SearchQuery,
  options: SearchOptions,
): Promise<SearchHits> {
  const trigrams = await findShortTokenTrigrams(database, query);
  return searchWith(
    {
      find: (q, kinds, { keep, corrections }) =>
        findCandidates(database, q, kinds, { keep, market: options.market, trigrams, corrections }),
      corrections: (q) => findCorrections(database, q),
    },
    query,
    options,
  );
}

/**
 * Autocomplete on the D1 index: the `limit` most popular artists, tracks, albums and shows with
 * the typed words at the start of a word of their name, most popular first.
 */
export async function suggestFromD1Index(
  database: D1Database,
  tokens: string[],
  options: { limit: number; market?: string },
): Promise<Suggestion[]> {
  if (tokens.length === 0) return [];
  const rows = await runBatch<SuggestionRow>(
    database,
    SUGGESTION_KINDS.map((kind) => suggestionStatement(tokens, kind, options.limit, options.market)),
  );
  return rows
    .flatMap((kindRows, k) => kindRows.map((row) => ({ row, order: k })))
    .sort(
      (a, b) => b.row.popularity - a.row.popularity || a.order - b.order || a.row.rank_key - b.row.rank_key,
    )
    .slice(0, options.limit)
    .map(({ row }) => ({ kind: kindOfRankKey(row.rank_key), id: row.id, name: row.name }));
}

async function findCandidates(
  database: D1Database,
  query: SearchQuery,
  kinds: SearchKind[],
  options: Parameters<typeof candidateStatement>[2],
): Promise<Map<SearchKind, FoundCandidates>> {
  const results = await runBatch<CandidateRow & { matched: number }>(
    database,
    kinds.map((kind) => candidateStatement(query, kind, options)),
  );
  return new Map(
    kinds.map((kind, i) => {
      const rows = results[i] ?? [];
      const candidates = rows.map((row) => ({
        rankKey: row.rank_key,
        id: row.id,
        name: row.name,
        popularity: row.popularity,
        plays: row.plays,
      }));
      return [kind, { candidates, matched: rows[0]?.matched ?? 0 }];
    }),
  );
}

/** For a substring search, the trigrams each of its one- or two-character tokens begins. */
async function findShortTokenTrigrams(database: D1Database, query: SearchQuery): Promise<ShortTokenTrigrams> {
  const tokens = searchesSubstrings(query) ? shortTokens(query) : [];
  const rows = await runBatch<{ term: string }>(database, tokens.map(shortTokenTrigramsStatement));
  return new Map(tokens.map((token, i) => [token, (rows[i] ?? []).map((row) => row.term)]));
}

/** Corrections for the free words that begin no indexed term: their indexed spellings one edit away. */
async function findCorrections(database: D1Database, query: SearchQuery): Promise<Corrections> {
  const spellings = new Map<string, string[]>();
  for (const text of query.text) {
    const [word] = text.tokens;
    if (text.tokens.length === 1 && word && spellings.size < MAX_CORRECTED_WORDS) {
      const nearby = spellingsOneEditAway(word);
      if (nearby.length > 0) spellings.set(word, nearby);
    }
  }
  if (spellings.size === 0) return new Map();
  const [known = [], indexed = []] = await runBatch<{ word?: string; term?: string }>(database, [
    knownWordsStatement([...spellings.keys()]),
    indexedTermsStatement([...new Set([...spellings.values()].flat())]),
  ]);
  const knownWords = new Set(known.map((row) => row.word));
  const indexedTerms = new Set(indexed.map((row) => row.term));
  const corrections = new Map<string, string[]>();
  for (const [word, nearby] of spellings) {
    const found = nearby.filter((spelling) => indexedTerms.has(spelling));
    if (!knownWords.has(word) && found.length > 0) corrections.set(word, found);
  }
  return corrections;
}
