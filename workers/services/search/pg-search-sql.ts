import { type SQL, sql } from "drizzle-orm";
import type { Corrections } from "./fts5-match.ts";
import type { SearchQuery } from "./parse-query.ts";
import { foldedToken, nameStartQuery, suggestionQuery, tsquerySql, wordsQuery } from "./pg-tsquery.ts";
import { rankKeyRange, type SearchKind } from "./search-index.ts";
import { NAME_START_DEPTH, SEARCH_DEPTH, searchesSubstrings } from "./search-sql.ts";

/**
 * The SQL of a search over the Postgres index (`search_items`, see `pg-search-index.ts`), the
 * twin of `search-sql.ts`: each kind's candidates in rank-key order — most popular first — up to
 * a fixed count, all kinds in one statement (one round trip). Every value is a bound parameter.
 */

const PLAYS: Partial<Record<SearchKind, string>> = {
  track: "coalesce((SELECT plays FROM track_plays WHERE track_id = si.item_id), 0)",
};

/** One candidate row, as `CandidateRow` (numbers as numbers: rank keys fit a double exactly). */
const selectCandidate = (kind: SearchKind) =>
  sql.raw(`SELECT si.rank_key::float8 AS rank_key, si.item_id AS id, si.name AS name, si.popularity AS popularity,
  (${PLAYS[kind] ?? "0"})::float8 AS plays
FROM search_items si`);

/** `rank_key BETWEEN` a kind's range, as literals. */
const ofKind = (kind: SearchKind) => {
  const { from, to } = rankKeyRange(kind);
  return sql.raw(`si.rank_key BETWEEN ${from} AND ${to}`);
};

/** Items licensed in a market (`markets` is null for everywhere); ILIKE, as SQLite's LIKE ignores ASCII case. */
const licensed = (market: string) => sql`(si.markets IS NULL OR si.markets ILIKE ${`%,${market},%`})`;

/** The non-text conditions of a query (as `sqlFilters`). */
function sqlFilters(query: SearchQuery, market: string | undefined): SQL[] {
  const filters: SQL[] = [];
  if (query.year) filters.push(sql`si.year BETWEEN ${query.year.from} AND ${query.year.to}`);
  for (const isrc of query.isrc) filters.push(sql`si.isrc = ${isrc}`);
  if (market) filters.push(licensed(market));
  return filters;
}

/** One kind's candidates meeting `conditions`, most popular first, at most `limit`. */
function candidates(kind: SearchKind, conditions: SQL[], limit: number): SQL {
  return sql`${selectCandidate(kind)}
WHERE ${sql.join([ofKind(kind), ...conditions], sql` AND `)}
ORDER BY si.rank_key LIMIT ${sql.raw(String(limit))}`;
}

/**
 * One statement that selects the candidates of every kind in `kinds` (as `candidateStatements`):
 * the most popular items matching every part of the query; those whose name starts with the free
 * text, only when the first stopped at the depth (else it holds them all); and, when the text is
 * in a script without spaces, items with each of its tokens inside their name (`name_folded`,
 * with a trigram index). Rows are `CandidateRow`s; their rank keys tell their kinds.
 */
export function candidatesStatement(
  query: SearchQuery,
  kinds: SearchKind[],
  options: { market?: string; corrections?: Corrections },
): SQL {
  const words = wordsQuery(query, options.corrections);
  const filters = sqlFilters(query, options.market);
  if (!words) return unionAll(kinds.map((kind) => candidates(kind, filters, SEARCH_DEPTH)));
  const matches = [sql`si.words @@ ${tsquerySql(words)}`, ...filters];
  const start = nameStartQuery(query);
  const starts = start && [
    sql`si.name_words @@ ${tsquerySql(start.name)}`,
    ...(start.filters ? [sql`si.words @@ ${tsquerySql(start.filters)}`] : []),
    beginsName(start.first),
    ...filters,
  ];
  const inside = searchesSubstrings(query) ? query.text.flatMap((text) => text.tokens).map(inName) : null;
  const ctes: SQL[] = [];
  const parts = kinds.flatMap((kind) => {
    const found = [candidates(kind, matches, SEARCH_DEPTH)];
    if (starts) {
      const name = sql.raw(`${kind}_matches`);
      ctes.push(sql`${name} AS MATERIALIZED (${found.pop()})`);
      const stopped = sql`(SELECT count(*) FROM ${name}) >= ${sql.raw(String(SEARCH_DEPTH))}`;
      found.push(sql`SELECT * FROM ${name}`, candidates(kind, [stopped, ...starts], NAME_START_DEPTH));
    }
    if (inside) found.push(candidates(kind, [...inside, ...filters], SEARCH_DEPTH));
    return found;
  });
  return sql`${ctes.length > 0 ? sql`WITH ${sql.join(ctes, sql`,\n`)}\n` : sql``}${unionAll(parts)}`;
}

