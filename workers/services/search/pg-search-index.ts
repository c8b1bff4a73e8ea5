import { is, type SQL, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { PgDb } from "../../db/neon.ts";
import { rankKeyRange, SEARCH_KINDS, type SearchKind } from "./search-index.ts";

/**
 * The catalog search index on Postgres: the `search_items` table (see `schema.pg.ts`), kept
 * current with the same rules as D1's (`search-index.ts`): the same items are searchable, with
 * the same name, artist, album, genres, year, ISRC, markets and popularity, and the same
 * `rank_key` (`rankKeyRange`, `kindOfRankKey`). Its word, name and trigram indexes are generated
 * columns, so writing a row indexes it.
 *
 * Rank keys within a popularity bucket are numbered `max + 1`, which two transactions could both
 * take: every write here first takes one transaction-scoped advisory lock, so index writes queue
 * behind each other until their transactions end, as D1's single writer does. Call these last in
 * a transaction, after the catalog rows they read are written.
 */

const POPULARITY_SPAN = 2 ** 32;
/** The advisory lock every index write holds until its transaction ends ("search" in ASCII). */
const INDEX_LOCK = 0x736561726368;
const ITEM_COLUMNS = "rank_key, kind, item_id, name, artist, album, genres, year, isrc, markets, popularity";
const UPDATE_COLUMNS = ITEM_COLUMNS.split(", ")
  .filter((column) => column !== "kind" && column !== "item_id")
  .map((column) => `${column} = excluded.${column}`)
  .join(", ");

const PLAYABLE_MUSIC = "t.kind = 'music' AND t.current_encode_id IS NOT NULL";
const ARTIST_GENRES =
  "(SELECT string_agg(g2.name, ' ' ORDER BY ag.genre_id) FROM artist_genres ag JOIN genres g2 ON g2.id = ag.genre_id WHERE ag.artist_id = ar.id)";
const yearOf = (date: string) => `CASE WHEN ${date} ~ '^[0-9]{4}' THEN substr(${date}, 1, 4)::int END`;

/**
 * Where each kind's searchable items come from, as D1's `SOURCES`: a SELECT of `item_id, name,
 * artist, album, genres, year, isrc, markets, popularity`, ending in a WHERE clause the
 * single-item form extends.
 */
const SOURCES: Record<SearchKind, { id: string; select: string }> = {
  track: {
    id: "t.id",
    select: `SELECT t.id AS item_id, t.title AS name, ar.name AS artist, al.name AS album,
  trim(coalesce(g.name, '') || ' ' || coalesce(${ARTIST_GENRES}, '')) AS genres,
  ${yearOf("al.release_date")} AS year, t.isrc AS isrc, t.markets AS markets, t.popularity AS popularity
FROM tracks t JOIN artists ar ON ar.id = t.artist_id JOIN albums al ON al.id = t.album_id
LEFT JOIN genres g ON g.id = al.genre_id
WHERE ${PLAYABLE_MUSIC}`,
  },
  artist: {
    id: "ar.id",
    select: `SELECT ar.id AS item_id, ar.name AS name, ar.name AS artist, '' AS album,
  coalesce(${ARTIST_GENRES}, '') AS genres, NULL::int AS year, NULL AS isrc, NULL AS markets,
  greatest(ar.popularity, coalesce((SELECT max(t.popularity) FROM tracks t WHERE t.artist_id = ar.id AND ${PLAYABLE_MUSIC}), 0)) AS popularity
FROM artists ar
WHERE ar.kind = 'music' AND EXISTS (SELECT 1 FROM tracks t WHERE t.artist_id = ar.id AND ${PLAYABLE_MUSIC})`,
  },
  album: {
    id: "al.id",
    select: `SELECT al.id AS item_id, al.name AS name, ar.name AS artist, al.name AS album,
  coalesce(g.name, '') AS genres, ${yearOf("al.release_date")} AS year, NULL AS isrc,
  CASE WHEN EXISTS (SELECT 1 FROM tracks t WHERE t.album_id = al.id AND ${PLAYABLE_MUSIC} AND t.markets IS NULL) THEN NULL
    ELSE (SELECT string_agg(DISTINCT t.markets, ',') FROM tracks t WHERE t.album_id = al.id AND ${PLAYABLE_MUSIC}) END AS markets,
  coalesce((SELECT max(t.popularity) FROM tracks t WHERE t.album_id = al.id AND ${PLAYABLE_MUSIC}), 0) AS popularity
FROM albums al JOIN artists ar ON ar.id = al.artist_id LEFT JOIN genres g ON g.id = al.genre_id
WHERE al.kind = 'music' AND EXISTS (SELECT 1 FROM tracks t WHERE t.album_id = al.id AND ${PLAYABLE_MUSIC})`,
  },
  show: {
    id: "sh.id",
    select: `SELECT sh.id AS item_id, al.name AS name, sh.publisher AS artist, al.name AS album, '' AS genres,
  NULL::int AS year, NULL AS isrc, NULL AS markets,
  coalesce((SELECT max(t.popularity) FROM episodes e JOIN tracks t ON t.id = e.id WHERE e.show_id = sh.id AND t.current_encode_id IS NOT NULL), 0) AS popularity
FROM shows sh JOIN albums al ON al.id = sh.id
WHERE al.kind = 'podcast'`,
  },
  episode: {
    id: "e.id",
    select: `SELECT e.id AS item_id, t.title AS name, sh.publisher AS artist, al.name AS album, '' AS genres,
  ${yearOf("e.release_date")} AS year, NULL AS isrc, t.markets AS markets, t.popularity AS popularity
FROM episodes e JOIN tracks t ON t.id = e.id JOIN shows sh ON sh.id = e.show_id JOIN albums al ON al.id = sh.id
WHERE t.kind = 'episode' AND t.current_encode_id IS NOT NULL`,
  },
  // Public playlists, by name and owner; as popular as they have followers (up to 100).
  playlist: {
    id: "p.id",
    select: `SELECT p.id AS item_id, p.name AS name, u.display_name AS artist, '' AS album, '' AS genres,
  NULL::int AS year, NULL AS isrc, NULL AS markets,
  (SELECT count(*) FROM playlist_follows f WHERE f.playlist_id = p.id) AS popularity
FROM playlists p JOIN users u ON u.id = p.owner_id
WHERE p.public`,
  },
};

/**
 * Makes the index entry of one item match the catalog (as `indexSearchItemStatements`): upserts
 * it when the item is searchable, removes it when not. For a show or an episode call it after
 * its rows are written.
 */
export async function pgIndexSearchItem(db: PgDb, kind: SearchKind, id: string): Promise<void> {
  await holdingIndexLock(db, (tx) => tx.execute(indexItems([{ kind, id: sql`${id}` }])));
}

/** Removes one item from the index (a no-op when it is not there). */
export async function pgUnindexSearchItem(db: PgDb, kind: SearchKind, id: string): Promise<void> {
  await holdingIndexLock(db, (tx) =>
    tx.execute(sql`DELETE FROM search_items WHERE item_id = ${id} AND kind = ${kind}`),
  );
}

/**
 * What publishing a track's encode changes (as `indexPublishedTrackStatements`): a music track
 * becomes searchable, and so do its artist and album; an episode becomes searchable and its
 * show's entry is refreshed. One statement: the five entries are of five kinds, so their rank
 * keys cannot collide.
 */
export async function pgIndexPublishedTrack(db: PgDb, trackId: string): Promise<void> {
  await holdingIndexLock(db, (tx) =>
    tx.execute(
      indexItems([
        { kind: "track", id: sql`${trackId}` },
        { kind: "artist", id: sql`(SELECT artist_id FROM tracks WHERE id = ${trackId})` },
        { kind: "album", id: sql`(SELECT album_id FROM tracks WHERE id = ${trackId})` },
        { kind: "episode", id: sql`${trackId}` },
        { kind: "show", id: sql`(SELECT show_id FROM episodes WHERE id = ${trackId})` },
      ]),
    ),
  );
}

/**
 * Rebuilds the whole index from the catalog (as `rebuildSearchIndexStatements`): empties it and
 * fills it kind by kind, rank keys numbered within each popularity bucket in id order (byte
 * order, as SQLite sorts). One transaction, or part of the caller's.
 */
export async function pgRebuildSearchIndex(db: PgDb): Promise<void> {
  await holdingIndexLock(db, async (tx) => {
    await tx.execute(sql`DELETE FROM search_items`);
    for (const kind of SEARCH_KINDS) {
      await tx.execute(sql`WITH ${bucketed(kind, "items", sql.raw(SOURCES[kind].select))}
INSERT INTO search_items (${sql.raw(ITEM_COLUMNS)})
SELECT bucket + row_number() OVER (PARTITION BY bucket ORDER BY item_id COLLATE "C") - 1,
  ${kind}, item_id, name, artist, album, genres, year, isrc, markets, p FROM items`);
    }
    // Fresh statistics: without them the planner guesses that a common prefix is rare and
    // checks every item of a kind (200 ms for "a" on 100k tracks) instead of walking the kind
    // by popularity until it has enough (under 1 ms).
    await tx.execute(sql`ANALYZE search_items`);
  });
}

/** Runs `write` in a transaction holding the index lock: the caller's, or one of its own. */
async function holdingIndexLock<T>(db: PgDb, write: (tx: PgDb) => Promise<T>): Promise<T> {
  const locked = async (tx: PgDb) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${sql.raw(String(INDEX_LOCK))})`);
    return write(tx);
  };
  return is(db, PgTransaction) ? locked(db) : db.transaction(locked);
}

/**
 * One statement that makes each item's entry match the catalog: an upsert from its source (a new
 * rank key after the last of its popularity bucket, as D1 numbers one item), or a delete when the
 * source has no row. Items must be of different kinds: each statement part sees the index as it
 * was before the statement, so two items of one bucket would take the same key.
 */
function indexItems(items: { kind: SearchKind; id: SQL }[]): SQL {
  const parts = items.map(({ kind, id }, i) => {
    const name = `item${i}`;
    const { id: idColumn, select } = SOURCES[kind];
    const nextInBucket = `coalesce((SELECT max(rank_key) + 1 FROM search_items WHERE rank_key BETWEEN bucket AND bucket + ${POPULARITY_SPAN - 1}), bucket)`;
    return sql`${bucketed(kind, name, sql`${sql.raw(select)} AND ${sql.raw(idColumn)} = ${id}`)},
${sql.raw(name)}_upserted AS (
  INSERT INTO search_items (${sql.raw(ITEM_COLUMNS)})
  SELECT ${sql.raw(nextInBucket)}, ${kind}, item_id, name, artist, album, genres, year, isrc, markets, p FROM ${sql.raw(name)}
  ON CONFLICT (item_id, kind) DO UPDATE SET ${sql.raw(UPDATE_COLUMNS)}
  RETURNING 1),
${sql.raw(name)}_removed AS (
  DELETE FROM search_items WHERE item_id = ${id} AND kind = ${kind} AND NOT EXISTS (SELECT 1 FROM ${sql.raw(name)}_source)
  RETURNING 1)`;
  });
  return sql`WITH ${sql.join(parts, sql`,\n`)}\nSELECT 1`;
}

/**
 * CTEs named `{name}_source`, `{name}_ranked` and `{name}`: the source's rows with `p`, their
 * popularity clamped to 0..100, and `bucket`, the first rank key of that popularity in the
 * kind's range. The source is materialized so its subqueries (popularity) run once per item.
 */
function bucketed(kind: SearchKind, name: string, source: SQL): SQL {
  const n = sql.raw(name);
  const bucket = `${rankKeyRange(kind).from} + (100 - r.p) * ${POPULARITY_SPAN}::bigint`;
  return sql`${n}_source AS MATERIALIZED (${source}),
${n}_ranked AS (SELECT s.*, greatest(0, least(100, s.popularity))::int AS p FROM ${n}_source s),
${n} AS (SELECT r.*, ${sql.raw(bucket)} AS bucket FROM ${n}_ranked r)`;
}
