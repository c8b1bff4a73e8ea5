import { type Context, Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../env.ts";
import { requireUser } from "../middleware/auth.ts";
import { inRequestedOrder, viewTracksById } from "../services/browse.ts";
import {
  rangeStart,
  rankArtists,
  rankGenres,
  rankTracks,
  TIME_RANGES,
  type TimeRange,
  totalsOf,
  withCatalogFacts,
} from "../services/listening.ts";
import { pageQuery, validate } from "../validation.ts";
import { marketView, originOf, shapeTrack } from "./browse.ts";
import { artistObject, pagingObject } from "./shapes.ts";

const timeRange = z.enum(Object.keys(TIME_RANGES) as [TimeRange, ...TimeRange[]]).default("medium_term");
/** Entries in each top list of the stats. */
const STATS_TOP = 10;
/** Genres are tallied over this many of the range's most played artists (they carry nearly every play). */
const GENRE_ARTISTS = 200;

/** The caller's counted plays per track since the start of `range`, with kind and artist known. */
async function playCounts(c: Context<AppEnv>, range: TimeRange, nowMs: number) {
  const counts = await c.env.USER_SESSION.getByName(c.var.user.id).playCounts(rangeStart(range, nowMs));
  return withCatalogFacts(c.var.db, counts);
}

/** Full track objects for ranked track ids, in rank order (tracks no longer playable drop out). */
async function trackObjects(c: Context<AppEnv>, ids: string[]) {
  const view = marketView(c, undefined);
  return (await viewTracksById(c.var.db, ids)).map((track) => track && shapeTrack(track, originOf(c), view));
}

/** Full artist objects for ranked artist ids, in rank order. */
async function artistObjects(c: Context<AppEnv>, ids: string[]) {
  const found = await c.var.db.findPlayableArtists(ids);
  return inRequestedOrder(ids, found, (d) => d.artist.id).map((d) => d && artistObject(d, originOf(c)));
}

/**
 * `/v1/me/top/{artists|tracks}`: the caller's most played music in a `time_range` (short_term:
 * 4 weeks, medium_term: 6 months, long_term: everything), from their own listening history.
 * Ties go to the most recently played. Podcast episodes and their publishers are left out.
 */
export const topApp = new Hono<AppEnv>().get(
  "/:type",
  requireUser,
  validate("param", z.object({ type: z.enum(["artists", "tracks"]) })),
  validate("query", pageQuery.extend({ time_range: timeRange })),
  async (c) => {
    const { type } = c.req.valid("param");
    const { limit, offset, time_range } = c.req.valid("query");
    const counts = await playCounts(c, time_range, Date.now());
    const ranked =
      type === "tracks"
        ? rankTracks(counts).map((track) => track.track_id)
        : rankArtists(counts).map((artist) => artist.artistId);
    const ids = ranked.slice(offset, offset + limit);
    const objects = type === "tracks" ? await trackObjects(c, ids) : await artistObjects(c, ids);
    const items = objects.filter((object) => object !== null);
    return c.json(pagingObject(items, { href: c.req.url, limit, offset, total: ranked.length }));
  },
);

/**
 * `/api/me/stats`: what a listener wants to know of their own listening (seed §2.4): counted
 * plays and minutes listened (music and podcasts) over 4 weeks, 6 months and all time; their top
 * genres, artists and tracks in `time_range`; and the size of their library.
 */
export const statsApp = new Hono<AppEnv>().get(
  "/",
  requireUser,
  validate("query", z.object({ time_range: timeRange })),
  async (c) => {
    const { time_range } = c.req.valid("query");
    const nowMs = Date.now();
    const [short, medium, all, library, followers] = await Promise.all([
      playCounts(c, "short_term", nowMs),
      playCounts(c, "medium_term", nowMs),
      playCounts(c, "long_term", nowMs),
      c.var.db.countLibraryItems(c.var.user.id),
      c.var.db.countFollowers("user", [c.var.user.id]),
    ]);
    const counts = { short_term: short, medium_term: medium, long_term: all }[time_range];
    const artists = rankArtists(counts);
    const tracks = rankTracks(counts).slice(0, STATS_TOP);
    const genreArtists = artists.slice(0, GENRE_ARTISTS);
    const [genres, artistShapes, trackShapes] = await Promise.all([
      c.var.db.findArtistGenres(genreArtists.map((artist) => artist.artistId)),
      artistObjects(
        c,
        artists.slice(0, STATS_TOP).map((artist) => artist.artistId),
      ),
      trackObjects(
        c,
        tracks.map((track) => track.track_id),
      ),
    ]);
    const totals = { last_4_weeks: totalsOf(short), last_6_months: totalsOf(medium), total: totalsOf(all) };
    return c.json({
      time_range,
      plays: {
        total: totals.total.plays,
        last_4_weeks: totals.last_4_weeks.plays,
        last_6_months: totals.last_6_months.plays,
      },
      minutes_listened: {
        total: totals.total.minutes,
        last_4_weeks: totals.last_4_weeks.minutes,
        last_6_months: totals.last_6_months.minutes,
      },
      top_genres: rankGenres(genreArtists, genres).slice(0, STATS_TOP),
      top_artists: artistShapes.flatMap((artist, n) =>
        artist ? [{ artist, plays: artists[n]?.plays ?? 0 }] : [],
      ),
      top_tracks: trackShapes.flatMap((track, n) => (track ? [{ track, plays: tracks[n]?.plays ?? 0 }] : [])),
      library: {
        saved_tracks: library.track,
        saved_albums: library.album,
        saved_shows: library.show,
        followed_artists: library.artist,
        following_users: library.user,
        followers: followers.get(c.var.user.id) ?? 0,
      },
    });
  },
);
