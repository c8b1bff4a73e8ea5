import { api } from "../api/client.ts";
import type { Episode, Paging, SimplifiedPlaylist, Track } from "../api/types.ts";

/**
 * The playlist calls the web player makes: Spotify's `/v1/playlists` API and Cadenza's
 * `/api/playlists` extras (collaborators, invite and unlisted links, activity). Every call
 * rejects with the API's `ApiRequestError` (`409 snapshot_conflict` on a stale snapshot).
 */

/** A user as a playlist names one (owner, `added_by`, collaborator). */
export interface UserReference {
  id: string;
  display_name?: string;
  uri: string;
}

/** One playlist item: `track` is null when the item can no longer be played. */
export interface PlaylistItem {
  added_at: string;
  added_by: { id: string; uri: string } | null;
  track: Track | Episode | null;
}

/** The full playlist object: followers and the first page (≤ 100) of items. */
export interface Playlist extends Omit<SimplifiedPlaylist, "tracks"> {
  followers: { total: number };
  tracks: Paging<PlaylistItem>;
}

/** Editable details (`PUT /v1/playlists/{id}`); a collaborative playlist is never public. */
export interface PlaylistDetailsChange {
  name?: string;
  description?: string;
  public?: boolean;
  collaborative?: boolean;
}

/** One entry of the activity log, newest first; the rest of the fields depend on `action`. */
export interface ActivityEntry {
  id: number;
  action: string;
  user: UserReference | null;
  snapshot_id: string;
  at: string;
  track_ids?: string[];
  positions?: number[];
  range_start?: number;
  range_length?: number;
  insert_before?: number;
  user_id?: string;
  name?: string;
  [field: string]: unknown;
}

/** A link the owner hands out; `token` is null for a public playlist's plain link. */
export interface PlaylistLink {
  token: string | null;
  url: string;
}

/** Items per page the API serves at most. */
export const ITEMS_PAGE_SIZE = 100;

const path = (id: string) => `/v1/playlists/${encodeURIComponent(id)}`;
const extras = (id: string) => `/api/playlists/${encodeURIComponent(id)}`;
const withShareToken = (shareToken?: string | null) =>
  shareToken ? `?share_token=${encodeURIComponent(shareToken)}` : "";

/** The playlist with its first page of items (`shareToken`: a private playlist's unlisted link). */
export function fetchPlaylist(id: string, shareToken?: string | null): Promise<Playlist> {
  return api<Playlist>(`${path(id)}${withShareToken(shareToken)}`);
}

/** A page of items from `offset` (at most {@link ITEMS_PAGE_SIZE}). */
export function fetchPlaylistItems(
  id: string,
  offset: number,
  shareToken?: string | null,
  limit = ITEMS_PAGE_SIZE,
): Promise<Paging<PlaylistItem>> {
  const query = new URLSearchParams({ offset: String(offset), limit: String(limit) });
  if (shareToken) query.set("share_token", shareToken);
  return api<Paging<PlaylistItem>>(`${path(id)}/tracks?${query}`);
}

/** A page of the caller's playlists, owned and followed, most recent first. */
export function fetchMyPlaylists(offset = 0, limit = 50): Promise<Paging<SimplifiedPlaylist>> {
  return api<Paging<SimplifiedPlaylist>>(`/v1/me/playlists?offset=${offset}&limit=${limit}`);
}

/** Creates a playlist owned by `userId` (the caller). */
export function createPlaylist(userId: string, details: PlaylistDetailsChange & { name: string }) {
  return api<Playlist>(`/v1/users/${encodeURIComponent(userId)}/playlists`, {
    method: "POST",
    body: details,
  });
}

/** Changes name, description, public or collaborative (owner only). */
export function changePlaylistDetails(id: string, change: PlaylistDetailsChange): Promise<void> {
  return api(path(id), { method: "PUT", body: change });
}

