import { APOSTROPHES, foldText } from "./normalise.ts";

/**
 * The catalog search index in SQL (SQLite FTS5, beside the catalog in D1), and every statement
 * that writes it. The tables (migration `0005_add_search_index.sql`):
 *
 * - `search_items`: one row per searchable item (music, podcasts, and public playlists since
 *   `0009_index_playlists.sql`) — its kind, id, display name, artist and album names, genres,
 *   release year, ISRC, markets and popularity (0..100), and the name folded as the ranking
 *   folds it where SQL can (`0010_search_folded_names.sql`, {@link foldedNameSql}). Its key,
 *   `rank_key`, is also the FTS rowid and orders the index: `kind code × 2^40 + (100 −
 *   popularity) × 2^32 + sequence`. An FTS query for one kind with `ORDER BY rowid LIMIT n`
 *   therefore yields that kind's n most popular matches and stops: no query sorts all its matches.
 * - `search_words`: FTS5 over name, artist, album and genres (`unicode61 remove_diacritics 2`),
 *   contentless: the text lives in `search_items`. A name with an apostrophe is indexed with and
 *   without it. Prefix indexes for 1–9 characters (`0011_search_longer_prefixes.sql`): FTS5
 *   answers an unindexed prefix by merging the doclists of every term it begins, whole, before
 *   it reads a row — every word starting "love": 14 ms at a million tracks; and a longer one
 *   costs as much when its word is common: "summer golden" took 26 ms over three kinds with
 *   indexes up to 5 characters, 4.5 ms with these (the index grows 11 %).
 * - `search_names`: FTS5 over names alone (same tokenizer, apostrophe-free spellings and prefix
 *   indexes; migration `0008_add_search_names.sql`), for autocomplete and for a search's
 *   name-start candidates. Its doclists hold only names, so a phrase of common words ("the s")
 *   checks positions in the items whose name has them, not in every track whose artist or album
 *   does (41 ms → under 1 ms at a million tracks).
 * - `search_trigrams`: FTS5 trigram index of names, for substrings in scripts without spaces.
 *   Each name is indexed with two trailing spaces, so a substring of one or two characters
 *   begins at least one indexed trigram wherever it occurs.
 * - `search_terms` and `search_trigram_terms`: `fts5vocab` over the two, where typo corrections
 *   and the trigrams that begin a short substring are looked up.
 *
 * Rebuilding. {@link rebuildSearchIndexStatements} lists the statements that rebuild the whole
 * index from the catalog. They take no parameters and are plain SQLite, so the same SQL runs on D1
 * (`db.batch(statements.map((s) => db.prepare(s.sql)))`, or a migration), and on the local D1
 * file through `node:sqlite` (`sqlite.exec(s.sql)` for each, inside one transaction) — which is how
 * a bulk import builds the index after inserting its rows.
 *
 * Keeping it current. {@link indexSearchItemStatements} and {@link unindexSearchItemStatements}
 * return the statements for one item, to run inside the D1 batch that changes it (statements use
 * `?` placeholders only). Indexing is idempotent: it replaces the item's entry with one made from
 * the catalog as it is at that point of the batch, or leaves none when the item is not searchable.
 * Whatever changes an entry's contents (a name, markets, popularity) must index the item again;
 * listens (`track_plays`) are read live at query time.
 */

/** What the index can hold. */
export const SEARCH_KINDS = ["track", "artist", "album", "show", "episode", "playlist"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** A statement with positional `?` parameters, for a D1 batch or `node:sqlite`. */
export interface SqlStatement {
  sql: string;
  params: (string | number | null)[];
}

const KIND_SPAN = 2 ** 40;
const POPULARITY_SPAN = 2 ** 32;
/** Rank keys numbered within each popularity bucket, as a rebuild numbers them. */
const REBUILD_RANK_KEY = "bucket + row_number() OVER (PARTITION BY bucket ORDER BY item_id) - 1";
const ITEM_COLUMNS =
  "rank_key, kind, item_id, name, artist, album, genres, year, isrc, markets, popularity, folded";

const range = (from: number, to: number) => `${String.fromCodePoint(from)}-${String.fromCodePoint(to)}`;
const characters = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));

