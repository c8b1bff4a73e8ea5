import { api } from "../api/client.ts";
import type { Track } from "../api/types.ts";

/** The queue as `GET /api/player/queue` answers it (and `PUT`/`DELETE` answer after a change). */
export interface QueueBody {
  /** The music on now (or waiting behind an ad), or null. */
  currently_playing: Track | null;
  ad_playing: boolean;
  /** What the listener queued, next first; `position` is the index to edit it by. */
  queue: { position: number; track: Track }[];
  /** How many are queued in all (the answer shows the first 100). */
  queue_total: number;
  context_uri: string | null;
  /** The context's next tracks after the queue, in play order. */
  next_from_context: Track[];
}

/** Reads the queue. */
export function fetchQueue(): Promise<QueueBody> {
  return api<QueueBody>("/api/player/queue");
}

/**
 * Takes the queued item at `position` out of the queue. `uri` names the item the listener saw
 * there: a queue that moved on since refuses with 409 `queue_changed` rather than remove another.
 */
export function removeFromQueue(position: number, uri: string): Promise<QueueBody> {
  const query = new URLSearchParams({ position: String(position), uri });
  return api<QueueBody>(`/api/player/queue?${query}`, { method: "DELETE" });
}

/** Moves the queued item at `from` so that it ends up at index `to` (`uri` as in removeFromQueue). */
export function moveInQueue(from: number, to: number, uri: string): Promise<QueueBody> {
  return api<QueueBody>("/api/player/queue", {
    method: "PUT",
    body: { range_start: from, insert_before: to > from ? to + 1 : to, uri },
  });
}

const contextNames = new Map<string, Promise<string | null>>();

/** The name of an album, playlist, artist or show context (for "Next from …"), or null. */
export function fetchContextName(uri: string): Promise<string | null> {
  const known = contextNames.get(uri);
  if (known) return known;
  const [, type, id] = uri.split(":");
  const path =
    type === "playlist"
      ? `/v1/playlists/${encodeURIComponent(id ?? "")}?fields=name`
      : type === "album" || type === "artist" || type === "show"
        ? `/v1/${type}s/${encodeURIComponent(id ?? "")}`
        : null;
  const name = path
    ? api<{ name?: string }>(path).then(
        (body) => body.name ?? null,
        () => {
          contextNames.delete(uri);
          return null;
        },
      )
    : Promise.resolve(null);
  contextNames.set(uri, name);
  return name;
}

/** The page of a context URI (`cadenza:album:x` → `/album/x`), or null for one without a page. */
export function contextHref(uri: string): string | null {
  const [, type, id] = uri.split(":");
  return type && id && ["album", "playlist", "artist", "show"].includes(type) ? `/${type}/${id}` : null;
}
