import type { CatalogDb, TrackRow } from "../db/catalog-db.ts";
import type { ItemChange, PlaylistAction, PlaylistDetails, PlaylistRow } from "../db/playlist-db.ts";
import { ApiError } from "../errors.ts";
import { newId, toUri } from "../ids.ts";
import { timingSafeEqual } from "./auth/passwords.ts";

/** The most items a playlist holds (Spotify's limit). */
export const MAX_PLAYLIST_ITEMS = 10_000;
/** The most items one request adds, removes or replaces (Spotify's limit). */
export const MAX_ITEMS_PER_REQUEST = 100;
/** How often a change not pinned to a snapshot is retried when another change lands first. */
const CHANGE_ATTEMPTS = 8;

/** What the caller may do with a playlist. */
export type PlaylistRole = "owner" | "collaborator" | "viewer";

export interface PlaylistAccess {
  details: PlaylistDetails;
  role: PlaylistRole;
}

/**
 * Opens a playlist for `userId`: its owner and its collaborators always see it; anyone else
 * sees a public one, or a private one with its unlisted link's token. Everything else is 404,
 * so a private playlist's existence does not leak.
 */
export async function openPlaylist(
  db: CatalogDb,
  id: string,
  userId: string,
  options: { shareToken?: string } = {},
): Promise<PlaylistAccess> {
  const details = await db.findPlaylist(id);
  return accessTo(id, details, userId, () => db.isCollaborator(id, userId), options);
}

/**
 * `openPlaylist`'s decision over what was read: `collaborator` is asked only when the user is
 * not the owner (a read that fetched it already can answer at once).
 */
export async function accessTo(
  id: string,
  details: PlaylistDetails | null,
  userId: string,
  collaborator: () => boolean | Promise<boolean>,
  options: { shareToken?: string } = {},
): Promise<PlaylistAccess> {
  if (!details) throw playlistNotFound(id);
  const { playlist } = details;
  if (playlist.ownerId === userId) return { details, role: "owner" };
  if (await collaborator()) return { details, role: "collaborator" };
  if (playlist.public || tokenMatches(playlist.shareToken, options.shareToken))
    return { details, role: "viewer" };
  throw playlistNotFound(id);
}

export function playlistNotFound(id: string): ApiError {
  return new ApiError(404, "not_found", `No playlist ${toUri("playlist", id)}.`);
}

/** Changing items: the owner, and collaborators while the playlist is collaborative. */
export function requireEditor(access: PlaylistAccess): void {
  const { role, details } = access;
  if (role === "owner" || (role === "collaborator" && details.playlist.collaborative)) return;
  throw new ApiError(
    403,
    "forbidden",
    role === "collaborator"
      ? "This playlist is no longer collaborative; only its owner can change it."
      : "Only the playlist's owner and its collaborators can change its items.",
  );
}

/** Details, deletion, collaborators and links: the owner only. */
export function requireOwner(access: PlaylistAccess): void {
  if (access.role !== "owner") {
    throw new ApiError(403, "forbidden", "Only the playlist's owner can do this.");
  }
}

/** Whether `presented` is the playlist's secret `expected` (compared in constant time). */
export function tokenMatches(expected: string | null, presented: string | undefined): boolean {
  if (!expected || !presented) return false;
  const encode = (value: string) => new TextEncoder().encode(value);
  return timingSafeEqual(encode(expected), encode(presented));
}

/** A new playlist row owned by `ownerId`. */
export function newPlaylist(
  ownerId: string,
  fields: { name: string; description?: string; public?: boolean; collaborative?: boolean },
  nowMs: number,
): PlaylistRow {
  const collaborative = fields.collaborative ?? false;
  return {
    id: newId(),
    ownerId,
    name: fields.name,
    description: fields.description ?? "",
    public: fields.public ?? !collaborative,
    collaborative,
    snapshotId: newId(),
    itemCount: 0,
    shareToken: null,
    inviteToken: null,
    createdAt: nowMs,
    updatedAt: nowMs,
  };
}