/** Latin-1 and Latin Extended-A, and the everyday Greek and Cyrillic letters: folded one by one. */
const FOLDED_ONE_BY_ONE: [number, number][] = [
  [0xc0, 0x17f],
  [0x386, 0x3ce],
  [0x400, 0x45f],
];
/**
 * A GLOB class of the characters of plain names (workerd takes GLOB patterns of up to 50 bytes):
 * printable ASCII; the blocks above; the kana blocks; CJK ideographs with extension A (and the
 * Yijing symbols between them); Hangul syllables.
 */
const PLAIN_CHARACTERS = [
  range(0x20, 0x7e),
  ...FOLDED_ONE_BY_ONE.map(([from, to]) => range(from, to)),
  range(0x3040, 0x30ff),
  range(0x3400, 0x9fff),
  range(0xac00, 0xd7a3),
].join("");
/** The kana voicing marks: folding joins them to the letter before (か + ゙ → が). */
const JOINING_MARKS = "\u3099\u309a";
/** Each character of {@link FOLDED_ONE_BY_ONE} that folding changes, and what it becomes (one character). */
const CHARACTER_FOLDS = FOLDED_ONE_BY_ONE.flatMap(([from, to]) => characters(from, to))
  .map((character) => [character, foldText(character)] as const)
  .filter(([character, folded]) => folded !== character);

/** `text` without apostrophes (every kind `normalise.ts` removes). */
const withoutApostrophesSql = (text: string) =>
  APOSTROPHES.reduce((sql, mark) => `replace(${sql}, '${mark.replaceAll("'", "''")}', '')`, text);

/**
 * A name's folded text (`foldText`) when SQLite can write it, else NULL. A "plain" name has,
 * apostrophes aside, only characters of {@link PLAIN_CHARACTERS}: none of them a combining mark,
 * so folding (decompose, drop Latin marks, recompose, lower-case) acts on each character alone,
 * and SQL can write it: `lower` for ASCII, and a `replace` for each other character it changes
 * (Greek final sigma folds to σ either way). Kana, CJK and Hangul are left as they are. Kept in
 * `search_items.folded`, where search bounds each candidate's name match (`score-bounds-sql.ts`).
 */
export function foldedNameSql(name: string): string {
  const bare = withoutApostrophesSql(name);
  // D1 takes expressions up to 100 deep: a subquery per batch of replaces keeps each one shallow.
  const folded = batches(CHARACTER_FOLDS, 60).reduce(
    (from, folds) =>
      `(SELECT ${folds.reduce((sql, [character, to]) => `replace(${sql}, '${character}', '${to}')`, "x")} AS x FROM ${from})`,
    `(SELECT lower(${bare}) AS x)`,
  );
  const ascii = `length(${bare}) = length(CAST(${bare} AS BLOB))`;
  return `CASE WHEN ${bare} NOT GLOB '*[^${PLAIN_CHARACTERS}]*' AND ${bare} NOT GLOB '*[${JOINING_MARKS}]*'
  THEN CASE WHEN ${ascii} THEN lower(${bare}) ELSE (SELECT x FROM ${folded}) END END`;
}

function batches<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}

/** `column`, followed by its spelling without apostrophes when it has any. */
function withoutApostrophes(column: string): string {
  const stripped = withoutApostrophesSql(column);
  return `CASE WHEN ${stripped} = ${column} THEN ${column} ELSE ${column} || ' ' || ${stripped} END`;
}

/** Index entries of `search_items` rows (the statement goes on with `FROM search_items …`). */
const INSERT_WORDS = `INSERT INTO search_words (rowid, name, artist, album, genres)
SELECT rank_key, ${withoutApostrophes("name")}, ${withoutApostrophes("artist")}, ${withoutApostrophes("album")}, genres`;
/** Name-only index entries of `search_items` rows (goes on with `FROM search_items …`). */
const INSERT_NAMES = `INSERT INTO search_names (rowid, name) SELECT rank_key, ${withoutApostrophes("name")}`;
/** Two spaces end each name, so every character of it begins a trigram (see `search_trigram_terms`). */
const INSERT_TRIGRAMS = "INSERT INTO search_trigrams (rowid, name) SELECT rank_key, name || '  '";

