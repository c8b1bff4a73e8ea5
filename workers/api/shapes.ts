import type { AlbumRow, ArtistRow, TrackDetails, UserRow } from "../db/catalog-db.ts";
import { toUri } from "../ids.ts";
import { decodeMarkets, isAvailableIn } from "../services/markets.ts";

/** Spotify Web API object shapes. `origin` is the public origin requests came in on. */

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

export function simplifiedAlbum(album: AlbumRow, artist: ArtistRow, markets: string | null, origin: string) {
  return {
    album_type: album.albumType,
    available_markets: decodeMarkets(markets),
    external_urls: { cadenza: `${origin}/album/${album.id}` },
    href: `${origin}/v1/albums/${album.id}`,
    id: album.id,
    images: [] as { url: string; height: number; width: number }[],
    name: album.name,
    release_date: album.releaseDate ?? "",
    release_date_precision: album.releaseDatePrecision ?? "year",
    type: "album" as const,
    uri: toUri("album", album.id),
    artists: [simplifiedArtist(artist, origin)],
  };
}

/** `country`, when known, decides `is_playable` as Spotify does for a given market. */
export function trackObject({ track, album, artist }: TrackDetails, origin: string, country?: string) {
  return {
    album: simplifiedAlbum(album, artist, track.markets, origin),
    artists: [simplifiedArtist(artist, origin)],
    available_markets: decodeMarkets(track.markets),
    disc_number: track.discNumber,
    duration_ms: track.durationMs,
    explicit: track.explicit,
    external_ids: track.isrc ? { isrc: track.isrc } : {},
    external_urls: { cadenza: `${origin}/track/${track.id}` },
    href: `${origin}/v1/tracks/${track.id}`,
    id: track.id,
    is_local: false,
    is_playable: track.currentEncodeId !== null && (!country || isAvailableIn(track.markets, country)),
    name: track.title,
    popularity: track.popularity,
    preview_url: null,
    track_number: track.trackNumber,
    type: "track" as const,
    uri: toUri("track", track.id),
  };
}

/** The private user object of `GET /v1/me`. */
export function privateUser(user: UserRow, origin: string) {
  return {
    country: user.country,
    display_name: user.displayName,
    email: user.email,
    explicit_content: { filter_enabled: false, filter_locked: false },
    external_urls: { cadenza: `${origin}/user/${user.id}` },
    followers: { href: null, total: 0 },
    href: `${origin}/v1/users/${user.id}`,
    id: user.id,
    images: [] as { url: string }[],
    product: user.product,
    type: "user" as const,
    uri: toUri("user", user.id),
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