/** Spotify's rule: a collaborative playlist is never public. */
export function checkVisibility(fields: { public: boolean; collaborative: boolean }): void {
  if (fields.public && fields.collaborative) {
    throw new ApiError(
      400,
      "invalid_request",
      "A collaborative playlist cannot be public; set public to false.",
    );
  }
}

/** Parses `cadenza:track:{id}` / `cadenza:episode:{id}` (any scheme) into what a playlist holds. */
export function parseItemUri(uri: string): { type: "track" | "episode"; id: string } {
  const [, type, id, extra] = uri.split(":");
  if ((type !== "track" && type !== "episode") || !id || extra !== undefined || id.length > 64) {
    throw new ApiError(400, "invalid_uri", `Not a track or episode URI: ${uri.slice(0, 100)}`);
  }
  return { type, id };
}

/** The playable tracks and episodes `uris` name, in order; 404 naming the first that is not. */
export async function resolveItemUris(db: CatalogDb, uris: string[]): Promise<TrackRow[]> {
  const wanted = uris.map(parseItemUri);
  const found = new Map(
    (await db.findPlayableTracks([...new Set(wanted.map((w) => w.id))], ["music", "episode"])).map(
      (track) => [track.id, track],
    ),
  );
  return wanted.map((w) => {
    const track = found.get(w.id);
    if (!track || track.kind !== (w.type === "track" ? "music" : "episode")) {
      throw new ApiError(404, "not_found", `No playable ${w.type} ${toUri(w.type, w.id)}.`);
    }
    return track;
  });
}

/** What a caller asks to change, in the terms of the Spotify API. */
export type ItemRequest =
  | { kind: "add"; trackIds: string[]; position?: number }
  | { kind: "remove"; tracks: { trackId: string; positions?: number[] }[]; snapshotId?: string }
  | { kind: "reorder"; rangeStart: number; rangeLength: number; insertBefore: number; snapshotId?: string }
  | { kind: "replace"; trackIds: string[] };

/** A planned change: what to apply, and whether it depends on the version it was planned on. */
interface Plan {
  change: ItemChange;
  action: PlaylistAction;
  detail: Record<string, unknown>;
  /** True when the change names positions: it only holds on the version it was planned on. */
  positional: boolean;
}

/**
 * Applies a change to a playlist's items and returns the new snapshot id.
 *
 * A change that names positions (a reorder, a removal at positions) holds only for the version
 * of the playlist it was made against: with a `snapshot_id` that is no longer current it is
 * refused with 409, never applied to whatever now sits at those positions. Without one it is
 * planned on the current version and, if another change lands first, planned again. Appends
 * need no version: the database places them after whatever is there when they apply.
 */
export async function changeItems(
  db: CatalogDb,
  access: PlaylistAccess,
  userId: string,
  request: ItemRequest,
  nowMs: number,
): Promise<string> {
  let playlist = access.details.playlist;
  for (let attempt = 0; attempt < CHANGE_ATTEMPTS; attempt++) {
    if (attempt > 0) {
      const reread = await db.findPlaylist(playlist.id);
      if (!reread) throw playlistNotFound(playlist.id);
      playlist = reread.playlist;
    }
    const plan = await planChange(db, playlist, request);
    if (!plan) return playlist.snapshotId;
    const outcome = await db.changePlaylistItems({
      playlistId: playlist.id,
      change: plan.change,
      ifSnapshot: plan.change.kind === "insert" ? undefined : playlist.snapshotId,
      newSnapshotId: newId(),
      maxItems: MAX_PLAYLIST_ITEMS,
      userId,
      nowMs,
      activity: { action: plan.action, detail: plan.detail },
    });
    if (outcome.ok) return outcome.snapshotId;
    if (outcome.reason === "not_found") throw playlistNotFound(playlist.id);
    if (outcome.reason === "too_many_items") throw playlistFull(playlist.itemCount, itemsAdded(plan.change));
    if (plan.positional && pinnedSnapshot(request) !== undefined) throw staleSnapshot();
  }
  throw new ApiError(409, "conflict", "The playlist is being changed by others right now; try again.");
}

function pinnedSnapshot(request: ItemRequest): string | undefined {
  return request.kind === "remove" || request.kind === "reorder" ? request.snapshotId : undefined;
}