const PLAYABLE_MUSIC = "t.kind = 'music' AND t.current_encode_id IS NOT NULL";
const ARTIST_GENRES =
  "(SELECT group_concat(g2.name, ' ') FROM artist_genres ag JOIN genres g2 ON g2.id = ag.genre_id WHERE ag.artist_id = ar.id)";
const yearOf = (date: string) =>
  `CASE WHEN ${date} GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(${date}, 1, 4) AS INTEGER) END`;

/**
 * Where each kind's searchable items come from: a SELECT of `item_id, name, artist, album,
 * genres, year, isrc, markets, popularity`, ending in a WHERE clause the single-item form
 * extends. An album's markets are its playable tracks' lists run together (`,AT,DE,,,DE,FR,`):
 * only ever tested with `LIKE '%,DE,%'`, which that form answers exactly.
 * Music is searchable once it has a playable music track; ads never are.
 */
const SOURCES: Record<SearchKind, { code: number; id: string; select: string }> = {
  track: {
    code: 1,
    id: "t.id",
    select: `SELECT t.id AS item_id, t.title AS name, ar.name AS artist, al.name AS album,
  trim(coalesce(g.name, '') || ' ' || coalesce(${ARTIST_GENRES}, '')) AS genres,
  ${yearOf("al.release_date")} AS year, t.isrc AS isrc, t.markets AS markets, t.popularity AS popularity
FROM tracks t JOIN artists ar ON ar.id = t.artist_id JOIN albums al ON al.id = t.album_id
LEFT JOIN genres g ON g.id = al.genre_id
WHERE ${PLAYABLE_MUSIC}`,
  },
  artist: {
    code: 2,
    id: "ar.id",
    select: `SELECT ar.id AS item_id, ar.name AS name, ar.name AS artist, '' AS album,
  coalesce(${ARTIST_GENRES}, '') AS genres, NULL AS year, NULL AS isrc, NULL AS markets,
  max(ar.popularity, coalesce((SELECT max(t.popularity) FROM tracks t WHERE t.artist_id = ar.id AND ${PLAYABLE_MUSIC}), 0)) AS popularity
FROM artists ar
WHERE ar.kind = 'music' AND EXISTS (SELECT 1 FROM tracks t WHERE t.artist_id = ar.id AND ${PLAYABLE_MUSIC})`,
  },
  album: {
    code: 3,
    id: "al.id",
    select: `SELECT al.id AS item_id, al.name AS name, ar.name AS artist, al.name AS album,
  coalesce(g.name, '') AS genres, ${yearOf("al.release_date")} AS year, NULL AS isrc,
  CASE WHEN EXISTS (SELECT 1 FROM tracks t WHERE t.album_id = al.id AND ${PLAYABLE_MUSIC} AND t.markets IS NULL) THEN NULL
    ELSE (SELECT group_concat(DISTINCT t.markets) FROM tracks t WHERE t.album_id = al.id AND ${PLAYABLE_MUSIC}) END AS markets,
  coalesce((SELECT max(t.popularity) FROM tracks t WHERE t.album_id = al.id AND ${PLAYABLE_MUSIC}), 0) AS popularity
FROM albums al JOIN artists ar ON ar.id = al.artist_id LEFT JOIN genres g ON g.id = al.genre_id
WHERE al.kind = 'music' AND EXISTS (SELECT 1 FROM tracks t WHERE t.album_id = al.id AND ${PLAYABLE_MUSIC})`,
  },
  show: {
    code: 4,
    id: "sh.id",
    select: `SELECT sh.id AS item_id, al.name AS name, sh.publisher AS artist, al.name AS album, '' AS genres,
  NULL AS year, NULL AS isrc, NULL AS markets,
  coalesce((SELECT max(t.popularity) FROM episodes e JOIN tracks t ON t.id = e.id WHERE e.show_id = sh.id AND t.current_encode_id IS NOT NULL), 0) AS popularity
FROM shows sh JOIN albums al ON al.id = sh.id
WHERE al.kind = 'podcast'`,
  },
  episode: {
    code: 5,
    id: "e.id",
    select: `SELECT e.id AS item_id, t.title AS name, sh.publisher AS artist, al.name AS album, '' AS genres,
  ${yearOf("e.release_date")} AS year, NULL AS isrc, t.markets AS markets, t.popularity AS popularity
FROM episodes e JOIN tracks t ON t.id = e.id JOIN shows sh ON sh.id = e.show_id JOIN albums al ON al.id = sh.id
WHERE t.kind = 'episode' AND t.current_encode_id IS NOT NULL`,
  },
  // Public playlists, by name and owner; as popular as they have followers (up to 100).
  playlist: {
    code: 6,
    id: "p.id",
    select: `SELECT p.id AS item_id, p.name AS name, u.display_name AS artist, '' AS album, '' AS genres,
  NULL AS year, NULL AS isrc, NULL AS markets,
  (SELECT count(*) FROM playlist_follows f WHERE f.playlist_id = p.id) AS popularity
FROM playlists p JOIN users u ON u.id = p.owner_id
WHERE p.public = 1`,
  },
};

