import { computed, effect, signal } from "@preact/signals";
import { session } from "../api/client.ts";
import { currentUser, loadCurrentUser } from "../api/me.ts";
import type { SimplifiedPlaylist } from "../api/types.ts";
import { onPlaylistChanged } from "../player/device.ts";
import { navigate } from "../router.tsx";
import { addPlaylistItems, createPlaylist, fetchMyPlaylists } from "./playlist-api.ts";

/**
 * The signed-in listener's playlists as this tab knows them: one list the sidebar, the "Add to
 * playlist" menus and the playlist page read, refreshed after every change made here (and when
 * a `playlist_changed` push arrives), so a rename or a new playlist shows everywhere at once.
 */

/** How many of the listener's playlists the sidebar and menus list (the library pages all). */
const LISTED_PLAYLISTS = 50;

/** The listener's playlists, owned and followed, most recent first; null before the first load. */
export const myPlaylists = signal<SimplifiedPlaylist[] | null>(null);
/** How many playlists the listener has in all (the list holds at most {@link LISTED_PLAYLISTS}). */
export const myPlaylistsTotal = signal(0);

/** The playlists the listener may add to: their own, and collaborative ones they joined. */
export const editablePlaylists = computed(() =>
  (myPlaylists.value ?? []).filter(
    (playlist) => playlist.owner.id === currentUser.value?.id || playlist.collaborative,
  ),
);

/**
 * The last playlist this tab changed from outside its page (added to from a track menu): the
 * page showing it reads it again. `at` makes repeated edits of one playlist distinct.
 */
export const lastEditedPlaylist = signal<{ id: string; at: number } | null>(null);

/** Tells an open page of playlist `id` that this tab just changed it. */
export function markPlaylistEdited(id: string): void {
  lastEditedPlaylist.value = { id, at: Date.now() };
}

let loading: Promise<void> | null = null;

/** Reads the user and their playlists again (at most one read in flight; errors keep the old list). */
export function refreshMyPlaylists(): Promise<void> {
  loading ??= (async () => {
    try {
      await loadCurrentUser();
      const page = await fetchMyPlaylists(0, LISTED_PLAYLISTS);
      myPlaylists.value = page.items;
      myPlaylistsTotal.value = page.total;
    } catch {
      // The sidebar shows what it had; the next change or visit reads again.
    } finally {
      loading = null;
    }
  })();
  return loading;
}

/** The signed-in user's id, reading `/v1/me` once if needed. */
export async function currentUserId(): Promise<string> {
  return (await loadCurrentUser()).id;
}

// Signing in loads the list; signing out forgets it (the next account must not see it).
effect(() => {
  if (session.value) {
    if (myPlaylists.value === null) void refreshMyPlaylists();
  } else {
    myPlaylists.value = null;
    myPlaylistsTotal.value = 0;
  }
});

// A rename, a new collaborator or a deletion elsewhere changes the names and the list.
onPlaylistChanged((event) => {
  if (myPlaylists.value !== null && !["add", "remove", "reorder", "replace"].includes(event.action))
    void refreshMyPlaylists();
});

/** The next free default name: "My Playlist #n", as Spotify numbers them. */
function nextPlaylistName(): string {
  const taken = new Set((myPlaylists.value ?? []).map((playlist) => playlist.name));
  let n = (myPlaylists.value?.length ?? 0) + 1;
  while (taken.has(`My Playlist #${n}`)) n++;
  return `My Playlist #${n}`;
}

/**
 * Creates a private playlist with a default name (and `uris` in it, if given), then opens it
 * with its details dialog ready for a real name. Rejects with the API's error.
 */
export async function createPlaylistAndOpen(
  options: { name?: string; uris?: string[] } = {},
): Promise<SimplifiedPlaylist> {
  const userId = await currentUserId();
  const created = await createPlaylist(userId, { name: options.name ?? nextPlaylistName(), public: false });
  if (options.uris && options.uris.length > 0) {
    await addPlaylistItems(created.id, options.uris);
  }
  await refreshMyPlaylists();
  navigate(`/playlist/${created.id}?edit=details`);
  return { ...created, tracks: { href: created.tracks.href, total: options.uris?.length ?? 0 } };
}
