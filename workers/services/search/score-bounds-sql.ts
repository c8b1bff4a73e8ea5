import { isSpaceless } from "./normalise.ts";
import { MAX_PLAYS_BONUS, NAME_MATCH, NAME_MATCH_POINTS, type QueryWord } from "./score.ts";
import type { SqlStatement } from "./search-index.ts";

/**
 * Bounds on a candidate's score (`score.ts`) in SQLite, so that the index sends the Worker only
 * the candidates that can rank within a page. A common word has up to 1050 candidates per kind,
 * and sending them all — names included — cost more than finding them.
 *
 * For each candidate the SQL computes a lower bound `lb` and an upper bound `ub` of its score,
 * then keeps those with `ub ≥ T`, where `T` is the `keep`-th largest `lb`. A candidate left out
 * scores below `keep` others, so it cannot be among the first `keep`; every candidate that can is
 * sent, and the Worker ranks them exactly as before.
 *
 * The name match is bounded from the name's folded text, `search_items.folded`, which the index
 * holds for "plain" names (`search-index.ts`). Any other name is bounded by popularity and
 * listens alone (its match: anything from none to exact). Within folded text, only spaces are
 * taken as separators, and only the letters and digits listed below as token characters: either
 * way a bound can only come out looser, never wrong.
 *
 * Listens are not read for the bounds: a track's listens bonus is somewhere from 0 to
 * `MAX_PLAYS_BONUS`, and only the rows kept look their listens up. A track's listens are a
 * lookup in another table (`track_plays`, by track id); with listens recorded for 400,000 of a
 * million tracks, reading them for every candidate of a common pair of words took the track
 * statement from 8 to 14 ms, nearly all of it in those lookups.
 */

/** D1 binds at most this many parameters to a statement. */
const MAX_STATEMENT_PARAMS = 100;
/** Most parameters the bounds use; a longer query is bounded by popularity alone. */
const MAX_BOUND_PARAMS = 48;

/** Letters of folded plain names outside ASCII (`search-index.ts`): Latin, Greek, Cyrillic, kana, CJK, Hangul. */
const PLAIN_LETTERS: [number, number][] = [
  [0xdf, 0xf6],
  [0xf8, 0x17f],
  [0x3ac, 0x3ce],
  [0x430, 0x45f],
  [0x3041, 0x3096],
  [0x309d, 0x309f],
  [0x30a1, 0x30fa],
  [0x30fc, 0x30ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xac00, 0xd7a3],
];
/** Whether a plain name's folded text `f` begins with a letter or digit, so with its first token. */
const BEGINS_WITH_TOKEN = `(substr(f, 1, 1) GLOB '[a-z0-9]' OR ${PLAIN_LETTERS.map(([from, to]) => `unicode(f) BETWEEN ${from} AND ${to}`).join(" OR ")})`;

/**
 * The name-match steps of a row with folded text `f` (NULL when its name is not plain), as the
 * columns `lbc` (it has at least this step) and `ubc` (at most this one), with their parameters.
 */
interface NameMatchBounds {
  columns: string;
  params: string[];
}

/**
 * The bounds of the name match for `words`, with at most `maxParams` parameters (else none):
 * - no word: every candidate matches elsewhere (the ranking's own rule);
 * - a plain name without one word's spellings anywhere in its folded text: elsewhere, exactly;
 * - one whose text starts with a token character but with no spelling of the first word:
 *   at most "contains" (its first token begins otherwise);
 * - at least "exact" when the text is the words with single spaces; "starts" when it begins
 *   so (the last word followed by a space unless it is a prefix); "contains" when each word
 *   follows a space or the start (followed by a space or the end unless a prefix), or, in a
 *   script without spaces, is anywhere.
 * Lower bounds use each word's first spelling only: its corrections can only raise a score.
 */
