import type { UserRow } from "../db/catalog-db.ts";
import type { PlaylistActivityRow, PlaylistDetails, PlaylistItemRow } from "../db/playlist-db.ts";
import { toUri } from "../ids.ts";
import { COVER_SIZE_PX } from "../services/cover-art.ts";

/** Spotify Web API shapes of playlists. `origin` is the public origin requests came in on. */

/** A user as Spotify shows one in `owner`: no followers or images. */
export function userReference(user: UserRow, origin: string) {
  return { ...userLink(user.id, origin), display_name: user.displayName };
}

/** The bare user object of `added_by`. */
export function userLink(id: string, origin: string) {
  return {
    external_urls: { cadenza: `${origin}/user/${id}` },
    href: `${origin}/v1/users/${id}`,
    id,
    type: "user" as const,
    uri: toUri("user", id),
  };
}

/**
 * A playlist's cover (`GET /api/images/playlist/{id}`): versioned by snapshot so a changed
 * playlist gets a new URL, and signed when the playlist is private (an `<img>` sends no token).
 */
export function playlistImages(details: PlaylistDetails, origin: string, coverSig: string | null) {
  const url = new URL(`${origin}/api/images/playlist/${details.playlist.id}`);
  url.searchParams.set("v", details.playlist.snapshotId);
  if (coverSig) url.searchParams.set("sig", coverSig);
  return [{ url: url.toString(), height: COVER_SIZE_PX, width: COVER_SIZE_PX }];
}

/** Spotify's simplified playlist (in lists): `tracks` is a link and a count. */
export function simplifiedPlaylist(details: PlaylistDetails, origin: string, coverSig: string | null) {
  const { playlist, owner } = details;
  return {
    collaborative: playlist.collaborative,
    description: playlist.description,
    external_urls: { cadenza: `${origin}/playlist/${playlist.id}` },
    href: `${origin}/v1/playlists/${playlist.id}`,
    id: playlist.id,
    images: playlistImages(details, origin, coverSig),
    name: playlist.name,
    owner: userReference(owner, origin),
    primary_color: null,
    public: playlist.public,
    snapshot_id: playlist.snapshotId,
    tracks: { href: `${origin}/v1/playlists/${playlist.id}/tracks`, total: playlist.itemCount },
    type: "playlist" as const,
    uri: toUri("playlist", playlist.id),
  };
}

/** Spotify's full playlist object, with its followers and a first page of its items. */
export function playlistObject<Tracks>(
  details: PlaylistDetails,
  tracks: Tracks,
  origin: string,
  coverSig: string | null,
) {
  return {
    ...simplifiedPlaylist(details, origin, coverSig),
    followers: { href: null, total: details.followers },
    tracks,
  };
}

/** Spotify's playlist track object: an item with who added it and when. */
export function playlistTrack<Item>(item: PlaylistItemRow, track: Item | null, origin: string) {
  return {
    added_at: new Date(item.addedAt).toISOString(),
    added_by: item.addedBy ? userLink(item.addedBy, origin) : null,
    is_local: false,
    primary_color: null,
    track,
  };
}

/** One entry of `GET /api/playlists/{id}/activity`. */
export function activityEntry(entry: PlaylistActivityRow & { user: UserRow | null }, origin: string) {
  return {
    id: entry.id,
    action: entry.action,
    user: entry.user ? userReference(entry.user, origin) : null,
    ...(JSON.parse(entry.detail) as Record<string, unknown>),
    snapshot_id: entry.snapshotId,
    at: new Date(entry.at).toISOString(),
  };
}
