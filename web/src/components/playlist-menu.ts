import { addPlaylistItems, playlistContains } from "./playlist-api.ts";
import { confirmChoice } from "./playlist-confirm.tsx";
import {
  createPlaylistAndOpen,
  editablePlaylists,
  markPlaylistEdited,
  myPlaylists,
  refreshMyPlaylists,
} from "./playlist-library.ts";
import { showToast } from "./toast.tsx";
import type { TrackMenuItem } from "./track-menu.tsx";

/** What can be added to a playlist: a track or an episode. */
export interface PlaylistCandidate {
  uri: string;
  name: string;
}

/**
 * Adds `item` to the playlist, asking first when it is there already ("Add anyway" / "Don't
 * add", as Spotify does). Resolves once added (or declined); rejects with the API's error.
 */
export async function addToPlaylist(
  playlist: { id: string; name: string },
  item: PlaylistCandidate,
): Promise<void> {
  const [already] = await playlistContains(playlist.id, [item.uri]);
  if (already) {
    const addAnyway = await confirmChoice({
      title: "Already added",
      text: `“${item.name}” is already in “${playlist.name}”.`,
      confirm: "Add anyway",
      cancel: "Don't add",
    });
    if (!addAnyway) return;
  }
  await addPlaylistItems(playlist.id, [item.uri]);
  markPlaylistEdited(playlist.id);
  showToast(`Added to ${playlist.name}`);
  void refreshMyPlaylists();
}

/**
 * The "Add to playlist ▸" entry of a track menu: "New playlist" (created with the item, then
 * opened to be named), then every playlist the listener may add to.
 */
export function addToPlaylistMenuItem(item: PlaylistCandidate): TrackMenuItem {
  return {
    label: "Add to playlist",
    submenu: async () => {
      if (myPlaylists.value === null) await refreshMyPlaylists();
      return [
        {
          label: "New playlist",
          onSelect: async () => {
            await createPlaylistAndOpen({ uris: [item.uri] });
            showToast("Added to a new playlist");
          },
        },
        ...editablePlaylists.value.map((playlist) => ({
          label: playlist.name,
          onSelect: () => addToPlaylist(playlist, item),
        })),
      ];
    },
  };
}
