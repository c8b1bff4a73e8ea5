import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  inArray,
  isNotNull,
  isNull,
  like,
  max,
  ne,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { AlbumDetails, AlbumRow, ArtistRow, BrowseQueries, ObjectRows, TrackRow } from "./catalog-db.ts";
import { inList } from "./d1-sql.ts";
import { attachTrackStats, musicRows, type TrackStats, withGenres } from "./details.ts";
import * as s from "./schema.sqlite.ts";

type Db = DrizzleD1Database;

type D1BrowseQueries = D1ObjectRows & BrowseQueries;

/** A track listeners get: music with a published encode. */
export const playableMusic = and(isNotNull(s.tracks.currentEncodeId), eq(s.tracks.kind, "music"));

/** A track licensed in `market` (an upper-case ISO code). */
const licensedIn = (market: string) => or(isNull(s.tracks.markets), like(s.tracks.markets, `%,${market},%`));

/** How many users have each of `ids` (artists or users) in their library, counted by the (kind, item_id) index. */
export async function countFollowersIn(
  db: Db,
  kind: "artist" | "user",
  ids: string[],
): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await selectFollowerCounts(db, kind, [...new Set(ids)]);
  return new Map(rows.map((row) => [row.id, row.n]));
}

/** How many users follow each of the artists or users `ids` names, by the (kind, item_id) index. */
function selectFollowerCounts(db: Db, kind: "artist" | "user", ids: SQL | string[]) {
  return db
    .select({ id: s.libraryItems.itemId, n: count() })
    .from(s.libraryItems)
    .where(and(eq(s.libraryItems.kind, kind), idIn(s.libraryItems.itemId, ids)))
    .groupBy(s.libraryItems.itemId);
}

/**
 * The D1 queries behind browsing (`/v1/albums`, `/v1/artists`, `/v1/browse`). Every lookup goes
 * through an index: albums by id, artist or (kind, release date); tracks by album or artist.
 */
