import type {
  AlbumDetails,
  AlbumGroup,
  AlbumRow,
  ArtistDetails,
  ArtistRow,
  GenreRow,
  ListedAlbum,
  TrackDetails,
  TrackRow,
  UserRow,
} from "../db/catalog-db.ts";
import { toUri } from "../ids.ts";
import { COVER_SIZE_PX, type ImageKind } from "../services/cover-art.ts";
import { decodeMarkets, isAvailableIn } from "../services/markets.ts";

/**
 * Spotify Web API object shapes. `origin` is the public origin requests came in on. Where an
 * option says `hideMarkets`, `available_markets` is left out, as Spotify does when the request
 * names a market.
 */

/** Spotify's `images`: the one 640×640 cover `GET /api/images/{kind}/{id}` serves. */
export function imagesOf(kind: ImageKind, id: string, origin: string) {
  return [{ url: `${origin}/api/images/${kind}/${id}`, height: COVER_SIZE_PX, width: COVER_SIZE_PX }];
}

export function simplifiedArtist(artist: ArtistRow, origin: string) {
  return {
    external_urls: { cadenza: `${origin}/artist/${artist.id}` },
    href: `${origin}/v1/artists/${artist.id}`,
    id: artist.id,
    name: artist.name,
    type: "artist" as const,
    uri: toUri("artist", artist.id),
  };
}

/** Spotify's simplified album; `total_tracks` is there when `options.totalTracks` is known. */
export function simplifiedAlbum(
  album: AlbumRow,
  artist: ArtistRow,
  markets: string | null,
  origin: string,
  options: { hideMarkets?: boolean; totalTracks?: number } = {},
) {
  return {
    album_type: album.albumType,
    ...(options.totalTracks !== undefined && { total_tracks: options.totalTracks }),
    ...(!options.hideMarkets && { available_markets: decodeMarkets(markets) }),
    external_urls: { cadenza: `${origin}/album/${album.id}` },
    href: `${origin}/v1/albums/${album.id}`,
    id: album.id,
    images: imagesOf("album", album.id, origin),
    name: album.name,
    release_date: album.releaseDate ?? "",
    release_date_precision: album.releaseDatePrecision ?? "year",
    type: "album" as const,
    uri: toUri("album", album.id),
    artists: [simplifiedArtist(artist, origin)],
  };
}

/** Spotify's simplified track (an album's tracks); `country`, when known, decides `is_playable`. */
export function simplifiedTrack(
  track: TrackRow,
  artist: ArtistRow,
  origin: string,
  country?: string,
  options: { hideMarkets?: boolean } = {},
) {
  return {
    artists: [simplifiedArtist(artist, origin)],
    ...(!options.hideMarkets && { available_markets: decodeMarkets(track.markets) }),
    disc_number: track.discNumber,
    duration_ms: track.durationMs,
    explicit: track.explicit,
    external_urls: { cadenza: `${origin}/track/${track.id}` },
    href: `${origin}/v1/tracks/${track.id}`,
    id: track.id,
    is_local: false,
    is_playable: track.currentEncodeId !== null && (!country || isAvailableIn(track.markets, country)),
    name: track.title,
    preview_url: null,
    track_number: track.trackNumber,
    type: "track" as const,
    uri: toUri("track", track.id),
  };
}

/**
 * Spotify's track object. `country`, when known, decides `is_playable` as Spotify does for a
 * given market. `options.album`, the album as browsing sees it, gives the embedded album its
 * own artist, markets and `total_tracks`.
 */
export function trackObject(
  { track, album, artist }: TrackDetails,
  origin: string,
  country?: string,
  options: { hideMarkets?: boolean; album?: ListedAlbum } = {},
) {
  const { hideMarkets, album: browsed } = options;
  return {
    album: browsed
      ? listedAlbum(browsed, origin, hideMarkets)
      : simplifiedAlbum(album, artist, track.markets, origin, { hideMarkets }),
    ...simplifiedTrack(track, artist, origin, country, { hideMarkets }),
    external_ids: track.isrc ? { isrc: track.isrc } : {},
    popularity: track.popularity,
  };
}

/** A browsed album (one with its playable-track count and markets) as a simplified album. */
export function listedAlbum(details: ListedAlbum, origin: string, hideMarkets = false) {
  return simplifiedAlbum(details.album, details.artist, details.markets, origin, {
    hideMarkets,
    totalTracks: details.totalTracks,
  });
}

/** An album in an artist's discography: the simplified album and how it relates to the artist. */
export function artistAlbum(
  details: AlbumDetails & { group: AlbumGroup },
  origin: string,
  hideMarkets: boolean,
) {
  return {
    ...listedAlbum(details, origin, hideMarkets),
    album_group: details.group,
  };
}

/**
 * Spotify's album object: the simplified album with a first page of its tracks, genres, label
 * (the managing account's name; the artist's own for a self-released album) and popularity.
 */
export function albumObject<Tracks>(
  details: AlbumDetails,
  tracks: Tracks,
  origin: string,
  hideMarkets: boolean,
) {
  return {
    ...listedAlbum(details, origin, hideMarkets),
    copyrights: [] as { text: string; type: string }[],
    external_ids: {},
    genres: details.genre ? [details.genre] : [],
    label: details.label ?? details.artist.name,
    popularity: details.popularity,
    tracks,
  };
}

/** Spotify's artist object; `followers.total` counts the users who follow the artist. */
export function artistObject({ artist, genres, followers }: ArtistDetails, origin: string) {
  return {
    ...simplifiedArtist(artist, origin),
    followers: { href: null, total: followers },
    genres,
    images: imagesOf("artist", artist.id, origin),
    popularity: artist.popularity,
  };
}

/** Spotify's browse category: here, a genre with music in it. */
export function categoryObject(genre: GenreRow, origin: string) {
  return {
    href: `${origin}/v1/browse/categories/${genre.id}`,
    icons: imagesOf("category", genre.id, origin),
    id: genre.id,
    name: genre.name,
  };
}

/** Spotify's public user object (`GET /v1/users/{id}`); `followers` is how many users follow them. */
export function publicUser(user: UserRow, origin: string, followers: number) {
  return {
    display_name: user.displayName,
    external_urls: { cadenza: `${origin}/user/${user.id}` },
    followers: { href: null, total: followers },
    href: `${origin}/v1/users/${user.id}`,
    id: user.id,
    images: [] as { url: string }[],
    type: "user" as const,
    uri: toUri("user", user.id),
  };
}

/** The private user object of `GET /v1/me`. */
export function privateUser(user: UserRow, origin: string, followers: number) {
  return {
    ...publicUser(user, origin, followers),
    country: user.country,
    email: user.email,
    explicit_content: { filter_enabled: false, filter_locked: false },
    product: user.product,
  };
}

/** A Spotify paging object for `href` (the request URL without paging params). */
export function pagingObject<T>(
  items: T[],
  page: { href: string; limit: number; offset: number; total: number },
) {
  const link = (offset: number) => {
    const url = new URL(page.href);
    url.searchParams.set("offset", String(offset));
    url.searchParams.set("limit", String(page.limit));
    return url.toString();
  };
  return {
    href: link(page.offset),
    items,
    limit: page.limit,
    next: page.offset + page.limit < page.total ? link(page.offset + page.limit) : null,
    offset: page.offset,
    previous: page.offset > 0 ? link(Math.max(0, page.offset - page.limit)) : null,
    total: page.total,
  };
}
