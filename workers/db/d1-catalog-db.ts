import { and, asc, count, desc, eq, inArray, isNotNull, isNull, like, ne, or, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import { searchD1Index, suggestFromD1Index } from "../services/search/d1-search.ts";
import { indexPublishedTrackStatements, indexSearchItemStatements } from "../services/search/search-index.ts";
import type {
  ArtistRow,
  CatalogDb,
  EncodeRow,
  NewUpload,
  RefreshTokenRow,
  RenditionRow,
  TrackDetails,
  UserRow,
} from "./catalog-db.ts";
import { createD1BrowseQueries } from "./d1-browse-queries.ts";
import { createD1LibraryQueries } from "./d1-library.ts";
import { createD1PlaylistQueries } from "./d1-playlists.ts";
import { inList, runSteps } from "./d1-sql.ts";
import * as s from "./schema.sqlite.ts";

type Db = DrizzleD1Database;

/** One catalog per D1 binding: the queries hold no request state, and building them is not free. */
const catalogs = new WeakMap<D1Database, CatalogDb>();

/**
 * The D1 implementation of the catalog interface. Atomic steps use D1 batches (one implicit
 * transaction). Made once per binding and isolate, not per request.
 */
export function createD1CatalogDb(database: D1Database): CatalogDb {
  let catalog = catalogs.get(database);
  if (!catalog) {
    catalog = buildD1CatalogDb(database);
    catalogs.set(database, catalog);
  }
  return catalog;
}

function buildD1CatalogDb(database: D1Database): CatalogDb {
  // No `schema`: nothing uses drizzle's relational queries, and it would rebuild their config.
  const db: Db = drizzle(database);
  const browse = createD1BrowseQueries(db);

  return {
    ...browse,
    ...createD1LibraryQueries(db),
    ...createD1PlaylistQueries(db, database, browse),
    async createUser(user) {
      const inserted = await db
        .insert(s.users)
        .values(user)
        .onConflictDoNothing()
        .returning({ id: s.users.id });
      return inserted.length === 1;
    },
    async findUserByEmail(email) {
      return (await db.select().from(s.users).where(eq(s.users.email, email)).get()) ?? null;
    },
    async findUserById(id) {
      return (await db.select().from(s.users).where(eq(s.users.id, id)).get()) ?? null;
    },
    async updateUserAccess(email, change) {
      if (!change.role && !change.product) return this.findUserByEmail(email);
      const rows = await db.update(s.users).set(change).where(eq(s.users.email, email)).returning();
      return (rows[0] as UserRow | undefined) ?? null;
    },

    async insertRefreshToken(token: RefreshTokenRow) {
      await db.insert(s.refreshTokens).values(token);
    },
    async findRefreshToken(id) {
      return (await db.select().from(s.refreshTokens).where(eq(s.refreshTokens.id, id)).get()) ?? null;
    },
    async spendRefreshToken(id, nowMs) {
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
      return (
        ((await db.select().from(s.artists).where(eq(s.artists.nameKey, nameKey)).get()) as ArtistRow) ?? null
      );
    },
    async findAlbumByNameKey(artistId, nameKey) {
      return (
        (await db
          .select()
          .from(s.albums)
          .where(and(eq(s.albums.artistId, artistId), eq(s.albums.nameKey, nameKey)))
          .get()) ?? null
      );
    },
    async createUpload(upload: NewUpload) {
      const steps: BatchItem<"sqlite">[] = [];
      if (upload.newGenre) steps.push(db.insert(s.genres).values(upload.newGenre).onConflictDoNothing());
      if (upload.newArtist) steps.push(db.insert(s.artists).values(upload.newArtist));
      if (upload.genreId) {
        steps.push(
          db
            .insert(s.artistGenres)
            .values({ artistId: upload.track.artistId, genreId: upload.genreId })
            .onConflictDoNothing(),
        );
      }
      if (upload.newAlbum) steps.push(db.insert(s.albums).values(upload.newAlbum));
      steps.push(db.insert(s.tracks).values(upload.track));
      steps.push(db.insert(s.transcodeJobs).values(upload.job));
      if (upload.ad) steps.push(db.insert(s.ads).values(upload.ad));
      if (upload.episode) steps.push(db.insert(s.episodes).values(upload.episode));
      if (upload.lyrics) steps.push(db.insert(s.lyrics).values(upload.lyrics));
      await db.batch(steps as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    },
    async deleteUpload(upload: NewUpload) {
      const steps: BatchItem<"sqlite">[] = [
        db.delete(s.ads).where(eq(s.ads.trackId, upload.track.id)),
        db.delete(s.episodes).where(eq(s.episodes.id, upload.track.id)),
        db.delete(s.lyrics).where(eq(s.lyrics.trackId, upload.track.id)),
        db.delete(s.transcodeJobs).where(eq(s.transcodeJobs.id, upload.job.id)),
        db.delete(s.tracks).where(eq(s.tracks.id, upload.track.id)),
      ];
      if (upload.newAlbum) steps.push(db.delete(s.albums).where(eq(s.albums.id, upload.newAlbum.id)));
      if (upload.newArtist) steps.push(db.delete(s.artists).where(eq(s.artists.id, upload.newArtist.id)));
      await db.batch(steps as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    },

    async findJob(id) {
      return (await db.select().from(s.transcodeJobs).where(eq(s.transcodeJobs.id, id)).get()) ?? null;
    },
    async findJobByEncodeId(encodeId) {
      return (
        (await db.select().from(s.transcodeJobs).where(eq(s.transcodeJobs.encodeId, encodeId)).get()) ?? null
      );
    },
    async startJobAttempt(id, encodeId, nowMs) {
      const before = await this.findJob(id);
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
    async publishEncode(jobId, encode: EncodeRow, renditionRows: RenditionRow[], nowMs) {
      // One D1 batch: the search index entries change with the publish, or not at all.
      const steps = [
        db.insert(s.encodes).values(encode).toSQL(),
        db.insert(s.renditions).values(renditionRows).toSQL(),
        db
          .update(s.tracks)
          .set({ currentEncodeId: encode.id })
          .where(eq(s.tracks.id, encode.trackId))
          .toSQL(),
        db
          .update(s.transcodeJobs)
          .set({ status: "succeeded", progress: 1, error: null, updatedAt: nowMs })
          .where(eq(s.transcodeJobs.id, jobId))
          .toSQL(),
        ...indexPublishedTrackStatements(encode.trackId),
      ];
      await runSteps(database, steps);
    },

    async findAdByTrackId(trackId) {
      return (await db.select().from(s.ads).where(eq(s.ads.trackId, trackId)).get()) ?? null;
    },
    async listActiveAds(country) {
      return db
        .select({ adId: s.ads.id, trackId: s.tracks.id, durationMs: s.tracks.durationMs })
        .from(s.ads)
        .innerJoin(s.tracks, eq(s.tracks.id, s.ads.trackId))
        .where(
          and(
            eq(s.ads.active, true),
            isNotNull(s.tracks.currentEncodeId),
            or(isNull(s.tracks.markets), like(s.tracks.markets, `%,${country},%`)),
          ),
        )
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
      // The same guard as countPlay: the impression and its event id are written together, once.
      const results = await database.batch([
        database
          .prepare(
            "UPDATE ads SET impressions = impressions + 1 WHERE track_id = ? AND NOT EXISTS (SELECT 1 FROM counted_plays WHERE event_id = ?)",
          )
          .bind(trackId, eventId),
        database
          .prepare(
            "INSERT INTO counted_plays (event_id, user_id, track_id, played_at) SELECT ?, ?, track_id, ? FROM ads WHERE track_id = ? ON CONFLICT (event_id) DO NOTHING",
          )
          .bind(eventId, userId, playedAt, trackId),
      ]);
      return (results.at(-1)?.meta.changes ?? 0) === 1;
    },

    async listPlayableTracks({ limit, offset }) {
      const playable = and(isNotNull(s.tracks.currentEncodeId), eq(s.tracks.kind, "music"));
      const [rows, totals] = await Promise.all([
        db
          .select({ track: s.tracks, album: s.albums, artist: s.artists })
          .from(s.tracks)
          .innerJoin(s.albums, eq(s.albums.id, s.tracks.albumId))
          .innerJoin(s.artists, eq(s.artists.id, s.tracks.artistId))
          .where(playable)
          .orderBy(
            asc(s.artists.name),
            asc(s.albums.name),
            asc(s.tracks.discNumber),
            asc(s.tracks.trackNumber),
            asc(s.tracks.id),
          )
          .limit(limit)
          .offset(offset),
        db.select({ n: count() }).from(s.tracks).where(playable),
      ]);
      return { items: rows as TrackDetails[], total: totals[0]?.n ?? 0 };
    },
    async findTrackDetails(id) {
      const row = await db
        .select({ track: s.tracks, album: s.albums, artist: s.artists })
        .from(s.tracks)
        .innerJoin(s.albums, eq(s.albums.id, s.tracks.albumId))
        .innerJoin(s.artists, eq(s.artists.id, s.tracks.artistId))
        .where(eq(s.tracks.id, id))
        .get();
      return (row as TrackDetails | undefined) ?? null;
    },
    async countPlay({ eventId, userId, trackId, playedAt }) {
      // One transaction; every step is guarded by "not counted yet", so a replay changes nothing.
      const fresh = "NOT EXISTS (SELECT 1 FROM counted_plays WHERE event_id = ?)";
      const later = "CASE WHEN ? > last_played_at THEN ? ELSE last_played_at END";
      const results = await database.batch([
        database
          .prepare(
            `INSERT INTO track_plays (track_id, plays, last_played_at) SELECT id, 0, ? FROM tracks WHERE id = ? AND ${fresh} ON CONFLICT (track_id) DO NOTHING`,
          )
          .bind(playedAt, trackId, eventId),
        database
          .prepare(
            `UPDATE track_plays SET plays = plays + 1, last_played_at = ${later} WHERE track_id = ? AND ${fresh}`,
          )
          .bind(playedAt, playedAt, trackId, eventId),
        database
          .prepare(
            `INSERT INTO user_artist_affinities (user_id, artist_id, plays, last_played_at) SELECT ?, artist_id, 0, ? FROM tracks WHERE id = ? AND ${fresh} ON CONFLICT (user_id, artist_id) DO NOTHING`,
          )
          .bind(userId, playedAt, trackId, eventId),
        database
          .prepare(
            `UPDATE user_artist_affinities SET plays = plays + 1, last_played_at = ${later} WHERE user_id = ? AND artist_id = (SELECT artist_id FROM tracks WHERE id = ?) AND ${fresh}`,
          )
          .bind(playedAt, playedAt, userId, trackId, eventId),
        database
          .prepare(
            "INSERT INTO counted_plays (event_id, user_id, track_id, played_at) SELECT ?, ?, id, ? FROM tracks WHERE id = ? ON CONFLICT (event_id) DO NOTHING",
          )
          .bind(eventId, userId, playedAt, trackId),
      ]);
      return (results.at(-1)?.meta.changes ?? 0) === 1;
    },
    async findTrackPlays(trackId) {
      const row = await db
        .select({ plays: s.trackPlays.plays })
        .from(s.trackPlays)
        .where(eq(s.trackPlays.trackId, trackId))
        .get();
      return row?.plays ?? 0;
    },
    async findArtistAffinity(userId, artistId) {
      const row = await db
        .select({ plays: s.userArtistAffinities.plays })
        .from(s.userArtistAffinities)
        .where(and(eq(s.userArtistAffinities.userId, userId), eq(s.userArtistAffinities.artistId, artistId)))
        .get();
      return row?.plays ?? 0;
    },
    async findPlayableTracks(ids, kinds = ["music"]) {
      if (ids.length === 0) return [];
      return db
        .select()
        .from(s.tracks)
        .where(
          and(inList(s.tracks.id, ids), isNotNull(s.tracks.currentEncodeId), inArray(s.tracks.kind, kinds)),
        );
    },

    async createShow({ newArtist, album, show }) {
      // One batch: the show is searchable from the moment it exists, or it does not exist.
      const steps = [
        ...(newArtist ? [db.insert(s.artists).values(newArtist).toSQL()] : []),
        db.insert(s.albums).values(album).toSQL(),
        db.insert(s.shows).values(show).toSQL(),
        ...indexSearchItemStatements("show", show.id),
      ];
      await runSteps(database, steps);
    },
    async findShow(id) {
      return (await this.findShows([id]))[0] ?? null;
    },
    async findShows(ids) {
      if (ids.length === 0) return [];
      return db
        .select({ show: s.shows, album: s.albums, artist: s.artists })
        .from(s.shows)
        .innerJoin(s.albums, eq(s.albums.id, s.shows.id))
        .innerJoin(s.artists, eq(s.artists.id, s.albums.artistId))
        .where(inList(s.shows.id, ids));
    },
    async listShows(managedBy) {
      return db
        .select({ show: s.shows, album: s.albums, artist: s.artists })
        .from(s.shows)
        .innerJoin(s.albums, eq(s.albums.id, s.shows.id))
        .innerJoin(s.artists, eq(s.artists.id, s.albums.artistId))
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
        .where(and(inList(s.episodes.showId, showIds), isNotNull(s.tracks.currentEncodeId)))
        .groupBy(s.episodes.showId);
      return new Map(rows.map((row) => [row.showId, row.n]));
    },
    async findEpisode(id) {
      return (await this.findEpisodes([id]))[0] ?? null;
    },
    async findEpisodes(ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .select({ episode: s.episodes, track: s.tracks, show: s.shows, album: s.albums, artist: s.artists })
        .from(s.episodes)
        .innerJoin(s.tracks, eq(s.tracks.id, s.episodes.id))
        .innerJoin(s.shows, eq(s.shows.id, s.episodes.showId))
        .innerJoin(s.albums, eq(s.albums.id, s.shows.id))
        .innerJoin(s.artists, eq(s.artists.id, s.albums.artistId))
        .where(and(inList(s.episodes.id, ids), isNotNull(s.tracks.currentEncodeId)));
      return rows.map(({ episode, track, show, album, artist }) => ({
        episode,
        track,
        show: { show, album, artist },
      }));
    },
    async listPlayableAlbumTracks(albumId, page) {
      const tracks = db
        .select()
        .from(s.tracks)
        .where(
          and(eq(s.tracks.albumId, albumId), isNotNull(s.tracks.currentEncodeId), eq(s.tracks.kind, "music")),
        )
        .orderBy(asc(s.tracks.discNumber), asc(s.tracks.trackNumber), asc(s.tracks.id))
        .$dynamic();
      return page ? tracks.limit(page.limit).offset(page.offset) : tracks;
    },
    async listArtistTopTracks(artistId, limit, market) {
      const rows = await db
        .select({ track: s.tracks })
        .from(s.tracks)
        .leftJoin(s.trackPlays, eq(s.trackPlays.trackId, s.tracks.id))
        .where(
          and(
            eq(s.tracks.artistId, artistId),
            isNotNull(s.tracks.currentEncodeId),
            eq(s.tracks.kind, "music"),
            market ? or(isNull(s.tracks.markets), like(s.tracks.markets, `%,${market},%`)) : undefined,
          ),
        )
        .orderBy(desc(sql`coalesce(${s.trackPlays.plays}, 0)`), desc(s.tracks.popularity), asc(s.tracks.id))
        .limit(limit);
      return rows.map((row) => row.track);
    },
    async findPlayback(trackId) {
      const row = await db
        .select({ markets: s.tracks.markets, kind: s.tracks.kind, encode: s.encodes })
        .from(s.tracks)
        .innerJoin(s.encodes, eq(s.encodes.id, s.tracks.currentEncodeId))
        .where(eq(s.tracks.id, trackId))
        .get();
      if (!row) return null;
      const renditionRows = await db
        .select()
        .from(s.renditions)
        .where(eq(s.renditions.encodeId, row.encode.id));
      return { trackId, kind: row.kind, markets: row.markets, encode: row.encode, renditions: renditionRows };
    },
    async findLyrics(trackId) {
      return (await db.select().from(s.lyrics).where(eq(s.lyrics.trackId, trackId)).get()) ?? null;
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
    async findRenditions(trackId, encodeId) {
      const rows = await db
        .select({ rendition: s.renditions })
        .from(s.renditions)
        .innerJoin(s.encodes, eq(s.encodes.id, s.renditions.encodeId))
        .where(and(eq(s.encodes.id, encodeId), eq(s.encodes.trackId, trackId)));
      return rows.map((row) => row.rendition);
    },

    searchCatalog(query, options) {
      return searchD1Index(database, query, options);
    },
    suggest(tokens, options) {
      return suggestFromD1Index(database, tokens, options);
    },
  };
}
