import { type SQL, sql } from "drizzle-orm";
import type { Corrections } from "./fts5-match.ts";
import type { SearchPhrase, SearchQuery } from "./parse-query.ts";

/**
 * Postgres tsquery expressions for a parsed query: the twin of `fts5-match.ts`, over the
 * `search_items.words` (weights: name A, artist B, album C, genres D) and `name_words` columns.
 *
 * The expressions are built as {@link TsText}: the structure (operators, weights, `:*`) written
 * here, each token of user text kept apart. {@link tsquerySql} folds each token as the index
 * folds its text, quotes it as a tsquery lexeme, and only then joins it to the structure; the
 * whole is bound parameters. Folding must come before quoting: unaccent turns some letters into
 * quotes (`ʻ` → `'`, `ŉ` → `'n`), so a token beyond ASCII is folded and quoted in SQL. The
 * expression uses only immutable functions, so Postgres folds it to a constant while planning
 * and estimates its matches from the index statistics.
 */

/** Tsquery text under construction: structure as strings, user tokens as `{ token }`. */
export type TsText = (string | { token: string })[];

/** Free text may match any of these: name, artist, album (not genres). */
const TEXT_WEIGHTS = "ABC";
const FILTER_WEIGHTS = { artist: "B", album: "C", track: "A", genre: "D" } as const;
const ASCII = /^[\p{ASCII}]*$/u;

/** The SQL (a `tsquery`) of `text`. */
export function tsquerySql(text: TsText): SQL {
  const pieces: (string | SQL)[] = [];
  for (const piece of text) {
    const next = typeof piece === "string" ? piece : quotedLexeme(piece.token);
    const last = pieces.at(-1);
    if (typeof next === "string" && typeof last === "string") pieces[pieces.length - 1] = last + next;
    else pieces.push(next);
  }
  const parts = pieces.map((piece) => (typeof piece === "string" ? sql`${piece}::text` : piece));
  return sql`to_tsquery('simple', ${sql.join(parts, sql` || `)})`;
}

/**
 * `token` folded and quoted as a tsquery lexeme: text when it is ASCII, else SQL. A space leads
 * each lexeme, so none is empty (`''` is a syntax error); the parser skips it.
 */
function quotedLexeme(token: string): string | SQL {
  const text = withoutNul(token);
  if (ASCII.test(text)) return `' ${text.toLowerCase().replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
  return sql`''' ' || replace(replace(${foldedToken(text)}, '\\', '\\\\'), '''', '''''') || ''''`;
}

/**
 * A token folded as the index folds its text: `cadenza_unaccent`, lower case. Unaccent maps no
 * ASCII character, so an ASCII token is only lower-cased, here: the first `cadenza_unaccent` of a
 * connection loads its dictionary (some 8 ms), and a Worker opens connections per request.
 */
export function foldedToken(token: string): SQL {
  const text = withoutNul(token);
  return ASCII.test(text) ? sql`${text.toLowerCase()}::text` : sql`lower(cadenza_unaccent(${text}::text))`;
}

/** Postgres text cannot hold NUL, which no index entry holds either: it is dropped rather than failing. */
function withoutNul(token: string): string {
  return token.replaceAll("\0", "");
}

/** A phrase: its tokens in a row in one column of `weights` (any column for ""), the last a prefix when asked. */
function phrase({ tokens, prefix }: SearchPhrase, weights: string): TsText {
  const inColumn = (weight: string) =>
    joinTs(
      tokens.map((token, i) => {
        const suffix = (prefix && i === tokens.length - 1 ? "*" : "") + weight;
        return [{ token }, ...(suffix ? [`:${suffix}`] : [])] as TsText;
      }),
      " <-> ",
    );
  // Words of a phrase are in one column, never across two (positions run on from name to artist).
  if (tokens.length === 1 || weights.length <= 1) return inColumn(weights);
  return group(
    joinTs(
      [...weights].map((weight) => group(inColumn(weight))),
      " | ",
    ),
  );
}

/** A one-word free phrase or its corrections (each a whole word). */
function withCorrections(text: SearchPhrase, corrections: Corrections | undefined): TsText {
  const fixes = text.tokens.length === 1 && text.tokens[0] ? corrections?.get(text.tokens[0]) : undefined;
  if (!fixes?.length) return phrase(text, TEXT_WEIGHTS);
  const spellings = fixes.map((fix) => phrase({ tokens: [fix], prefix: false }, TEXT_WEIGHTS));
  return group(joinTs([phrase(text, TEXT_WEIGHTS), ...spellings], " | "));
}

function filterParts(query: SearchQuery): TsText[] {
  return (["artist", "album", "track", "genre"] as const).flatMap((field) =>
    query[field].map((p) => phrase(p, FILTER_WEIGHTS[field])),
  );
}

/**
 * The `words` query for everything the query asks of text (as `wordsMatch`): each free phrase
 * in a name, artist or album, and each field filter in its column. Null when it asks nothing.
 */
export function wordsQuery(query: SearchQuery, corrections?: Corrections): TsText | null {
  const parts = [...query.text.map((text) => withCorrections(text, corrections)), ...filterParts(query)];
  return parts.length > 0 ? joinTs(parts.map(group), " & ") : null;
}

/**
 * Names that begin with the free text as typed (as `nameStartMatch`): `name` for `name_words`
 * (the phrase anywhere; the caller checks it begins at the first word, which tsquery cannot say)
 * and `filters` for `words`, null without filters. `first`: the phrase's first token, and
 * whether it is a prefix too (the phrase is one word still being typed).
 */
export function nameStartQuery(
  query: SearchQuery,
): { name: TsText; filters: TsText | null; first: { token: string; prefix: boolean } } | null {
  const last = query.text.at(-1);
  const tokens = query.text.flatMap((text) => text.tokens);
  const [token] = tokens;
  if (!last || token === undefined) return null;
  const filters = filterParts(query);
  return {
    name: phrase({ tokens, prefix: last.prefix }, ""),
    filters: filters.length > 0 ? joinTs(filters.map(group), " & ") : null,
    first: { token, prefix: last.prefix && tokens.length === 1 },
  };
}

/** Autocomplete, a `name_words` query: the typed words in order, starting at any word, the last a prefix. */
export function suggestionQuery(tokens: string[]): TsText {
  return phrase({ tokens, prefix: true }, "");
}

function group(text: TsText): TsText {
  return ["(", ...text, ")"];
}

function joinTs(items: TsText[], separator: string): TsText {
  return items.flatMap((item, i) => (i === 0 ? item : [separator, ...item]));
}