export function createD1BrowseQueries(db: Db): D1BrowseQueries {
  /** Whether the album of the enclosing query has a playable music track (playable in `market`). */
  const hasPlayableTrack = (market?: string) =>
    exists(
      db
        .select({ one: sql`1` })
        .from(s.tracks)
        .where(
          and(eq(s.tracks.albumId, s.albums.id), playableMusic, market ? licensedIn(market) : undefined),
        ),
    );

  /** Whether the genre of the enclosing query has a browsable album. */
  const hasBrowsableAlbum = () =>
    exists(
      db
        .select({ one: sql`1` })
        .from(s.albums)
        .where(and(eq(s.albums.genreId, s.genres.id), eq(s.albums.kind, "music"), hasPlayableTrack())),
    );

  const selectAlbums = () =>
    db
      .select({ album: s.albums, artist: s.artists, genre: s.genres.name, label: s.users.displayName })
      .from(s.albums)
      .innerJoin(s.artists, eq(s.artists.id, s.albums.artistId))
      .leftJoin(s.genres, eq(s.genres.id, s.albums.genreId))
      .leftJoin(s.users, eq(s.users.id, s.artists.managedBy));

  type AlbumJoin = Awaited<ReturnType<typeof selectAlbums>>[number];

  /** Playable-track statistics of the albums `albumIds` names, one row per (album, markets) pair. */
  const selectTrackStats = (albumIds: SQL | string[]) =>
    db
      .select({
        albumId: s.tracks.albumId,
        markets: s.tracks.markets,
        tracks: count(),
        popularity: max(s.tracks.popularity),
      })
      .from(s.tracks)
      .where(and(idIn(s.tracks.albumId, albumIds), playableMusic))
      .groupBy(s.tracks.albumId, s.tracks.markets);

  /** The genre names of the artists `artistIds` names, by name. */
  const selectArtistGenres = (artistIds: SQL | string[]) =>
    db
      .select({ artistId: s.artistGenres.artistId, name: s.genres.name })
      .from(s.artistGenres)
      .innerJoin(s.genres, eq(s.genres.id, s.artistGenres.genreId))
      .where(idIn(s.artistGenres.artistId, artistIds))
      .orderBy(asc(s.genres.name));

  /** Music artists with a playable music track, among those `artistIds` names. */
  const selectPlayableArtists = (artistIds: SQL | string[]) =>
    db
      .select()
      .from(s.artists)
      .where(
        and(
          idIn(s.artists.id, artistIds),
          eq(s.artists.kind, "music"),
          exists(
            db
              .select({ one: sql`1` })
              .from(s.tracks)
              .where(and(eq(s.tracks.artistId, s.artists.id), playableMusic)),
          ),
        ),
      );

  /** Adds each album's playable-track count, popularity and markets; drops one that has none. */
  const withTrackStats = async (rows: AlbumJoin[]): Promise<AlbumDetails[]> =>
    rows.length === 0
      ? []
      : attachTrackStats(rows, await selectTrackStats([...new Set(rows.map((row) => row.album.id))]));

  // One batch, one round trip: each id list is one JSON parameter (D1 binds at most 100), and
  // what the hits point to is found by subquery. Every statement reads one table, because a
  // batch hands drizzle rows keyed by column name, where a join's two `id`s would collide.
  const musicStatements = (tracksAsked: SQL, albumIds: string[]) => {
    const ofTracks = (column: typeof s.tracks.albumId | typeof s.tracks.artistId) =>
      sql`SELECT ${column} FROM ${s.tracks} WHERE ${s.tracks.id} IN (${tracksAsked})`;
    const albumsAsked = sql`(${idList(albumIds)} UNION ${ofTracks(s.tracks.albumId)})`;
    const otherArtists = sql`(${ofTracks(s.tracks.artistId)} UNION SELECT ${s.albums.artistId} FROM ${s.albums} WHERE ${s.albums.id} IN ${albumsAsked})`;
    return [
      db
        .select()
        .from(s.tracks)
        .where(and(inArray(s.tracks.id, sql`(${tracksAsked})`), playableMusic)),
      db
        .select()
        .from(s.albums)
        .where(and(inArray(s.albums.id, albumsAsked), eq(s.albums.kind, "music"))),
      selectTrackStats(albumsAsked),
      db.select().from(s.artists).where(inArray(s.artists.id, otherArtists)),
    ] as const;
  };

  const findObjectRowsOf: D1ObjectRows["findObjectRowsOf"] = async (tracksAsked, { artistIds, albumIds }) => {
    const music = musicStatements(tracksAsked, albumIds);
    // Every statement costs a step of the batch: artists' own rows only when artists are asked for.
    const artistsAsked = sql`(${idList(artistIds)})`;
    const [[tracks, albums, stats, others], artists] =
      artistIds.length === 0
        ? [await db.batch(music), []]
        : await db
            .batch([
              ...music,
              selectPlayableArtists(artistsAsked),
              selectArtistGenres(artistsAsked),
              selectFollowerCounts(db, "artist", artistsAsked),
            ])
            .then(
              ([t, al, st, o, ar, genres, followers]) =>
                [[t, al, st, o], ar.map((artist) => withGenres(artist, genres, followers))] as const,
            );
    return { ...musicRows(tracks, albums, stats, others), artists };
  };

  return {
    findObjectRowsOf,
    musicStatements,
    async findPlayableAlbums(ids) {
      if (ids.length === 0) return [];
      // The albums and their track statistics in parallel: both are keyed by the ids asked for.
      const [rows, stats] = await Promise.all([
        selectAlbums().where(and(inList(s.albums.id, ids), eq(s.albums.kind, "music"))),
        selectTrackStats(ids),
      ]);
      return attachTrackStats(rows, stats);
    },
    async findPlayableArtists(ids) {
      if (ids.length === 0) return [];
      const artists = await selectPlayableArtists(ids);
      if (artists.length === 0) return [];
      const artistIds = artists.map((artist) => artist.id);
      const [genres, followers] = await Promise.all([
        selectArtistGenres(artistIds),
        selectFollowerCounts(db, "artist", artistIds),
      ]);
      return artists.map((artist) => withGenres(artist, genres, followers));
    },
    async findObjectRows({ trackIds, artistIds, albumIds }) {
      if (trackIds.length + artistIds.length + albumIds.length === 0) {
        return { tracks: [], albums: [], artists: [], trackArtists: [] };
      }
      return findObjectRowsOf(idList(trackIds), { artistIds, albumIds });
    },
    async listNewReleases({ limit, offset, window }) {
      const released = and(eq(s.albums.kind, "music"), isNotNull(s.albums.releaseDate), hasPlayableTrack());
      const take = Math.min(limit, window - offset);
      const [rows, totals] = await Promise.all([
        take > 0
          ? selectAlbums()
              .where(released)
              .orderBy(desc(s.albums.releaseDate), asc(s.albums.id))
              .limit(take)
              .offset(offset)
          : [],
        // Counting stops at the window: the albums_release index yields them without a full scan.
        db
          .select({ n: count() })
          .from(db.select({ id: s.albums.id }).from(s.albums).where(released).limit(window).as("recent")),
      ]);
      return { items: await withTrackStats(rows), total: totals[0]?.n ?? 0 };
    },
    async listArtistAlbums(artistId, { groups, market, limit, offset }) {
      const ownTypes = groups.filter((group): group is AlbumRow["albumType"] => group !== "appears_on");
      const related = [
        ownTypes.length > 0
          ? and(eq(s.albums.artistId, artistId), inArray(s.albums.albumType, ownTypes))
          : undefined,
        groups.includes("appears_on") ? ne(s.albums.artistId, artistId) : undefined,
      ].filter((condition) => condition !== undefined);
      if (related.length === 0) return { items: [], total: 0 };
      // Candidates come by index from the artist's own albums and the albums of their tracks.
      // No `albums.kind` test: a playable music track (hasPlayableTrack) sits on a music album
      // only, and a `kind =` test, like one OR over both groups, has SQLite walk every music
      // album by the albums_release index instead.
      const candidates = db
        .select({ id: s.albums.id })
        .from(s.albums)
        .where(eq(s.albums.artistId, artistId))
        .union(
          db
            .select({ id: s.tracks.albumId })
            .from(s.tracks)
            .where(and(eq(s.tracks.artistId, artistId), playableMusic)),
        );
      const where = and(inArray(s.albums.id, candidates), or(...related), hasPlayableTrack(market));
      const [rows, totals] = await Promise.all([
        selectAlbums()
          .where(where)
          .orderBy(sql`${s.albums.releaseDate} desc nulls last`, asc(s.albums.id))
          .limit(limit)
          .offset(offset),
        db.select({ n: count() }).from(s.albums).where(where),
      ]);
      const items = (await withTrackStats(rows)).map((details) => ({
        ...details,
        group: details.album.artistId === artistId ? details.album.albumType : ("appears_on" as const),
      }));
      return { items, total: totals[0]?.n ?? 0 };
    },
    async listBrowsableGenres({ limit, offset }) {
      const [items, totals] = await Promise.all([
        db
          .select()
          .from(s.genres)
          .where(hasBrowsableAlbum())
          .orderBy(asc(s.genres.name), asc(s.genres.id))
          .limit(limit)
          .offset(offset),
        db.select({ n: count() }).from(s.genres).where(hasBrowsableAlbum()),
      ]);
      return { items, total: totals[0]?.n ?? 0 };
    },
    async findBrowsableGenre(id) {
      return (
        (await db
          .select()
          .from(s.genres)
          .where(and(eq(s.genres.id, id), hasBrowsableAlbum()))
          .get()) ?? null
      );
    },
    async findAlbumById(id) {
      return (await db.select().from(s.albums).where(eq(s.albums.id, id)).get()) ?? null;
    },
    async findArtistById(id) {
      return (await db.select().from(s.artists).where(eq(s.artists.id, id)).get()) ?? null;
    },
  };
}