/** Appends items (or inserts at `position`); answers the new snapshot id. */
export async function addPlaylistItems(id: string, uris: string[], position?: number): Promise<string> {
  const body = await api<{ snapshot_id: string }>(`${path(id)}/tracks`, {
    method: "POST",
    body: { uris, position },
  });
  return body.snapshot_id;
}

/**
 * Moves the item at `rangeStart` to before the item now at `insertBefore` (Spotify's
 * semantics: positions of the current order), against `snapshotId`; answers the new snapshot.
 */
export async function movePlaylistItem(
  id: string,
  move: { rangeStart: number; insertBefore: number; snapshotId: string },
): Promise<string> {
  const body = await api<{ snapshot_id: string }>(`${path(id)}/tracks`, {
    method: "PUT",
    body: { range_start: move.rangeStart, insert_before: move.insertBefore, snapshot_id: move.snapshotId },
  });
  return body.snapshot_id;
}

/** Removes exactly the item at `position` (which must hold `uri`), against `snapshotId`. */
export async function removePlaylistItem(
  id: string,
  item: { uri: string; position: number; snapshotId: string },
): Promise<string> {
  const body = await api<{ snapshot_id: string }>(`${path(id)}/tracks`, {
    method: "DELETE",
    body: { tracks: [{ uri: item.uri, positions: [item.position] }], snapshot_id: item.snapshotId },
  });
  return body.snapshot_id;
}

/** Whether each of `uris` is in the playlist already, in the order asked (≤ 100). */
export function playlistContains(id: string, uris: string[]): Promise<boolean[]> {
  return api<boolean[]>(`${extras(id)}/contains?uris=${uris.map(encodeURIComponent).join(",")}`);
}

/** Deletes a playlist for everyone (owner only). */
export function deletePlaylist(id: string): Promise<void> {
  return api(extras(id), { method: "DELETE" });
}

export function followPlaylist(id: string): Promise<void> {
  return api(`${path(id)}/followers`, { method: "PUT", body: { public: true } });
}

export function unfollowPlaylist(id: string): Promise<void> {
  return api(`${path(id)}/followers`, { method: "DELETE" });
}

/** Whether the caller follows the playlist (a private one read through its link: always false). */
export async function isFollowingPlaylist(id: string): Promise<boolean> {
  const [following] = await api<boolean[]>(`${path(id)}/followers/contains`);
  return following ?? false;
}

/** The collaborators (owner and collaborators only). */
export async function fetchCollaborators(id: string): Promise<UserReference[]> {
  return (await api<{ collaborators: UserReference[] }>(`${extras(id)}/collaborators`)).collaborators;
}

/** Removes a collaborator; a collaborator may remove themselves (leave). */
export function removeCollaborator(id: string, userId: string): Promise<void> {
  return api(`${extras(id)}/collaborators/${encodeURIComponent(userId)}`, { method: "DELETE" });
}

/** Creates (or answers the existing) invite or unlisted link (owner only). */
export function createPlaylistLink(id: string, kind: "invite" | "share"): Promise<PlaylistLink> {
  return api<PlaylistLink>(`${extras(id)}/${kind}-link`, { method: "POST" });
}

/** Revokes the invite or unlisted link: whoever holds it loses what it gave. */
export function revokePlaylistLink(id: string, kind: "invite" | "share"): Promise<void> {
  return api(`${extras(id)}/${kind}-link`, { method: "DELETE" });
}

/** Accepts an invite: the caller becomes a collaborator. Answers the playlist's id. */
export async function joinPlaylist(token: string): Promise<string> {
  return (await api<{ playlist_id: string }>("/api/playlists/join", { method: "POST", body: { token } }))
    .playlist_id;
}

/** A page of the activity log, newest first (owner and collaborators only). */
export function fetchPlaylistActivity(id: string, offset = 0, limit = 20): Promise<Paging<ActivityEntry>> {
  return api<Paging<ActivityEntry>>(`${extras(id)}/activity?offset=${offset}&limit=${limit}`);
}
