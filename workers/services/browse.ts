import type { ArtistRow, CatalogDb, ListedAlbum, ObjectRows, TrackRow } from "../db/catalog-db.ts";

/** A playable music track with the album (as browsing sees it) and the artist its object shows. */
export interface TrackView {
  track: TrackRow;
  album: ListedAlbum;
  artist: ArtistRow;
}

/** Attaches to playable track rows their albums and artists, keeping the rows' order. */
export async function viewTracks(db: CatalogDb, tracks: TrackRow[]): Promise<TrackView[]> {
  if (tracks.length === 0) return [];
  const albums = new Map(
    (await db.findPlayableAlbums(unique(tracks.map((track) => track.albumId)))).map((details) => [
      details.album.id,
      details,
    ]),
  );
  const artists = await artistsOf(
    db,
    tracks,
    [...albums.values()].map((details) => details.artist),
  );
  return tracks.flatMap((track) => {
    const album = albums.get(track.albumId);
    const artist = artists.get(track.artistId);
    return album && artist ? [{ track, album, artist }] : [];
  });
}

/**
 * The views of the tracks among `rows` (from `findObjectRows`) whose album and artist came
 * with them, by track id.
 */
export function trackViewsOf(rows: ObjectRows): Map<string, TrackView> {
  const albums = new Map(rows.albums.map((details) => [details.album.id, details]));
  const artists = new Map(rows.trackArtists.map((artist) => [artist.id, artist]));
  const views = new Map<string, TrackView>();
  for (const track of rows.tracks) {
    const album = albums.get(track.albumId);
    const artist = artists.get(track.artistId);
    if (album && artist) views.set(track.id, { track, album, artist });
  }
  return views;
}

/**
 * The artists of `tracks` by id: those in `known` (usually the albums' own artists), and any
 * other (a guest on someone else's album) fetched in one query.
 */
export async function artistsOf(
  db: CatalogDb,
  tracks: TrackRow[],
  known: ArtistRow[],
): Promise<Map<string, ArtistRow>> {
  const artists = new Map(known.map((artist) => [artist.id, artist]));
  const guests = unique(tracks.map((track) => track.artistId)).filter((id) => !artists.has(id));
  if (guests.length > 0) {
    for (const { artist } of await db.findPlayableArtists(guests)) artists.set(artist.id, artist);
  }
  return artists;
}

/** Playable music tracks for `ids` as views, in the order asked, null where an id has none. */
export async function viewTracksById(db: CatalogDb, ids: string[]): Promise<(TrackView | null)[]> {
  const views = await viewTracks(db, await db.findPlayableTracks(unique(ids)));
  return inRequestedOrder(ids, views, (view) => view.track.id);
}

/**
 * `rows` in the order of `ids`, null for an id with no row (Spotify answers several ids this
 * way); an id asked twice is answered twice.
 */
export function inRequestedOrder<T>(ids: string[], rows: T[], idOf: (row: T) => string): (T | null)[] {
  const byId = new Map(rows.map((row) => [idOf(row), row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** The distinct values of `values`, in first-seen order. */
export function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The first of `values` with each key, in first-seen order. */
export function uniqueBy<T>(values: T[], key: (value: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const k = key(value);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
