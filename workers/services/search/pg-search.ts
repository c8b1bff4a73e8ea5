import { type SQL, sql } from "drizzle-orm";
import type { SearchHits, SearchOptions, Suggestion } from "../../db/catalog-db.ts";
import type { PgDb } from "../../db/neon.ts";
import type { Corrections } from "./fts5-match.ts";
import type { SearchQuery } from "./parse-query.ts";
import {
  candidatesStatement,
  indexedTermsStatement,
  knownWordsStatement,
  suggestionsStatement,
} from "./pg-search-sql.ts";
import {
  type FoundCandidates,
  MAX_CORRECTED_WORDS,
  type SearchCandidate,
  SUGGESTION_KINDS,
  searchWith,
} from "./rank.ts";
import { kindOfRankKey, type SearchKind } from "./search-index.ts";
import type { CandidateRow } from "./search-sql.ts";
import { spellingsOneEditAway } from "./typo.ts";

/**
 * Search and autocomplete on the Postgres index, the twin of `d1-search.ts`: the same
 * candidates (Postgres full-text search and trigrams where D1 has FTS5), ranked by the same
 * `rankCandidates`, paged and counted the same way.
 */

/** Items read per step while finding which spellings are indexed words. */
const TERM_STEP_ITEMS = 200;
/** Steps before giving up on the rest of the spellings (each finds at least one). */
const MAX_TERM_STEPS = 8;

async function rowsOf<Row>(db: PgDb, statement: SQL): Promise<Row[]> {
  return (await db.execute(statement)).rows as Row[];
}

/**
 * Searches the Postgres index (as `searchD1Index`): every asked kind's candidates in one
 * statement; when nothing at all matched, words of five or more letters that begin no indexed
 * word are corrected (one edit) and the search runs again. Candidates are ranked, and one page
 * of ids is returned per kind.
 */
export async function searchPgIndex(
  db: PgDb,
  query: SearchQuery,
  options: SearchOptions,
): Promise<SearchHits> {
  return searchWith(
    {
      find: (q, kinds, { corrections }) =>
        findCandidates(db, q, kinds, { market: options.market, corrections }),
      corrections: (q) => findCorrections(db, q),
    },
    query,
    options,
  );
}

/**
 * Autocomplete on the Postgres index (as `suggestFromD1Index`): the `limit` most popular
 * artists, tracks, albums, playlists and shows with the typed words at the start of a word of
 * their name, most popular first.
 */
export async function suggestFromPgIndex(
  db: PgDb,
  tokens: string[],
  options: { limit: number; market?: string },
): Promise<Suggestion[]> {
  if (tokens.length === 0 || options.limit <= 0) return [];
  const rows = await rowsOf<CandidateRow>(
    db,
    suggestionsStatement(tokens, SUGGESTION_KINDS, options.limit, options.market),
  );
  const order = (row: CandidateRow) => SUGGESTION_KINDS.indexOf(kindOfRankKey(row.rank_key));
  return rows
    .sort((a, b) => b.popularity - a.popularity || order(a) - order(b) || a.rank_key - b.rank_key)
    .slice(0, options.limit)
    .map((row) => ({ kind: kindOfRankKey(row.rank_key), id: row.id, name: row.name }));
}

async function findCandidates(
  db: PgDb,
  query: SearchQuery,
  kinds: SearchKind[],
  options: { market?: string; corrections?: Corrections },
): Promise<Map<SearchKind, FoundCandidates>> {
  const byKind = new Map<SearchKind, Map<number, SearchCandidate>>(kinds.map((kind) => [kind, new Map()]));
  if (kinds.length > 0) {
    for (const row of await rowsOf<CandidateRow>(db, candidatesStatement(query, kinds, options))) {
      byKind.get(kindOfRankKey(row.rank_key))?.set(row.rank_key, {
        rankKey: row.rank_key,
        id: row.id,
        name: row.name,
        popularity: row.popularity,
        plays: row.plays,
      });
    }
  }
  // Every match is a candidate here: Postgres sends them all to be ranked.
  return new Map(
    [...byKind].map(([kind, unique]) => [kind, { candidates: [...unique.values()], matched: unique.size }]),
  );
}

/** Corrections for the free words that begin no indexed word: their indexed spellings one edit away. */
async function findCorrections(db: PgDb, query: SearchQuery): Promise<Corrections> {
  const spellings = new Map<string, string[]>();
  for (const text of query.text) {
    const [word] = text.tokens;
    if (text.tokens.length === 1 && word && spellings.size < MAX_CORRECTED_WORDS) {
      const nearby = spellingsOneEditAway(word);
      if (nearby.length > 0) spellings.set(word, nearby);
    }
  }
  if (spellings.size === 0) return new Map();
  // Hundreds of spellings OR'ed look common to the planner, which would rather scan the table
  // until enough items turn up; mostly none do. Only the word index answers these in bounded time.
  const [known, indexedTerms] = await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL enable_seqscan = off`);
    const known = await rowsOf<{ word: string }>(tx, knownWordsStatement([...spellings.keys()]));
    return [known, await findIndexedTerms(tx, [...new Set([...spellings.values()].flat())])] as const;
  });
  const knownWords = new Set(known.map((row) => row.word));
  const corrections = new Map<string, string[]>();
  for (const [word, nearby] of spellings) {
    const found = nearby.filter((spelling) => indexedTerms.has(spelling));
    if (!knownWords.has(word) && found.length > 0) corrections.set(word, found);
  }
  return corrections;
}

/**
 * Which of `spellings` are indexed words (D1 reads them from FTS5's vocabulary; Postgres keeps
 * none): the words of items holding any of them, a bounded step at a time. A step that reads
 * fewer items than it may has seen them all; otherwise the next looks for the spellings still
 * missing, so a common word among them cannot hide a rare one.
 */
async function findIndexedTerms(db: PgDb, spellings: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  let missing = spellings;
  for (let step = 0; step < MAX_TERM_STEPS && missing.length > 0; step++) {
    const [result] = await rowsOf<{ n: number; terms: string[] }>(
      db,
      indexedTermsStatement(missing, TERM_STEP_ITEMS),
    );
    for (const term of result?.terms ?? []) found.add(term);
    if ((result?.n ?? 0) < TERM_STEP_ITEMS) break;
    missing = missing.filter((spelling) => !found.has(spelling));
  }
  return found;
}