/** Four statements for a D1 batch; their results are `MusicResults`, in order. */
export type MusicStatements = readonly [
  BatchItem<"sqlite">,
  BatchItem<"sqlite">,
  BatchItem<"sqlite">,
  BatchItem<"sqlite">,
];
/** What `musicStatements` reads: tracks, their albums, the albums' track statistics, and their artists. */
export type MusicResults = [TrackRow[], AlbumRow[], TrackStats[], ArtistRow[]];

/** An id list as a subquery, bound as one JSON value. */
const idList = (ids: string[]) => sql`SELECT value FROM json_each(${JSON.stringify(ids)})`;

/**
 * `findObjectRows` with the tracks named by a subquery (`SELECT <track id> …`): how another
 * D1 query module (a playlist page) gets the same rows in the same one round trip.
 */
export interface D1ObjectRows {
  findObjectRowsOf(tracksAsked: SQL, also: { artistIds: string[]; albumIds: string[] }): Promise<ObjectRows>;
  /**
   * The statements behind the music of `findObjectRowsOf`, for a caller's own batch; `musicRows`
   * reads their results.
   */
  musicStatements(tracksAsked: SQL, albumIds: string[]): MusicStatements;
}

/** `column IN` an id list (bound as one JSON value) or a subquery. */
function idIn(column: Parameters<typeof inList>[0], ids: SQL | string[]): SQL {
  return Array.isArray(ids) ? inList(column, ids) : sql`${column} IN ${ids}`;
}
