import { and, asc, count, desc, eq, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import { pgIndexPublishedTrack, pgIndexSearchItem } from "../services/search/pg-search-index.ts";
import type { BrowseQueries, CatalogDb, JobRow, TrackDetails, UserRow } from "./catalog-db.ts";
import type { LibraryDb } from "./library-db.ts";
import type { PgDb } from "./neon.ts";
import { licensedIn, playableMusic } from "./pg-browse-queries.ts";
import type { PlaylistDb } from "./playlist-db.ts";
import * as s from "./schema.pg.ts";

/** Every catalog method that is not browsing, search, playlists or the library. */
export type PgCoreQueries = Omit<
  CatalogDb,
  keyof PlaylistDb | keyof LibraryDb | keyof BrowseQueries | "searchCatalog" | "suggest"
>;

/**
 * The Postgres queries behind users, ingest, transcode jobs, plays, ads, podcasts, catalog reads,
 * lyrics and playback, mirroring `d1-catalog-db.ts`. What D1 writes in one batch is one
 * transaction here (or one statement), search index upkeep included.
 */
export function createPgCoreQueries(db: PgDb): PgCoreQueries {
  const findUserByEmail = async (email: string) =>
    (await db.select().from(s.users).where(eq(s.users.email, email)))[0] ?? null;
  const findJob = async (id: string): Promise<JobRow | null> =>
    (await db.select().from(s.transcodeJobs).where(eq(s.transcodeJobs.id, id)))[0] ?? null;

  const selectShows = () =>
    db
      .select({ show: s.shows, album: s.albums, artist: s.artists })
      .from(s.shows)
      .innerJoin(s.albums, eq(s.albums.id, s.shows.id))
      .innerJoin(s.artists, eq(s.artists.id, s.albums.artistId));

  const findEpisodes: PgCoreQueries["findEpisodes"] = async (ids) => {
    if (ids.length === 0) return [];
    const rows = await db
      .select({ episode: s.episodes, track: s.tracks, show: s.shows, album: s.albums, artist: s.artists })
      .from(s.episodes)
      .innerJoin(s.tracks, eq(s.tracks.id, s.episodes.id))
      .innerJoin(s.shows, eq(s.shows.id, s.episodes.showId))
      .innerJoin(s.albums, eq(s.albums.id, s.shows.id))
      .innerJoin(s.artists, eq(s.artists.id, s.albums.artistId))
      .where(and(inArray(s.episodes.id, ids), isNotNull(s.tracks.currentEncodeId)));
    return rows.map(({ episode, track, show, album, artist }) => ({
      episode,
      track,
      show: { show, album, artist },
    }));
  };

  return {
    async createUser(user) {
      const inserted = await db
        .insert(s.users)
        .values(user)
        .onConflictDoNothing()
        .returning({ id: s.users.id });
      return inserted.length === 1;
    },
    findUserByEmail,
    async findUserById(id) {
      return (await db.select().from(s.users).where(eq(s.users.id, id)))[0] ?? null;
    },
    async updateUserAccess(email, change) {
      if (!change.role && !change.product) return findUserByEmail(email);
      const rows = await db.update(s.users).set(change).where(eq(s.users.email, email)).returning();
      return (rows[0] as UserRow | undefined) ?? null;
    },

    async insertRefreshToken(token) {
      await db.insert(s.refreshTokens).values(token);
    },
    async findRefreshToken(id) {
      return (await db.select().from(s.refreshTokens).where(eq(s.refreshTokens.id, id)))[0] ?? null;
    },
    async spendRefreshToken(id, nowMs) {
      // One UPDATE: of two racing rotations, the second waits on the row lock, then finds it used.
      const rows = await db
        .update(s.refreshTokens)
        .set({ usedAt: nowMs })
        .where(
          and(eq(s.refreshTokens.id, id), isNull(s.refreshTokens.usedAt), isNull(s.refreshTokens.revokedAt)),
        )
        .returning({ id: s.refreshTokens.id });
      return rows.length === 1;
    },
    async revokeRefreshFamily(familyId, nowMs) {
      await db
        .update(s.refreshTokens)
        .set({ revokedAt: nowMs })
        .where(and(eq(s.refreshTokens.familyId, familyId), isNull(s.refreshTokens.revokedAt)));
    },

    async findArtistByNameKey(nameKey) {
      return (await db.select().from(s.artists).where(eq(s.artists.nameKey, nameKey)))[0] ?? null;
    },
    async findAlbumByNameKey(artistId, nameKey) {
      const rows = await db
        .select()
        .from(s.albums)
        .where(and(eq(s.albums.artistId, artistId), eq(s.albums.nameKey, nameKey)));
      return rows[0] ?? null;
    },
    async createUpload(upload) {
      await db.transaction(async (tx) => {
        if (upload.newGenre) await tx.insert(s.genres).values(upload.newGenre).onConflictDoNothing();
        if (upload.newArtist) await tx.insert(s.artists).values(upload.newArtist);
        if (upload.genreId) {
          await tx
            .insert(s.artistGenres)
            .values({ artistId: upload.track.artistId, genreId: upload.genreId })
            .onConflictDoNothing();
        }
        if (upload.newAlbum) await tx.insert(s.albums).values(upload.newAlbum);
        await tx.insert(s.tracks).values(upload.track);
        await tx.insert(s.transcodeJobs).values(upload.job);
        if (upload.ad) await tx.insert(s.ads).values(upload.ad);
        if (upload.episode) await tx.insert(s.episodes).values(upload.episode);
        if (upload.lyrics) await tx.insert(s.lyrics).values(upload.lyrics);
      });
    },
    async deleteUpload(upload) {
      await db.transaction(async (tx) => {
        await tx.delete(s.ads).where(eq(s.ads.trackId, upload.track.id));
        await tx.delete(s.episodes).where(eq(s.episodes.id, upload.track.id));
        await tx.delete(s.lyrics).where(eq(s.lyrics.trackId, upload.track.id));
        await tx.delete(s.transcodeJobs).where(eq(s.transcodeJobs.id, upload.job.id));
        await tx.delete(s.tracks).where(eq(s.tracks.id, upload.track.id));
        if (upload.newAlbum) await tx.delete(s.albums).where(eq(s.albums.id, upload.newAlbum.id));
        if (upload.newArtist) await tx.delete(s.artists).where(eq(s.artists.id, upload.newArtist.id));
      });
    },

    findJob,
    async findJobByEncodeId(encodeId) {
      return (
        (await db.select().from(s.transcodeJobs).where(eq(s.transcodeJobs.encodeId, encodeId)))[0] ?? null
      );
    },
    async startJobAttempt(id, encodeId, nowMs) {
      const before = await findJob(id);
      if (!before || before.status === "succeeded") return before;
      await db
        .update(s.transcodeJobs)
        .set({
          status: "running",
          encodeId,
          progress: 0,
          error: null,
          attempts: before.attempts + 1,
          updatedAt: nowMs,
        })
        .where(and(eq(s.transcodeJobs.id, id), ne(s.transcodeJobs.status, "succeeded")));
      return before;
    },
    async updateJobProgress(id, encodeId, progress, nowMs) {
      const rows = await db
        .update(s.transcodeJobs)
        .set({ progress, updatedAt: nowMs })
        .where(
          and(
            eq(s.transcodeJobs.id, id),
            eq(s.transcodeJobs.encodeId, encodeId),
            eq(s.transcodeJobs.status, "running"),
          ),
        )
        .returning({ id: s.transcodeJobs.id });
      return rows.length === 1;
    },
    async failJob(id, error, nowMs) {
      await db
        .update(s.transcodeJobs)
        .set({ status: "failed", error, updatedAt: nowMs })
        .where(and(eq(s.transcodeJobs.id, id), ne(s.transcodeJobs.status, "succeeded")));
    },
    async publishEncode(jobId, encode, renditionRows, nowMs) {
      // One transaction: the search index entries change with the publish, or not at all.
      await db.transaction(async (tx) => {
        await tx.insert(s.encodes).values(encode);
        await tx.insert(s.renditions).values(renditionRows);
        await tx.update(s.tracks).set({ currentEncodeId: encode.id }).where(eq(s.tracks.id, encode.trackId));
        await tx
          .update(s.transcodeJobs)
          .set({ status: "succeeded", progress: 1, error: null, updatedAt: nowMs })
          .where(eq(s.transcodeJobs.id, jobId));
        await pgIndexPublishedTrack(tx, encode.trackId);
      });
    },

    async countPlay({ eventId, userId, trackId, playedAt }) {
      // One statement, so one round trip and atomic. The event id is claimed first: a concurrent
      // delivery of the same event waits on its unique key, then claims nothing and counts nothing
      // (D1's "not counted yet" guards would let both count under READ COMMITTED).
      const result = await db.execute<{ n: number }>(sql`
        WITH counted AS (
          INSERT INTO ${s.countedPlays} (event_id, user_id, track_id, played_at)
          SELECT ${eventId}, ${userId}, id, ${playedAt}::bigint FROM ${s.tracks} WHERE id = ${trackId}
          ON CONFLICT (event_id) DO NOTHING
          RETURNING track_id
        ), plays AS (
          INSERT INTO ${s.trackPlays} (track_id, plays, last_played_at)
          SELECT track_id, 1, ${playedAt}::bigint FROM counted
          ON CONFLICT (track_id) DO UPDATE SET plays = track_plays.plays + 1,
            last_played_at = greatest(track_plays.last_played_at, excluded.last_played_at)
        ), affinity AS (
          INSERT INTO ${s.userArtistAffinities} (user_id, artist_id, plays, last_played_at)
          SELECT ${userId}, t.artist_id, 1, ${playedAt}::bigint FROM counted JOIN ${s.tracks} t ON t.id = counted.track_id
          ON CONFLICT (user_id, artist_id) DO UPDATE SET plays = user_artist_affinities.plays + 1,
            last_played_at = greatest(user_artist_affinities.last_played_at, excluded.last_played_at)
        )
        SELECT count(*)::int AS n FROM counted`);
      return result.rows[0]?.n === 1;
    },
    async findTrackPlays(trackId) {
      const rows = await db
        .select({ plays: s.trackPlays.plays })
        .from(s.trackPlays)
        .where(eq(s.trackPlays.trackId, trackId));
      return rows[0]?.plays ?? 0;
    },
    async findArtistAffinity(userId, artistId) {
      const rows = await db
        .select({ plays: s.userArtistAffinities.plays })
        .from(s.userArtistAffinities)
        .where(and(eq(s.userArtistAffinities.userId, userId), eq(s.userArtistAffinities.artistId, artistId)));
      return rows[0]?.plays ?? 0;
    },

    async findAdByTrackId(trackId) {
      return (await db.select().from(s.ads).where(eq(s.ads.trackId, trackId)))[0] ?? null;
    },
    async listActiveAds(country) {
      return db
        .select({ adId: s.ads.id, trackId: s.tracks.id, durationMs: s.tracks.durationMs })
        .from(s.ads)
        .innerJoin(s.tracks, eq(s.tracks.id, s.ads.trackId))
        .where(and(eq(s.ads.active, true), isNotNull(s.tracks.currentEncodeId), licensedIn(country)))
        .orderBy(asc(s.ads.createdAt), asc(s.ads.id));
    },
    async listAds() {
      return db
        .select({ ad: s.ads, track: s.tracks })
        .from(s.ads)
        .innerJoin(s.tracks, eq(s.tracks.id, s.ads.trackId))
        .orderBy(desc(s.ads.createdAt), desc(s.ads.id));
    },
    async setAdActive(id, active) {
      const rows = await db.update(s.ads).set({ active }).where(eq(s.ads.id, id)).returning();
      return rows[0] ?? null;
    },
    async countAdImpression({ eventId, userId, trackId, playedAt }) {
      // As countPlay: the event id is claimed first, and the impression counted only with it.
      const result = await db.execute<{ n: number }>(sql`
        WITH counted AS (
          INSERT INTO ${s.countedPlays} (event_id, user_id, track_id, played_at)
          SELECT ${eventId}, ${userId}, track_id, ${playedAt}::bigint FROM ${s.ads} WHERE track_id = ${trackId}
          ON CONFLICT (event_id) DO NOTHING
          RETURNING track_id
        ), impression AS (
          UPDATE ${s.ads} SET impressions = impressions + 1 WHERE track_id IN (SELECT track_id FROM counted)
        )
        SELECT count(*)::int AS n FROM counted`);
      return result.rows[0]?.n === 1;
    },

    async createShow({ newArtist, album, show }) {
      // One transaction: the show is searchable from the moment it exists, or it does not exist.
      await db.transaction(async (tx) => {
        if (newArtist) await tx.insert(s.artists).values(newArtist);
        await tx.insert(s.albums).values(album);
        await tx.insert(s.shows).values(show);
        await pgIndexSearchItem(tx, "show", show.id);
      });
    },
    async findShow(id) {
      return (await selectShows().where(eq(s.shows.id, id)))[0] ?? null;
    },
    async findShows(ids) {
      if (ids.length === 0) return [];
      return selectShows().where(inArray(s.shows.id, ids));
    },
    async listShows(managedBy) {
      return selectShows()
        .where(managedBy === null ? undefined : eq(s.artists.managedBy, managedBy))
        .orderBy(asc(s.albums.name), asc(s.shows.id));
    },
    async listShowEpisodes(show, { limit, offset }) {
      const playable = and(eq(s.episodes.showId, show.show.id), isNotNull(s.tracks.currentEncodeId));
      const [rows, totals] = await Promise.all([
        db
          .select({ episode: s.episodes, track: s.tracks })
          .from(s.episodes)
          .innerJoin(s.tracks, eq(s.tracks.id, s.episodes.id))
          .where(playable)
          .orderBy(desc(s.episodes.releaseDate), desc(s.episodes.createdAt), asc(s.episodes.id))
          .limit(limit)
          .offset(offset),
        db
          .select({ n: count() })
          .from(s.episodes)
          .innerJoin(s.tracks, eq(s.tracks.id, s.episodes.id))
          .where(playable),
      ]);
      return { items: rows.map((row) => ({ ...row, show })), total: totals[0]?.n ?? 0 };
    },
    async countPlayableEpisodes(showIds) {
      if (showIds.length === 0) return new Map();
      const rows = await db
        .select({ showId: s.episodes.showId, n: count() })
        .from(s.episodes)
        .innerJoin(s.tracks, eq(s.tracks.id, s.episodes.id))
        .where(and(inArray(s.episodes.showId, showIds), isNotNull(s.tracks.currentEncodeId)))
        .groupBy(s.episodes.showId);
      return new Map(rows.map((row) => [row.showId, row.n]));
    },
    async findEpisode(id) {
      return (await findEpisodes([id]))[0] ?? null;
    },
    findEpisodes,

    async listPlayableTracks({ limit, offset }) {
      const [rows, totals] = await Promise.all([
        db
          .select({ track: s.tracks, album: s.albums, artist: s.artists })
          .from(s.tracks)
          .innerJoin(s.albums, eq(s.albums.id, s.tracks.albumId))
          .innerJoin(s.artists, eq(s.artists.id, s.tracks.artistId))
          .where(playableMusic)
          .orderBy(
            asc(s.artists.name),
            asc(s.albums.name),
            asc(s.tracks.discNumber),
            asc(s.tracks.trackNumber),
            asc(s.tracks.id),
          )
          .limit(limit)
          .offset(offset),
        db.select({ n: count() }).from(s.tracks).where(playableMusic),
      ]);
      return { items: rows as TrackDetails[], total: totals[0]?.n ?? 0 };
    },
    async findTrackDetails(id) {
      const rows = await db
        .select({ track: s.tracks, album: s.albums, artist: s.artists })
        .from(s.tracks)
        .innerJoin(s.albums, eq(s.albums.id, s.tracks.albumId))
        .innerJoin(s.artists, eq(s.artists.id, s.tracks.artistId))
        .where(eq(s.tracks.id, id));
      return (rows[0] as TrackDetails | undefined) ?? null;
    },
    async findPlayableTracks(ids, kinds = ["music"]) {
      if (ids.length === 0) return [];
      return db
        .select()
        .from(s.tracks)
        .where(
          and(inArray(s.tracks.id, ids), isNotNull(s.tracks.currentEncodeId), inArray(s.tracks.kind, kinds)),
        );
    },
    async listPlayableAlbumTracks(albumId, page) {
      const tracks = db
        .select()
        .from(s.tracks)
        .where(and(eq(s.tracks.albumId, albumId), playableMusic))
        .orderBy(asc(s.tracks.discNumber), asc(s.tracks.trackNumber), asc(s.tracks.id))
        .$dynamic();
      return page ? tracks.limit(page.limit).offset(page.offset) : tracks;
    },
    async listArtistTopTracks(artistId, limit, market) {
      const rows = await db
        .select({ track: s.tracks })
        .from(s.tracks)
        .leftJoin(s.trackPlays, eq(s.trackPlays.trackId, s.tracks.id))
        .where(and(eq(s.tracks.artistId, artistId), playableMusic, market ? licensedIn(market) : undefined))
        .orderBy(desc(sql`coalesce(${s.trackPlays.plays}, 0)`), desc(s.tracks.popularity), asc(s.tracks.id))
        .limit(limit);
      return rows.map((row) => row.track);
    },

    async findLyrics(trackId) {
      return (await db.select().from(s.lyrics).where(eq(s.lyrics.trackId, trackId)))[0] ?? null;
    },
    async saveLyrics(lyrics) {
      const { trackId, ...change } = lyrics;
      await db.insert(s.lyrics).values(lyrics).onConflictDoUpdate({ target: s.lyrics.trackId, set: change });
    },
    async deleteLyrics(trackId) {
      const rows = await db
        .delete(s.lyrics)
        .where(eq(s.lyrics.trackId, trackId))
        .returning({ trackId: s.lyrics.trackId });
      return rows.length === 1;
    },
    async findPlayback(trackId) {
      const rows = await db
        .select({ markets: s.tracks.markets, kind: s.tracks.kind, encode: s.encodes })
        .from(s.tracks)
        .innerJoin(s.encodes, eq(s.encodes.id, s.tracks.currentEncodeId))
        .where(eq(s.tracks.id, trackId));
      const row = rows[0];
      if (!row) return null;
      const renditionRows = await db
        .select()
        .from(s.renditions)
        .where(eq(s.renditions.encodeId, row.encode.id));
      return { trackId, kind: row.kind, markets: row.markets, encode: row.encode, renditions: renditionRows };
    },
    async findRenditions(trackId, encodeId) {
      const rows = await db
        .select({ rendition: s.renditions })
        .from(s.renditions)
        .innerJoin(s.encodes, eq(s.encodes.id, s.renditions.encodeId))
        .where(and(eq(s.encodes.id, encodeId), eq(s.encodes.trackId, trackId)));
      return rows.map((row) => row.rendition);
    },
  };
}
