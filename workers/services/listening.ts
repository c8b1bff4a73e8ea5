import type { TrackPlayCount } from "../../durable-objects/user-session/protocol.ts";
import type { CatalogDb } from "../db/catalog-db.ts";
import { unique } from "./browse.ts";

/**
 * A listener's own listening, ranked: top tracks, artists and genres and totals, from the
 * per-track play counts their UserSession keeps. Pure functions plus one catalogue lookup;
 * nothing here knows the `/v1` shapes.
 */

const DAY_MS = 24 * 3600_000;

/** Spotify's `time_range`: how far back each reaches, ms (null: the whole history). */
export const TIME_RANGES = {
  short_term: 28 * DAY_MS,
  medium_term: 182 * DAY_MS,
  long_term: null,
} as const;
export type TimeRange = keyof typeof TIME_RANGES;

/** Where `range` begins at `nowMs`, epoch ms. */
export function rangeStart(range: TimeRange, nowMs: number): number {
  const span = TIME_RANGES[range];
  return span === null ? 0 : nowMs - span;
}

/** A ranked artist: counted plays of their tracks and the latest of them (epoch ms). */
export interface ArtistPlays {
  artistId: string;
  plays: number;
  lastPlayedAt: number;
}

/** Most played first; ties go to the most recently played, then by id so the order is stable. */
const byPlays = (
  a: { plays: number; last: number; id: string },
  b: { plays: number; last: number; id: string },
) => b.plays - a.plays || b.last - a.last || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Music tracks (not podcast episodes) by plays, most played first. */
export function rankTracks(counts: TrackPlayCount[]): TrackPlayCount[] {
  return counts
    .filter((count) => count.kind === "music")
    .sort((a, b) =>
      byPlays(
        { plays: a.plays, last: a.last_played_at, id: a.track_id },
        { plays: b.plays, last: b.last_played_at, id: b.track_id },
      ),
    );
}

/** Artists by the summed plays of their music tracks; a podcast's publisher is not one. */
export function rankArtists(counts: TrackPlayCount[]): ArtistPlays[] {
  const artists = new Map<string, ArtistPlays>();
  for (const count of counts) {
    if (count.kind !== "music" || !count.artist_id) continue;
    const seen = artists.get(count.artist_id);
    artists.set(count.artist_id, {
      artistId: count.artist_id,
      plays: (seen?.plays ?? 0) + count.plays,
      lastPlayedAt: Math.max(seen?.lastPlayedAt ?? 0, count.last_played_at),
    });
  }
  return [...artists.values()].sort((a, b) =>
    byPlays(
      { plays: a.plays, last: a.lastPlayedAt, id: a.artistId },
      { plays: b.plays, last: b.lastPlayedAt, id: b.artistId },
    ),
  );
}

/** Genres by the plays of the artists that have them (an artist in two genres counts in both). */
export function rankGenres(
  artists: ArtistPlays[],
  genresOf: Map<string, string[]>,
): { genre: string; plays: number }[] {
  const plays = new Map<string, number>();
  for (const artist of artists) {
    for (const genre of genresOf.get(artist.artistId) ?? []) {
      plays.set(genre, (plays.get(genre) ?? 0) + artist.plays);
    }
  }
  return [...plays]
    .map(([genre, n]) => ({ genre, plays: n }))
    .sort((a, b) => b.plays - a.plays || a.genre.localeCompare(b.genre));
}

/** Counted listens and time listened, minutes (rounded down), over `counts`. */
export function totalsOf(counts: TrackPlayCount[]): { plays: number; minutes: number } {
  const plays = counts.reduce((sum, count) => sum + count.plays, 0);
  const ms = counts.reduce((sum, count) => sum + count.ms_played, 0);
  return { plays, minutes: Math.floor(ms / 60_000) };
}

/**
 * Fills in the kind and artist of counts recorded before the history kept them, from the
 * catalogue; a track that is no longer playable stays unknown and is left out of the rankings.
 */
export async function withCatalogFacts(db: CatalogDb, counts: TrackPlayCount[]): Promise<TrackPlayCount[]> {
  const unknown = unique(counts.filter((count) => count.kind === null).map((count) => count.track_id));
  if (unknown.length === 0) return counts;
  const facts = new Map(
    (await db.findPlayableTracks(unknown, ["music", "episode"])).map((track) => [
      track.id,
      {
        kind: track.kind === "episode" ? ("episode" as const) : ("music" as const),
        artistId: track.artistId,
      },
    ]),
  );
  return counts.map((count) => {
    const fact = count.kind === null ? facts.get(count.track_id) : undefined;
    return fact ? { ...count, kind: fact.kind, artist_id: fact.artistId } : count;
  });
}
