import {
  type Corrections,
  hasWordFilters,
  nameStartMatch,
  type ShortTokenTrigrams,
  substringMatch,
  suggestionMatch,
  wordsMatch,
} from "./fts5-match.ts";
import { isSpaceless } from "./normalise.ts";
import type { SearchQuery } from "./parse-query.ts";
import { queryWords } from "./score.ts";
import { keepRankable } from "./score-bounds-sql.ts";
import { rankKeyRange, type SearchKind, type SqlStatement } from "./search-index.ts";

/**
 * The SQL of a search over the FTS5 index (see `search-index.ts`). Each statement selects one
 * kind's candidates in rank-key order — most popular first — and stops at a fixed count, so its
 * cost is bounded by that count, not by how many items match. Every value is a bound parameter.
 */

/** The most candidates of a kind a search ranks: Spotify's deepest page (offset 1000 + limit 50). */
export const SEARCH_DEPTH = 1050;
/** Candidates whose name starts with the query, taken on top of the most popular matches. */
export const NAME_START_DEPTH = 100;
/** At most this many trigrams stand for a one- or two-character substring. */
const SHORT_TOKEN_TRIGRAMS = 200;
/** Sorts after every other character: `[s, s + LAST_CHARACTER)` is every string that begins with `s`. */
const LAST_CHARACTER = "\u{10ffff}";

/** One candidate row, as a search's statements select it. */
export interface CandidateRow {
  rank_key: number;
  id: string;
  name: string;
  popularity: number;
  plays: number;
}

/** One autocomplete row: suggestions are ordered by popularity, so they read no listens. */
export type SuggestionRow = Omit<CandidateRow, "plays">;

/** The SQL of an item's listens, given the SQL of its id, for the kinds that have them. */
const PLAYS: Partial<Record<SearchKind, (itemId: string) => string>> = {
  track: (itemId) => `coalesce((SELECT plays FROM track_plays WHERE track_id = ${itemId}), 0)`,
};
const SELECT_SUGGESTION =
  "SELECT si.rank_key AS rank_key, si.item_id AS id, si.name AS name, si.popularity AS popularity";

/** Items licensed in a market (`search_items.markets` is null for everywhere, and for artists and shows). */
const LICENSED = "(si.markets IS NULL OR si.markets LIKE ?)";

/**
 * Whether a kind can match the query at all: only tracks have a `track:` title or an ISRC, and
 * artists and shows have no release year.
 */
export function kindCanMatch(query: SearchQuery, kind: SearchKind): boolean {
  if ((query.track.length > 0 || query.isrc.length > 0) && kind !== "track") return false;
  // Playlists have a name and an owner, none of the fields the filters name.
  if (kind === "playlist") {
    const { artist, album, genre, year } = query;
    return artist.length + album.length + genre.length === 0 && year === null;
  }
  return query.year === null || (kind !== "artist" && kind !== "show");
}

/** Whether the query's free text is looked for inside names too: it is in a script without spaces. */
export function searchesSubstrings(query: SearchQuery): boolean {
  return query.text.some((text) => text.tokens.some(isSpaceless)) && !hasWordFilters(query);
}

/**
 * The statement that selects one kind's candidates: of the items matching the query, those that
 * can rank among the `keep` best, each with the count of all of them (`matched`; see
 * `score-bounds-sql.ts`). The items matching are the most popular ones matching every part of
 * the query; those whose name starts with the free text (when the first stopped at the depth,
 * else it holds them all already); and, when the text is in a script without spaces, items with
 * it inside their name (`trigrams`: what `shortTokenTrigramsStatement` found for each of its
 * short tokens). Their rank keys are found first, and only those items are read.
 */
export function candidateStatement(
  query: SearchQuery,
  kind: SearchKind,
  options: { keep: number; market?: string; corrections?: Corrections; trigrams?: ShortTokenTrigrams },
): SqlStatement {
  const words = wordsMatch(query, options.corrections);
  const filters = sqlFilters(query, options.market, words !== null);
  const bounded = (found: SqlStatement) =>
    keepRankable(found, PLAYS[kind], queryWords(query, options.corrections), options.keep);
  if (!words) return bounded(scanStatement(kind, filters));
  const matches = ftsStatement("search_words", words, kind, filters, SEARCH_DEPTH, { keysOnly: true });
  const keys = [{ sql: "SELECT rank_key FROM matches", params: [] as SqlStatement["params"] }];
  const start = nameStartMatch(query);
  if (start) {
    // Name starts are among the matches unless those stopped at the depth: else the range is empty.
    const onlyIf = `(SELECT count(*) FROM matches) >= ${SEARCH_DEPTH}`;
    keys.push(
      ftsStatement(start.table, start.match, kind, filters, NAME_START_DEPTH, { keysOnly: true, onlyIf }),
    );
  }
  const inside = searchesSubstrings(query) ? substringMatch(query, options.trigrams ?? new Map()) : null;
  if (inside)
    keys.push(ftsStatement("search_trigrams", inside, kind, filters, SEARCH_DEPTH, { keysOnly: true }));
  return bounded({
    sql: `WITH matches AS MATERIALIZED (${matches.sql})
${keys.map((k) => `SELECT rank_key FROM (${k.sql})`).join(" UNION ")}`,
    params: [...matches.params, ...keys.flatMap((k) => k.params)],
  });
}

/**
 * The trigrams that begin `token` (one or two characters), as rows `{term}`: at most
 * {@link SHORT_TOKEN_TRIGRAMS}, so a single common character cannot make an unbounded query.
 */
