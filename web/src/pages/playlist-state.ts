import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { ApiRequestError } from "../api/client.ts";
import { asApiError } from "../api/use-api.ts";
import {
  changePlaylistDetails,
  fetchCollaborators,
  fetchPlaylist,
  fetchPlaylistItems,
  movePlaylistItem,
  type Playlist,
  type PlaylistDetailsChange,
  type PlaylistItem,
  removePlaylistItem,
} from "../components/playlist-api.ts";
import { currentUserId, refreshMyPlaylists } from "../components/playlist-library.ts";
import { showToast } from "../components/toast.tsx";

/**
 * One playlist page's data: the playlist, the loaded prefix of its items (pages of 100, never
 * all 10,000 at once), the reader's role, and the edits, each applied here at once and sent
 * against the snapshot the page shows. Edits run one after another, so each names the snapshot
 * the previous one produced; a `409 snapshot_conflict` (someone else changed it) reloads.
 */

export type PlaylistRole = "owner" | "collaborator" | "viewer";

export interface PlaylistData {
  playlist: Playlist;
  /** Items 0…n-1 of the playlist, in order (position = index). */
  items: PlaylistItem[];
  role: PlaylistRole;
}

/** After a reload, read back at most this many items (the rest load on scroll again). */
const RELOAD_ITEMS_MAX = 500;

/** Who the reader is to the playlist: the owner, an editing collaborator, or a reader. */
async function roleIn(playlist: Playlist): Promise<PlaylistRole> {
  const me = await currentUserId();
  if (playlist.owner.id === me) return "owner";
  if (!playlist.collaborative) return "viewer";
  const collaborators = await fetchCollaborators(playlist.id).catch(() => []);
  return collaborators.some((user) => user.id === me) ? "collaborator" : "viewer";
}

async function readPlaylist(id: string, shareToken: string | null, atLeast: number): Promise<PlaylistData> {
  const playlist = await fetchPlaylist(id, shareToken);
  const items = [...playlist.tracks.items];
  const want = Math.min(atLeast, playlist.tracks.total, RELOAD_ITEMS_MAX);
  while (items.length < want) {
    const page = await fetchPlaylistItems(id, items.length, shareToken);
    if (page.items.length === 0) break;
    items.push(...page.items);
  }
  return { playlist, items, role: await roleIn(playlist) };
}

/** Whether an error is the API's stale-snapshot refusal. */
function isConflict(error: ApiRequestError): boolean {
  return error.status === 409;
}

export function usePlaylist(id: string, shareToken: string | null) {
  const [data, setData] = useState<PlaylistData | null>(null);
  const [error, setError] = useState<ApiRequestError | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const current = useRef<PlaylistData | null>(null);
  current.current = data;
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const pending = useRef(0);
  const generation = useRef(0);

  const load = useCallback(
    async (atLeast: number) => {
      const mine = ++generation.current;
      try {
        const next = await readPlaylist(id, shareToken, atLeast);
        if (mine !== generation.current) return;
        current.current = next;
        setData(next);
        setError(null);
      } catch (failure) {
        if (mine === generation.current) setError(asApiError(failure));
      }
    },
    [id, shareToken],
  );

  useEffect(() => {
    setData(null);
    setError(null);
    void load(0);
  }, [load]);

  /**
   * Reads the playlist again, keeping as many items as are loaded now. Reads wait for the edits
   * before them (and edits for the reads): a read that started before an edit would otherwise
   * land after it and put the old order back on screen.
   */
  const reload = useCallback((): Promise<void> => {
    const run = queue.current.then(() => load(current.current?.items.length ?? 0));
    queue.current = run;
    return run;
  }, [load]);

  /** Runs an edit after those before it; a conflict reloads and says why. */
  const enqueue = useCallback(
    (edit: (data: PlaylistData) => Promise<void>): Promise<void> => {
      pending.current++;
      const run = queue.current.then(async () => {
        const now = current.current;
        if (!now) return;
        try {
          await edit(now);
        } catch (failure) {
          const problem = asApiError(failure);
          await load(current.current?.items.length ?? 0);
          showToast(
            isConflict(problem)
              ? "Someone else changed this playlist just now. Here's the latest version; try again."
              : problem.message,
            "error",
          );
        } finally {
          pending.current--;
        }
      });
      queue.current = run;
      return run;
    },
    [load],
  );

  const update = (next: PlaylistData) => {
    current.current = next;
    setData(next);
  };

  /** Records the snapshot an edit produced (on whatever loaded since, e.g. a next page). */
  const withSnapshot = (snapshotId: string) => {
    const latest = current.current;
    if (latest) update({ ...latest, playlist: { ...latest.playlist, snapshot_id: snapshotId } });
  };

  /** Moves the item at `from` to before the item now at `insertBefore` (0…length). */
  const move = useCallback(
    (from: number, insertBefore: number) =>
      enqueue(async (now) => {
        if (insertBefore === from || insertBefore === from + 1) return;
        const items = [...now.items];
        const [moved] = items.splice(from, 1);
        if (!moved) return;
        items.splice(insertBefore > from ? insertBefore - 1 : insertBefore, 0, moved);
        update({ ...now, items });
        const snapshot = await movePlaylistItem(id, {
          rangeStart: from,
          insertBefore,
          snapshotId: now.playlist.snapshot_id,
        });
        withSnapshot(snapshot);
      }),
    [enqueue, id],
  );

  /** Removes exactly the item at `position`. */
  const remove = useCallback(
    (position: number) =>
      enqueue(async (now) => {
        const item = now.items[position];
        if (!item?.track) return;
        const items = now.items.filter((_, n) => n !== position);
        const total = now.playlist.tracks.total - 1;
        const tracks = { ...now.playlist.tracks, total };
        update({ ...now, items, playlist: { ...now.playlist, tracks } });
        const snapshot = await removePlaylistItem(id, {
          uri: item.track.uri,
          position,
          snapshotId: now.playlist.snapshot_id,
        });
        withSnapshot(snapshot);
        void refreshMyPlaylists();
      }),
    [enqueue, id],
  );

  /** Changes the details (owner only); rejects with the API's error for the dialog to show. */
  const changeDetails = useCallback(
    async (change: PlaylistDetailsChange) => {
      await changePlaylistDetails(id, change);
      const now = current.current;
      if (now) {
        const publicNow = change.collaborative ? false : (change.public ?? now.playlist.public);
        update({ ...now, playlist: { ...now.playlist, ...change, public: publicNow } });
      }
      void refreshMyPlaylists();
    },
    [id],
  );

  const editing = useCallback(() => pending.current > 0, []);

  /** Reads the next page of items (a no-op while one is loading or when all are here). */
  const loadMore = useCallback(async () => {
    const now = current.current;
    if (!now || loadingMore || now.items.length >= now.playlist.tracks.total) return;
    setLoadingMore(true);
    try {
      const page = await fetchPlaylistItems(id, now.items.length, shareToken);
      const latest = current.current;
      // A reload or an edit in between changed the prefix: the page may no longer fit it.
      if (latest === now) update({ ...now, items: [...now.items, ...page.items] });
    } catch (failure) {
      showToast(asApiError(failure).message, "error");
    } finally {
      setLoadingMore(false);
    }
  }, [id, shareToken, loadingMore]);

  return {
    data,
    error,
    loadingMore,
    reload,
    move,
    remove,
    changeDetails,
    loadMore,
    /** Whether an edit is still on its way (a pushed change then waits for it). */
    editing,
  };
}

export type PlaylistState = ReturnType<typeof usePlaylist>;