function nameMatchBounds(words: QueryWord[], maxParams: number): NameMatchBounds {
  const steps = (lbc: number, ubc: number) => ({ columns: `${lbc} AS lbc, ${ubc} AS ubc`, params: [] });
  if (words.length === 0) return steps(NAME_MATCH.elsewhere, NAME_MATCH.elsewhere);
  const first = words[0] as QueryWord;
  const spellings = words.reduce((n, word) => n + word.spellings.length, 0);
  if (spellings + first.spellings.length + words.length + 2 > maxParams) {
    return steps(NAME_MATCH.elsewhere, NAME_MATCH.exact);
  }
  const params: string[] = [];
  const param = (value: string) => {
    params.push(value);
    return "?";
  };

  const text = words.map((word) => word.spellings[0] as string).join(" ");
  const textLength = [...text].length;
  const exact = `f = ${param(text)}`;
  const starts = (words.at(-1) as QueryWord).prefix
    ? `substr(f, 1, ${textLength}) = ${param(text)}`
    : `substr(f, 1, ${textLength + 1}) = ${param(`${text} `)}`;
  const contains = words
    .map((word) => {
      const s = word.spellings[0] as string;
      if (isSpaceless(s)) return `instr(f, ${param(s)}) > 0`;
      return word.prefix
        ? `instr(' ' || f, ${param(` ${s}`)}) > 0`
        : `instr(' ' || f || ' ', ${param(` ${s} `)}) > 0`;
    })
    .join(" AND ");
  const lbc = `CASE WHEN f IS NULL THEN ${NAME_MATCH.elsewhere}
  WHEN ${exact} THEN ${NAME_MATCH.exact}
  WHEN ${starts} THEN ${NAME_MATCH.starts}
  WHEN ${contains} THEN ${NAME_MATCH.contains}
  ELSE ${NAME_MATCH.elsewhere} END`;

  const everyWordSomewhere = words
    .map((word) => `(${word.spellings.map((s) => `instr(f, ${param(s)}) > 0`).join(" OR ")})`)
    .join(" AND ");
  const firstWordAtStart = first.spellings
    .map((s) => `substr(f, 1, ${[...s].length}) = ${param(s)}`)
    .join(" OR ");
  const ubc = `CASE WHEN f IS NULL THEN ${NAME_MATCH.exact}
  WHEN NOT (${everyWordSomewhere}) THEN ${NAME_MATCH.elsewhere}
  WHEN ${BEGINS_WITH_TOKEN} AND NOT (${firstWordAtStart}) THEN ${NAME_MATCH.contains}
  ELSE ${NAME_MATCH.exact} END`;
  return { columns: `${lbc} AS lbc, ${ubc} AS ubc`, params };
}

/**
 * The candidate rows (rank_key, id, name, popularity, plays) of the items whose rank keys `found`
 * selects — those whose score can be among the `keep` best — each with the count of all of them
 * as `matched`. `plays` gives the SQL of an item's listens from the SQL of its id; without it the
 * kind has no listens.
 */
export function keepRankable(
  found: SqlStatement,
  plays: ((itemId: string) => string) | undefined,
  words: QueryWord[],
  keep: number,
): SqlStatement {
  const bounds = nameMatchBounds(
    words,
    Math.min(MAX_BOUND_PARAMS, MAX_STATEMENT_PARAMS - found.params.length),
  );
  const bonus = plays ? MAX_PLAYS_BONUS : 0;
  return {
    sql: `WITH found AS MATERIALIZED (${found.sql}),
items AS MATERIALIZED (
  SELECT si.rank_key AS rank_key, si.item_id AS id, si.name AS name, si.popularity AS popularity, si.folded AS f
  FROM found JOIN search_items si ON si.rank_key = found.rank_key),
bounded AS MATERIALIZED (
  SELECT rank_key, id, name, popularity, popularity + ${NAME_MATCH_POINTS} * lbc AS lb, popularity + ${bonus} + ${NAME_MATCH_POINTS} * ubc AS ub
  FROM (SELECT *, ${bounds.columns} FROM items))
SELECT rank_key, id, name, popularity, ${plays ? plays("bounded.id") : "0"} AS plays, (SELECT count(*) FROM found) AS matched
FROM bounded
WHERE ub >= coalesce((SELECT lb FROM bounded ORDER BY lb DESC LIMIT 1 OFFSET ${Math.max(0, keep - 1)}), -1)`,
    params: [...found.params, ...bounds.params],
  };
}