/** The `rank_key` (= FTS rowid) range of one kind, inclusive. */
export function rankKeyRange(kind: SearchKind): { from: number; to: number } {
  const from = SOURCES[kind].code * KIND_SPAN;
  return { from, to: from + KIND_SPAN - 1 };
}

/** The kind whose range holds `rankKey`. */
export function kindOfRankKey(rankKey: number): SearchKind {
  const code = Math.floor(rankKey / KIND_SPAN);
  const kind = SEARCH_KINDS.find((k) => SOURCES[k].code === code);
  if (!kind) throw new RangeError(`rank key ${rankKey} belongs to no search kind`);
  return kind;
}

/**
 * Statements that make the index entry of one item match the catalog: the old entry goes, and
 * a new one comes when the item is searchable (music with a playable track; a show; an episode
 * with a published encode). For a show or an episode call it after its rows are written.
 */
export function indexSearchItemStatements(kind: SearchKind, id: string): SqlStatement[] {
  return indexStatements(kind, "?", [id]);
}

/** Statements that remove one item from the index (a no-op when it is not there). */
export function unindexSearchItemStatements(kind: SearchKind, id: string): SqlStatement[] {
  return unindexStatements(kind, "?", [id]);
}

/**
 * What publishing a track's encode changes: a music track becomes searchable, and so do its
 * artist and album with their first playable track; an episode becomes searchable and its show's
 * entry is refreshed. Popularity of artists, albums and shows follows their tracks'.
 */
export function indexPublishedTrackStatements(trackId: string): SqlStatement[] {
  return [
    ...indexStatements("track", "?", [trackId]),
    ...indexStatements("artist", "(SELECT artist_id FROM tracks WHERE id = ?)", [trackId]),
    ...indexStatements("album", "(SELECT album_id FROM tracks WHERE id = ?)", [trackId]),
    ...indexStatements("episode", "?", [trackId]),
    ...indexStatements("show", "(SELECT show_id FROM episodes WHERE id = ?)", [trackId]),
  ];
}

/**
 * Adds the items of one kind to an index that has none of them yet (a migration that makes a
 * kind searchable): the rebuild's insert for that kind, and its entries in each FTS table.
 */
export function indexKindStatements(kind: SearchKind): SqlStatement[] {
  return [
    { sql: insertItems(kind, REBUILD_RANK_KEY), params: [] },
    ...ftsEntryStatements(`kind = '${kind}'`),
  ];
}

/**
 * Rebuilds the whole index from the catalog: empties it, fills `search_items` kind by kind (rank
 * keys numbered within each popularity), indexes every item with FTS5's incremental merging off
 * (a quarter faster in bulk), merges each FTS index into one b-tree (`optimize`) and turns
 * merging back on (FTS5's default, 4) for the updates that follow. Run them in order, in one
 * transaction.
 */
