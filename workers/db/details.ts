import { unionMarkets } from "../services/markets.ts";
import type { AlbumDetails, AlbumRow, ArtistDetails, ArtistRow, ObjectRows, TrackRow } from "./catalog-db.ts";

/**
 * Details assembled from rows, the same for every backend: what the D1 and Postgres queries read
 * differs in how, never in what.
 */

/** Playable-track statistics of an album, one row per (album, markets) pair. */
export type TrackStats = {
  albumId: string;
  markets: string | null;
  tracks: number;
  popularity: number | null;
};

/** Albums with their playable-track count, popularity and markets from `stats`; one with none is dropped. */
export function attachTrackStats<Row extends Pick<AlbumDetails, "album" | "artist">>(
  rows: Row[],
  stats: TrackStats[],
): (Row & Pick<AlbumDetails, "totalTracks" | "popularity" | "markets">)[] {
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

/** An artist with the names of its genres among `genres` and its follower count among `followers`. */
export function withGenres(
  artist: ArtistRow,
  genres: { artistId: string; name: string }[],
  followers: { id: string; n: number }[],
): ArtistDetails {
  return {
    artist,
    genres: genres.filter((genre) => genre.artistId === artist.id).map((genre) => genre.name),
    followers: followers.find((row) => row.id === artist.id)?.n ?? 0,
  };
}

/** The object rows of tracks: their albums with statistics and artist, and the artists they name. */
export function musicRows(
  tracks: TrackRow[],
  albums: AlbumRow[],
  stats: TrackStats[],
  trackArtists: ArtistRow[],
): Omit<ObjectRows, "artists"> {
  const artistById = new Map(trackArtists.map((artist) => [artist.id, artist]));
  const listed = albums.flatMap((album) => {
    const artist = artistById.get(album.artistId);
    return artist ? [{ album, artist }] : [];
  });
  return { tracks, albums: attachTrackStats(listed, stats), trackArtists };
}