export function shortTokenTrigramsStatement(token: string): SqlStatement {
  return {
    sql: `SELECT term FROM search_trigram_terms WHERE term >= ? AND term < ? LIMIT ${SHORT_TOKEN_TRIGRAMS}`,
    params: [token, `${token}${LAST_CHARACTER}`],
  };
}

/**
 * Which of `words` begin some indexed term: one row `{word}` each. A word that begins none
 * matches nothing, so it is worth correcting.
 */
export function knownWordsStatement(words: string[]): SqlStatement {
  return {
    sql: `SELECT j.value AS word FROM json_each(?) j
WHERE EXISTS (SELECT 1 FROM search_terms v WHERE v.term >= j.value AND v.term < j.value || ?)`,
    params: [JSON.stringify(words), LAST_CHARACTER],
  };
}

/** Which of `spellings` are indexed terms: one row `{term}` each. */
export function indexedTermsStatement(spellings: string[]): SqlStatement {
  return {
    sql: "SELECT v.term AS term FROM json_each(?) j JOIN search_terms v ON v.term = j.value",
    params: [JSON.stringify(spellings)],
  };
}

/** Autocomplete: a kind's `limit` most popular items with the typed words at the start of a word of their name. */
export function suggestionStatement(
  tokens: string[],
  kind: SearchKind,
  limit: number,
  market: string | undefined,
): SqlStatement {
  const filters = market ? { sql: [LICENSED], params: [`%,${market},%`] } : NO_FILTERS;
  return ftsStatement("search_names", suggestionMatch(tokens), kind, filters, limit);
}

interface Filters {
  sql: string[];
  params: (string | number)[];
}

const NO_FILTERS: Filters = { sql: [], params: [] };

/** The non-text conditions of a query; `text`: whether an FTS match drives the statement. */
function sqlFilters(query: SearchQuery, market: string | undefined, text: boolean): Filters {
  const filters: Filters = { sql: [], params: [] };
  if (query.year && query.year.from === query.year.to && !text) {
    // Without text, one year's index yields its items in rank order.
    filters.sql.push("si.year = ?");
    filters.params.push(query.year.from);
  } else if (query.year) {
    // `+` keeps the planner off the year index: the text match (or rank order) drives the scan.
    filters.sql.push("+si.year BETWEEN ? AND ?");
    filters.params.push(query.year.from, query.year.to);
  }
  // A recording has one ISRC: two different ones match nothing (and each would cost a parameter
  // in every statement of the search, which D1 caps at 100 a statement).
  const isrcs = [...new Set(query.isrc)];
  if (isrcs.length > 1) filters.sql.push("0");
  else if (isrcs[0] !== undefined) {
    filters.sql.push("si.isrc = ?");
    filters.params.push(isrcs[0]);
  }
  if (market) {
    filters.sql.push(LICENSED);
    filters.params.push(`%,${market},%`);
  }
  return filters;
}

/**
 * An FTS query of one kind's items, most popular first, up to `limit`: their suggestion rows, or
 * (`keysOnly`) just their rank keys, which need no read of `search_items` unless a filter does.
 * With `onlyIf`, the rowid range is empty unless that condition holds. (A WHERE term alone would
 * not stop it: SQLite opens the FTS cursor, which runs the whole query, before it tests the term
 * — 5 to 15 ms for a phrase of common words at 1M tracks.)
 */
function ftsStatement(
  table: "search_words" | "search_names" | "search_trigrams",
  match: string,
  kind: SearchKind,
  filters: Filters,
  limit: number,
  options: { keysOnly?: boolean; onlyIf?: string } = {},
): SqlStatement {
  const readsItems = !options.keysOnly || filters.sql.length > 0;
  return {
    sql: `${options.keysOnly ? `SELECT ${table}.rowid AS rank_key` : SELECT_SUGGESTION}
FROM ${table}${readsItems ? ` JOIN search_items si ON si.rank_key = ${table}.rowid` : ""}
WHERE ${table} MATCH ? AND ${table}.rowid ${rankKeysOf(kind, options.onlyIf)}${filters.sql.map((f) => ` AND ${f}`).join("")}
ORDER BY ${table}.rowid LIMIT ${limit}`,
    params: [match, ...filters.params],
  };
}

/** Candidates without text: the rank keys of a kind's items, in rank order. */
function scanStatement(kind: SearchKind, filters: Filters): SqlStatement {
  return {
    sql: `SELECT si.rank_key AS rank_key
FROM search_items si
WHERE si.rank_key ${rankKeysOf(kind)}${filters.sql.map((f) => ` AND ${f}`).join("")}
ORDER BY si.rank_key LIMIT ${SEARCH_DEPTH}`,
    params: filters.params,
  };
}

/**
 * `BETWEEN` a kind's rank keys, as integer literals: FTS5 seeks to a rowid bound only when it
 * is an integer, and a bound parameter may arrive as a float (node:sqlite binds every number so).
 * With `onlyIf`, the range is empty unless that condition holds, so FTS5 finds nothing at once.
 */
function rankKeysOf(kind: SearchKind, onlyIf?: string): string {
  const { from, to } = rankKeyRange(kind);
  return onlyIf
    ? `BETWEEN ${from} AND CASE WHEN ${onlyIf} THEN ${to} ELSE ${from - 1} END`
    : `BETWEEN ${from} AND ${to}`;
}