function itemsAdded(change: ItemChange): number {
  return change.kind === "insert" || change.kind === "replace" ? change.trackIds.length : 0;
}

function staleSnapshot(): ApiError {
  return new ApiError(
    409,
    "snapshot_conflict",
    "The playlist changed since that snapshot_id; read it again and redo the change against the new snapshot.",
  );
}

function playlistFull(count: number, adding: number): ApiError {
  return new ApiError(
    403,
    "playlist_full",
    `A playlist holds at most ${MAX_PLAYLIST_ITEMS} items; this one has ${count}, so ${adding} more would not fit.`,
  );
}

/** Plans a request against one version of the playlist; null when it changes nothing. */
async function planChange(db: CatalogDb, playlist: PlaylistRow, request: ItemRequest): Promise<Plan | null> {
  const count = playlist.itemCount;
  switch (request.kind) {
    case "add": {
      if (request.position !== undefined && request.position > count) {
        throw new ApiError(
          400,
          "invalid_position",
          `position must be between 0 and ${count} (the item count).`,
        );
      }
      if (count + request.trackIds.length > MAX_PLAYLIST_ITEMS)
        throw playlistFull(count, request.trackIds.length);
      return {
        change: { kind: "insert", trackIds: request.trackIds, position: request.position },
        action: "add",
        detail: { track_ids: request.trackIds },
        positional: false,
      };
    }
    case "replace":
      return {
        change: { kind: "replace", trackIds: request.trackIds },
        action: "replace",
        detail: { track_ids: request.trackIds, replaced: count },
        positional: false,
      };
    case "reorder": {
      const positional = true;
      if (request.snapshotId !== undefined && request.snapshotId !== playlist.snapshotId)
        throw staleSnapshot();
      const { rangeStart, rangeLength, insertBefore } = request;
      if (rangeStart >= count || rangeStart + rangeLength > count || insertBefore > count) {
        throw new ApiError(
          400,
          "invalid_range",
          `range_start + range_length and insert_before must be within the ${count} items.`,
        );
      }
      return {
        change: { kind: "reorder", rangeStart, rangeLength, insertBefore },
        action: "reorder",
        detail: { range_start: rangeStart, range_length: rangeLength, insert_before: insertBefore },
        positional,
      };
    }
    case "remove": {
      const positional = request.tracks.some((t) => t.positions !== undefined);
      if (positional && request.snapshotId !== undefined && request.snapshotId !== playlist.snapshotId) {
        throw staleSnapshot();
      }
      const removed = await itemsToRemove(db, playlist, request.tracks);
      if (removed.size === 0) return null;
      const positions = [...removed.keys()].sort((a, b) => a - b);
      return {
        change: { kind: "remove", positions },
        action: "remove",
        detail: { track_ids: positions.map((position) => removed.get(position)), positions },
        positional,
      };
    }
  }
}

/**
 * The items a removal takes out, track by position: every occurrence of a track named without positions, and
 * exactly the named positions of the others — each of which must hold that track.
 */
async function itemsToRemove(
  db: CatalogDb,
  playlist: PlaylistRow,
  tracks: { trackId: string; positions?: number[] }[],
): Promise<Map<number, string>> {
  const removed = new Map<number, string>();
  const everywhere = tracks.filter((t) => t.positions === undefined).map((t) => t.trackId);
  for (const item of await db.findPlaylistItemsOf(playlist.id, everywhere))
    removed.set(item.position, item.trackId);
  const named = tracks.flatMap((t) =>
    (t.positions ?? []).map((position) => ({ position, trackId: t.trackId })),
  );
  const held = new Map(
    (
      await db.findPlaylistItemsAt(
        playlist.id,
        named.map((n) => n.position),
      )
    ).map((item) => [item.position, item.trackId]),
  );
  for (const { position, trackId } of named) {
    if (held.get(position) !== trackId) {
      throw new ApiError(
        400,
        "item_mismatch",
        `Position ${position} does not hold ${toUri("track", trackId)}; read the playlist again.`,
      );
    }
    removed.set(position, trackId);
  }
  return removed;
}
