import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  ilike,
  inArray,
  isNotNull,
  isNull,
  max,
  ne,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { AlbumDetails, AlbumRow, ArtistDetails, BrowseQueries } from "./catalog-db.ts";
import { attachTrackStats, musicRows, withGenres } from "./details.ts";
import type { PgDb } from "./neon.ts";
import * as s from "./schema.pg.ts";

/** A track listeners get: music with a published encode. */
export const playableMusic = and(isNotNull(s.tracks.currentEncodeId), eq(s.tracks.kind, "music"));

/**
 * A track licensed in `market` (an ISO code). `ILIKE`: SQLite's `LIKE` ignores ASCII case, so
 * D1 matches a lower-case code too; Postgres' `LIKE` would not.
 */
export const licensedIn = (market: string) =>
  or(isNull(s.tracks.markets), ilike(s.tracks.markets, `%,${market},%`));

/** How many users have each of `ids` (artists or users) in their library, by the (kind, item_id) index. */
export async function countFollowersIn(
  db: PgDb,
  kind: "artist" | "user",
  ids: string[],
): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await selectFollowerCounts(db, kind, [...new Set(ids)]);
  return new Map(rows.map((row) => [row.id, row.n]));
}

function selectFollowerCounts(db: PgDb, kind: "artist" | "user", ids: string[]) {
  return db
    .select({ id: s.libraryItems.itemId, n: count() })
    .from(s.libraryItems)
    .where(and(eq(s.libraryItems.kind, kind), inArray(s.libraryItems.itemId, ids)))
    .groupBy(s.libraryItems.itemId);
}

/**
 * The Postgres queries behind browsing (`/v1/albums`, `/v1/artists`, `/v1/browse`), mirroring
 * `d1-browse-queries.ts`. Where D1 batches statements, the same reads run in parallel here.
 */
export function createPgBrowseQueries(db: PgDb): BrowseQueries {
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

  /** Playable-track statistics of the albums `albumIn` selects, one row per (album, markets) pair. */
  const selectTrackStats = (albumIn: SQL | undefined) =>
    db
      .select({
        albumId: s.tracks.albumId,
        markets: s.tracks.markets,
        tracks: count(),
        popularity: max(s.tracks.popularity),
      })
      .from(s.tracks)
      .where(and(albumIn, playableMusic))
      .groupBy(s.tracks.albumId, s.tracks.markets);

  /** The genre names of the artists `artistIds`, by name. */
  const selectArtistGenres = (artistIds: string[]) =>
    db
      .select({ artistId: s.artistGenres.artistId, name: s.genres.name })
      .from(s.artistGenres)
      .innerJoin(s.genres, eq(s.genres.id, s.artistGenres.genreId))
      .where(inArray(s.artistGenres.artistId, artistIds))
      .orderBy(asc(s.genres.name));

  /** Music artists with a playable music track, among `artistIds`. */
  const selectPlayableArtists = (artistIds: string[]) =>
    db
      .select()
      .from(s.artists)
      .where(
        and(
          inArray(s.artists.id, artistIds),
          eq(s.artists.kind, "music"),
          exists(
            db
              .select({ one: sql`1` })
              .from(s.tracks)
              .where(and(eq(s.tracks.artistId, s.artists.id), playableMusic)),
          ),
        ),
      );

  /** Browsable artists among `artistIds` with their genres and followers. */
  const findArtists = async (artistIds: string[]): Promise<ArtistDetails[]> => {
    // All three keyed by the ids asked for: in parallel, one round trip.
    const [artists, genres, followers] = await Promise.all([
      selectPlayableArtists(artistIds),
      selectArtistGenres(artistIds),
      selectFollowerCounts(db, "artist", artistIds),
    ]);
    return artists.map((artist) => withGenres(artist, genres, followers));
  };

  /** Adds each album's playable-track count, popularity and markets; drops one that has none. */
  const withTrackStats = async (rows: AlbumJoin[]): Promise<AlbumDetails[]> =>
    rows.length === 0
      ? []
      : attachTrackStats(
          rows,
          await selectTrackStats(inArray(s.tracks.albumId, [...new Set(rows.map((row) => row.album.id))])),
        );

  return {
    async findPlayableAlbums(ids) {
      if (ids.length === 0) return [];
      const [rows, stats] = await Promise.all([
        selectAlbums().where(and(inArray(s.albums.id, ids), eq(s.albums.kind, "music"))),
        selectTrackStats(inArray(s.tracks.albumId, ids)),
      ]);
      return attachTrackStats(rows, stats);
    },
    async findPlayableArtists(ids) {
      if (ids.length === 0) return [];
      return findArtists([...new Set(ids)]);
    },
    async findObjectRows({ trackIds, artistIds, albumIds }) {
      if (trackIds.length + artistIds.length + albumIds.length === 0) {
        return { tracks: [], albums: [], artists: [], trackArtists: [] };
      }
      // The albums asked for and those the tracks are on; the artists of those tracks and albums.
      const ofTracks = (column: typeof s.tracks.albumId | typeof s.tracks.artistId) =>
        db.select({ id: column }).from(s.tracks).where(inArray(s.tracks.id, trackIds));
      const albumAsked = (column: typeof s.albums.id | typeof s.tracks.albumId) =>
        or(
          albumIds.length > 0 ? inArray(column, albumIds) : undefined,
          trackIds.length > 0 ? inArray(column, ofTracks(s.tracks.albumId)) : undefined,
        );
      // Nothing to look up by (artists only): no albums, not every album.
      const albumsWanted = trackIds.length + albumIds.length > 0;
      const [tracks, albums, stats, others, artists] = await Promise.all([
        trackIds.length > 0
          ? db
              .select()
              .from(s.tracks)
              .where(and(inArray(s.tracks.id, trackIds), playableMusic))
          : [],
        albumsWanted
          ? db
              .select()
              .from(s.albums)
              .where(and(albumAsked(s.albums.id), eq(s.albums.kind, "music")))
          : [],
        albumsWanted ? selectTrackStats(albumAsked(s.tracks.albumId)) : [],
        albumsWanted
          ? db
              .select()
              .from(s.artists)
              .where(
                or(
                  trackIds.length > 0 ? inArray(s.artists.id, ofTracks(s.tracks.artistId)) : undefined,
                  inArray(
                    s.artists.id,
                    db.select({ id: s.albums.artistId }).from(s.albums).where(albumAsked(s.albums.id)),
                  ),
                ),
              )
          : [],
        artistIds.length > 0 ? findArtists([...new Set(artistIds)]) : [],
      ]);
      return { ...musicRows(tracks, albums, stats, others), artists };
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
      const rows = await db
        .select()
        .from(s.genres)
        .where(and(eq(s.genres.id, id), hasBrowsableAlbum()));
      return rows[0] ?? null;
    },
    async findAlbumById(id) {
      return (await db.select().from(s.albums).where(eq(s.albums.id, id)))[0] ?? null;
    },
    async findArtistById(id) {
      return (await db.select().from(s.artists).where(eq(s.artists.id, id)))[0] ?? null;
    },
  };
}