/**
 * Autocomplete (as `suggestionStatement`, for every kind in one statement): each kind's `limit`
 * most popular items with the typed words at the start of a word of their name.
 */
export function suggestionsStatement(
  tokens: string[],
  kinds: SearchKind[],
  limit: number,
  market: string | undefined,
): SQL {
  const conditions = [sql`si.name_words @@ ${tsquerySql(suggestionQuery(tokens))}`];
  if (market) conditions.push(licensed(market));
  return unionAll(kinds.map((kind) => candidates(kind, conditions, limit)));
}

/**
 * Which of `words` (folded Latin words, as `spellingsOneEditAway` takes) begin some indexed word
 * of any column: one row `{word}` each. Each check is its own subquery with its own constant
 * query, so the planner sees what it looks up.
 */
export function knownWordsStatement(words: string[]): SQL {
  return unionAll(
    words.map(
      (word) =>
        sql`SELECT ${word}::text AS word WHERE EXISTS (SELECT 1 FROM search_items si WHERE si.words @@ ${tsquerySql([{ token: word }, ":*"])})`,
    ),
  );
}

/**
 * A step of finding which of `spellings` are indexed words: up to `limit` items holding any of
 * them, as one row `{n, terms}`: how many items were read, and the spellings among their words.
 * Fewer than `limit` items means every spelling an item holds is in `terms`. The spellings are
 * `[a-z0-9]+` (from `spellingsOneEditAway`), so they are valid tsquery lexemes as they are.
 */
export function indexedTermsStatement(spellings: string[], limit: number): SQL {
  if (!spellings.every((spelling) => /^[a-z0-9]+$/.test(spelling))) {
    throw new RangeError("spellings must be folded Latin words");
  }
  const anyOf = spellings.map((spelling) => `'${spelling}'`).join(" | ");
  return sql`WITH hits AS (SELECT si.words FROM search_items si WHERE si.words @@ ${anyOf}::tsquery LIMIT ${sql.raw(String(limit))})
SELECT (SELECT count(*) FROM hits)::int AS n,
  ARRAY(SELECT DISTINCT u.lexeme FROM hits, unnest(hits.words) u WHERE u.lexeme = ANY(${sql.param(spellings)}::text[])) AS terms`;
}

/**
 * The name's first word is `first` (or begins with it): with a phrase match on `name_words`,
 * the name begins with the phrase, as FTS5's `^` says.
 */
function beginsName(first: { token: string; prefix: boolean }): SQL {
  const token = foldedToken(first.token);
  const match = first.prefix ? sql`starts_with(u.lexeme, ${token})` : sql`u.lexeme = ${token}`;
  return sql`EXISTS (SELECT 1 FROM unnest(si.name_words) u WHERE 1 = ANY(u.positions) AND ${match})`;
}

/** `token` inside the folded name (`LIKE`, its wildcards escaped; the trigram index serves it). */
function inName(token: string): SQL {
  return sql`si.name_folded LIKE '%' || replace(replace(replace(${foldedToken(token)}, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;
}

function unionAll(parts: SQL[]): SQL {
  return sql.join(
    parts.map((part) => sql`(${part})`),
    sql`\nUNION ALL\n`,
  );
}
