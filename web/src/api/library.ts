import { signal } from "@preact/signals";
import { api } from "./client.ts";

/**
 * The listener's Liked Songs as far as this tab knows: one cache every heart and track menu
 * reads, so liking a song in one place shows everywhere at once. Filled on demand by
 * {@link loadLikedStates} (`/v1/me/tracks/contains`, 50 ids a request).
 */
export const likedTrackIds = signal<ReadonlyMap<string, boolean>>(new Map());

const CONTAINS_BATCH = 50;
const pending = new Set<string>();
/** Bumped for a track whenever this tab likes or unlikes it: an answer asked for before is stale. */
const localChanges = new Map<string, number>();

function remember(entries: [string, boolean][]): void {
  const next = new Map(likedTrackIds.value);
  for (const [id, liked] of entries) next.set(id, liked);
  likedTrackIds.value = next;
}

/** Whether `trackId` is liked: true, false, or undefined while unknown. */
export function isLiked(trackId: string): boolean | undefined {
  return likedTrackIds.value.get(trackId);
}

/**
 * Records what the server just said about some tracks (every track of a Liked Songs page is
 * liked), except those this tab has liked or unliked since: its own word is newer.
 */
export function rememberLiked(trackIds: string[], liked: boolean): void {
  remember(trackIds.filter((id) => !localChanges.has(id)).map((id) => [id, liked]));
}

/** Asks the API which of `trackIds` are liked (those not yet known); errors leave them unknown. */
export async function loadLikedStates(trackIds: string[]): Promise<void> {
  const unknown = [...new Set(trackIds)].filter((id) => !likedTrackIds.value.has(id) && !pending.has(id));
  for (const id of unknown) pending.add(id);
  try {
    for (let start = 0; start < unknown.length; start += CONTAINS_BATCH) {
      const ids = unknown.slice(start, start + CONTAINS_BATCH);
      const asked = ids.map((id) => localChanges.get(id) ?? 0);
      const answer = await api<boolean[]>(`/v1/me/tracks/contains?ids=${ids.join(",")}`).catch(() => null);
      // A heart pressed while the question was on its way wins over the (older) answer.
      if (answer)
        remember(
          ids.flatMap((id, n): [string, boolean][] =>
            (localChanges.get(id) ?? 0) === asked[n] ? [[id, answer[n] === true]] : [],
          ),
        );
    }
  } finally {
    for (const id of unknown) pending.delete(id);
  }
}

/**
 * Likes or unlikes a track (`PUT`/`DELETE /v1/me/tracks`). The heart changes at once and goes back
 * if the API refuses; the error is rethrown for the caller to show.
 */
export async function setTrackLiked(trackId: string, liked: boolean): Promise<void> {
  const before = likedTrackIds.value.get(trackId);
  localChanges.set(trackId, (localChanges.get(trackId) ?? 0) + 1);
  remember([[trackId, liked]]);
  try {
    await api(`/v1/me/tracks?ids=${encodeURIComponent(trackId)}`, { method: liked ? "PUT" : "DELETE" });
  } catch (error) {
    const restore = new Map(likedTrackIds.value);
    if (before === undefined) restore.delete(trackId);
    else restore.set(trackId, before);
    likedTrackIds.value = restore;
    throw error;
  }
}
