import type { ObjectRows, TrackRow, UserRow } from "./catalog-db.ts";
import type * as s from "./schema.sqlite.ts";

export type PlaylistRow = typeof s.playlists.$inferSelect;
export type PlaylistItemRow = typeof s.playlistItems.$inferSelect;
export type PlaylistActivityRow = typeof s.playlistActivity.$inferSelect;
export type PlaylistAction = PlaylistActivityRow["action"];

/** An item and its playable track (music or episode audio), or null. */
export interface PlaylistEntry {
  item: PlaylistItemRow;
  track: TrackRow | null;
}

/** A playlist as its objects show it: the row, its owner, and how many follow it. */
export interface PlaylistDetails {
  playlist: PlaylistRow;
  owner: UserRow;
  followers: number;
}

/** A playlist and one page of it, as `readPlaylistPage` reads them. */
export interface PlaylistPageRead {
  details: PlaylistDetails | null;
  /** Whether the reader collaborates on the playlist. */
  collaborator: boolean;
  /** The page's items, in order, each with its playable track or episode audio (else null). */
  entries: PlaylistEntry[];
  /** The rows behind the page's playable music, as `findObjectRows` gives them for those tracks. */
  music: ObjectRows;
}

/**
 * A change to a playlist's items, in positions of the version the caller read (`remove` and
 * `reorder`) or computed by the database at the moment it applies (`insert` without a position
 * appends after whatever is there then, so concurrent appends never collide).
 */
export type ItemChange =
  | { kind: "insert"; trackIds: string[]; position?: number }
  | { kind: "remove"; positions: number[] }
  | { kind: "reorder"; rangeStart: number; rangeLength: number; insertBefore: number }
  | { kind: "replace"; trackIds: string[] };

/**
 * Where a reorder moves things: the range lands at `destination`, the items it jumps over
 * shift by `shift`, and only positions in `[low, high)` move. Null when nothing moves.
 */
export function reorderWindow(
  change: Extract<ItemChange, { kind: "reorder" }>,
): { destination: number; shift: number; low: number; high: number } | null {
  const { rangeStart, rangeLength, insertBefore } = change;
  const rangeEnd = rangeStart + rangeLength;
  if (insertBefore >= rangeStart && insertBefore <= rangeEnd) return null;
  if (insertBefore < rangeStart) {
    return { destination: insertBefore, shift: rangeLength, low: insertBefore, high: rangeEnd };
  }
  return {
    destination: insertBefore - rangeLength,
    shift: -rangeLength,
    low: rangeStart,
    high: insertBefore,
  };
}

export interface ItemChangeRequest {
  playlistId: string;
  change: ItemChange;
  /** Applies only while the playlist is still at this snapshot; absent: at any. */
  ifSnapshot?: string;
  /** The snapshot the playlist gets when the change applies. */
  newSnapshotId: string;
  /** The most items the playlist may hold afterwards. */
  maxItems: number;
  userId: string;
  nowMs: number;
  /** What the activity log records (positions of an append are filled in by the database). */
  activity: { action: PlaylistAction; detail: Record<string, unknown> };
}

export type ItemChangeOutcome =
  | { ok: true; snapshotId: string }
  | { ok: false; reason: "not_found" | "stale_snapshot" | "too_many_items" };

/** The playlist part of the data-access interface. `CatalogDb` includes it. */
export interface PlaylistDb {
  /** Creates a playlist, its owner's follow and its first activity entry, atomically. */
  createPlaylist(playlist: PlaylistRow): Promise<void>;
  findPlaylist(id: string): Promise<PlaylistDetails | null>;
  /** The playlists among `ids` that exist, in no particular order. */
  findPlaylists(ids: string[]): Promise<PlaylistDetails[]>;
  findPlaylistByInviteToken(token: string): Promise<PlaylistRow | null>;
  /**
   * Playlists `userId` owns or follows, most recently followed first (owners follow their own
   * from creation). With `publicOnly`, only public playlists the user follows publicly.
   */
  listPlaylistsOf(
    userId: string,
    query: { publicOnly: boolean; limit: number; offset: number },
  ): Promise<{ items: PlaylistDetails[]; total: number }>;
  /** Public playlists with the most items of albums in a genre, most such items first. */
  listGenrePlaylists(
    genreId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: PlaylistDetails[]; total: number }>;
  /**
   * Changes a playlist's details (not its items: the snapshot stays) and logs `activity` when
   * given. Returns the changed row, or null when there is no such playlist.
   */
  updatePlaylist(
    id: string,
    change: Partial<
      Pick<PlaylistRow, "name" | "description" | "public" | "collaborative" | "shareToken" | "inviteToken">
    >,
    meta: { userId: string; nowMs: number; activity?: Record<string, unknown> },
  ): Promise<PlaylistRow | null>;
  /** Deletes a playlist with its items, follows, collaborators and activity. */
  deletePlaylist(id: string): Promise<void>;

  /** Applies one change to the items atomically: all of it under a new snapshot, or nothing. */
  changePlaylistItems(request: ItemChangeRequest): Promise<ItemChangeOutcome>;
  /**
   * A playlist as `readerId` opens it, with the page at positions `offset .. offset + limit - 1`,
   * in one round trip: the caller decides access from the details and `collaborator`, and throws
   * the page away when the reader may not see it.
   */
  readPlaylistPage(
    id: string,
    readerId: string,
    page: { limit: number; offset: number },
  ): Promise<PlaylistPageRead>;
  /**
   * The items at positions `offset .. offset + limit - 1`, in order, each with its track or
   * episode audio when that is playable (null when it no longer is).
   */
  listPlaylistItems(id: string, page: { limit: number; offset: number }): Promise<PlaylistEntry[]>;
  /** The items at `positions` (those that exist), in position order. */
  findPlaylistItemsAt(id: string, positions: number[]): Promise<PlaylistItemRow[]>;
  /** Every item whose track is one of `trackIds`, in position order. */
  findPlaylistItemsOf(id: string, trackIds: string[]): Promise<PlaylistItemRow[]>;
  /** The first `max` distinct albums of the playlist's items, in item order (for its cover). */
  listPlaylistCoverAlbums(id: string, max: number): Promise<string[]>;
  /** The activity log, newest first. */
  listPlaylistActivity(
    id: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: (PlaylistActivityRow & { user: UserRow | null })[]; total: number }>;

  /** Collaborators, earliest first. */
  listCollaborators(id: string): Promise<UserRow[]>;
  isCollaborator(id: string, userId: string): Promise<boolean>;
  /** Adds a collaborator (and their follow) and logs it; false when they already were one. */
  addCollaborator(id: string, userId: string, meta: { byUserId: string; nowMs: number }): Promise<boolean>;
  /** Removes a collaborator and logs it; false when they were not one. */
  removeCollaborator(id: string, userId: string, meta: { byUserId: string; nowMs: number }): Promise<boolean>;

  /** Follows (or re-follows with a new visibility) a playlist. */
  followPlaylist(id: string, userId: string, options: { public: boolean; nowMs: number }): Promise<void>;
  unfollowPlaylist(id: string, userId: string): Promise<void>;
  /** Which of `userIds` follow the playlist, and whether publicly. */
  findPlaylistFollows(id: string, userIds: string[]): Promise<Map<string, { public: boolean }>>;
}