export function rebuildSearchIndexStatements(): SqlStatement[] {
  const statements = [
    "INSERT INTO search_words(search_words) VALUES ('delete-all')",
    "INSERT INTO search_trigrams(search_trigrams) VALUES ('delete-all')",
    "INSERT INTO search_names(search_names) VALUES ('delete-all')",
    "DELETE FROM search_items",
    ...SEARCH_KINDS.map((kind) => insertItems(kind, REBUILD_RANK_KEY)),
    "INSERT INTO search_words(search_words, rank) VALUES ('automerge', 0)",
    "INSERT INTO search_trigrams(search_trigrams, rank) VALUES ('automerge', 0)",
    "INSERT INTO search_names(search_names, rank) VALUES ('automerge', 0)",
    `${INSERT_WORDS} FROM search_items`,
    `${INSERT_TRIGRAMS} FROM search_items`,
    `${INSERT_NAMES} FROM search_items`,
    "INSERT INTO search_words(search_words) VALUES ('optimize')",
    "INSERT INTO search_trigrams(search_trigrams) VALUES ('optimize')",
    "INSERT INTO search_names(search_names) VALUES ('optimize')",
    "INSERT INTO search_words(search_words, rank) VALUES ('automerge', 4)",
    "INSERT INTO search_trigrams(search_trigrams, rank) VALUES ('automerge', 4)",
    "INSERT INTO search_names(search_names, rank) VALUES ('automerge', 4)",
  ];
  return statements.map((sql) => ({ sql, params: [] }));
}

/**
 * An INSERT of a kind's items into `search_items` (only the one `idSql` names, when given), each
 * with the rank key `rankKeySql` computes from `bucket`, the first key of its popularity. The
 * source is materialized so its subqueries (popularity) run once per item.
 */
function insertItems(kind: SearchKind, rankKeySql: string, idSql?: string): string {
  const { code, id, select } = SOURCES[kind];
  return `WITH source AS MATERIALIZED (${idSql ? `${select} AND ${id} = ${idSql}` : select}),
ranked AS (SELECT source.*, max(0, min(100, source.popularity)) AS p FROM source),
bucketed AS (SELECT ranked.*, ${code} * ${KIND_SPAN} + (100 - p) * ${POPULARITY_SPAN} AS bucket FROM ranked)
INSERT INTO search_items (${ITEM_COLUMNS})
SELECT ${rankKeySql}, '${kind}', item_id, name, artist, album, genres, year, isrc, markets, p, ${foldedNameSql("name")} FROM bucketed`;
}

function indexStatements(kind: SearchKind, idSql: string, params: string[]): SqlStatement[] {
  const entry = `item_id = ${idSql} AND kind = '${kind}'`;
  const nextInBucket = `coalesce((SELECT max(rank_key) + 1 FROM search_items WHERE rank_key BETWEEN bucket AND bucket + ${POPULARITY_SPAN - 1}), bucket)`;
  return [
    ...unindexStatements(kind, idSql, params),
    { sql: insertItems(kind, nextInBucket, idSql), params },
    ...ftsEntryStatements(entry, params),
  ];
}

/** The FTS entries of the `search_items` rows that `where` selects (their FTS entries must not exist yet). */
export function ftsEntryStatements(where: string, params: string[] = []): SqlStatement[] {
  return [INSERT_WORDS, INSERT_TRIGRAMS, INSERT_NAMES].map((insert) => ({
    sql: `${insert} FROM search_items WHERE ${where}`,
    params,
  }));
}

function unindexStatements(kind: SearchKind, idSql: string, params: string[]): SqlStatement[] {
  const entry = `SELECT rank_key FROM search_items WHERE item_id = ${idSql} AND kind = '${kind}'`;
  return [
    { sql: `DELETE FROM search_words WHERE rowid IN (${entry})`, params },
    { sql: `DELETE FROM search_trigrams WHERE rowid IN (${entry})`, params },
    { sql: `DELETE FROM search_names WHERE rowid IN (${entry})`, params },
    { sql: `DELETE FROM search_items WHERE item_id = ${idSql} AND kind = '${kind}'`, params },
  ];
}
