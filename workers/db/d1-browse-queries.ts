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
  sql,
} from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { unionMarkets } from "../services/markets.ts";
import type { AlbumDetails, AlbumRow, CatalogDb } from "./catalog-db.ts";
import * as s from "./schema.sqlite.ts";

type Db = DrizzleD1Database<typeof s>;

type BrowseQueries = Pick<
  CatalogDb,
  | "findPlayableAlbums"
  | "findPlayableArtists"
  | "listNewReleases"
  | "listArtistAlbums"
  | "listBrowsableGenres"
  | "findBrowsableGenre"
  | "findAlbumById"
  | "findArtistById"
>;

/** A track listeners get: music with a published encode. */
const playableMusic = and(isNotNull(s.tracks.currentEncodeId), eq(s.tracks.kind, "music"));

/** A track licensed in `market` (an upper-case ISO code). */
const licensedIn = (market: string) => or(isNull(s.tracks.markets), like(s.tracks.markets, `%,${market},%`));

/**
 * The D1 queries behind browsing (`/v1/albums`, `/v1/artists`, `/v1/browse`). Every lookup goes
 * through an index: albums by id, artist or (kind, release date); tracks by album or artist.
 */
export function createD1BrowseQueries(db: Db): BrowseQueries {
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

  /** Adds each album's playable-track count, popularity and markets; drops one that has none. */
  async function withTrackStats(rows: AlbumJoin[]): Promise<AlbumDetails[]> {
    if (rows.length === 0) return [];
    // One row per (album, markets) pair: an album's tracks share few distinct market lists.
    const stats = await db
      .select({
        albumId: s.tracks.albumId,
        markets: s.tracks.markets,
        tracks: count(),
        popularity: max(s.tracks.popularity),
      })
      .from(s.tracks)
      .where(and(inArray(s.tracks.albumId, [...new Set(rows.map((row) => row.album.id))]), playableMusic))
      .groupBy(s.tracks.albumId, s.tracks.markets);
    return rows.flatMap((row) => {
      const own = stats.filter((stat) => stat.albumId === row.album.id);
      if (own.length === 0) return [];
      return [
        {
          ...row,
          totalTracks: own.reduce((sum, stat) => sum + stat.tracks, 0),
          popularity: Math.max(...own.map((stat) => stat.popularity ?? 0)),
          markets: unionMarkets(own.map((stat) => stat.markets)),
        },
      ];
    });
  }

  return {
    async findPlayableAlbums(ids) {
      if (ids.length === 0) return [];
      const rows = await selectAlbums().where(and(inArray(s.albums.id, ids), eq(s.albums.kind, "music")));
      return withTrackStats(rows);
    },
    async findPlayableArtists(ids) {
      if (ids.length === 0) return [];
      const artists = await db
        .select()
        .from(s.artists)
        .where(
          and(
            inArray(s.artists.id, ids),
            eq(s.artists.kind, "music"),
            exists(
              db
                .select({ one: sql`1` })
                .from(s.tracks)
                .where(and(eq(s.tracks.artistId, s.artists.id), playableMusic)),
            ),
          ),
        );
      if (artists.length === 0) return [];
      const genres = await db
        .select({ artistId: s.artistGenres.artistId, name: s.genres.name })
        .from(s.artistGenres)
        .innerJoin(s.genres, eq(s.genres.id, s.artistGenres.genreId))
        .where(
          inArray(
            s.artistGenres.artistId,
            artists.map((artist) => artist.id),
          ),
        )
        .orderBy(asc(s.genres.name));
      return artists.map((artist) => ({
        artist,
        genres: genres.filter((genre) => genre.artistId === artist.id).map((genre) => genre.name),
      }));
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
