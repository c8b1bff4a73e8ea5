import { useSignal } from "@preact/signals";
import { location } from "../router.tsx";
import { createPlaylistAndOpen, myPlaylists, myPlaylistsTotal } from "./playlist-library.ts";
import "./playlist-sidebar.css";
import { showError } from "./toast.tsx";

/**
 * The listener's playlists under the main navigation (owned and followed, most recent first),
 * the open one marked as the current page, and "Create playlist". Hidden at phone width, where
 * the library page lists them.
 */
export function PlaylistSidebar() {
  const creating = useSignal(false);
  const playlists = myPlaylists.value;
  const { path } = location.value;

  async function create() {
    creating.value = true;
    try {
      await createPlaylistAndOpen();
    } catch (failure) {
      showError(failure, "The playlist could not be created.");
    } finally {
      creating.value = false;
    }
  }

  return (
    <section class="playlist-sidebar" aria-labelledby="playlist-sidebar-title">
      <div class="playlist-sidebar-head">
        <h2 id="playlist-sidebar-title">Playlists</h2>
        <button
          type="button"
          class="icon-button"
          aria-label="Create playlist"
          title="Create playlist"
          disabled={creating.value}
          onClick={create}
        >
          <span aria-hidden="true">+</span>
        </button>
      </div>
      {playlists === null ? null : playlists.length === 0 ? (
        <p class="hint">Playlists you create or follow show up here.</p>
      ) : (
        <ul>
          {playlists.map((playlist) => (
            <li key={playlist.id}>
              <a
                href={`/playlist/${playlist.id}`}
                aria-current={path === `/playlist/${playlist.id}` ? "page" : undefined}
                title={playlist.name}
              >
                <span class="label">{playlist.name}</span>
              </a>
            </li>
          ))}
          {myPlaylistsTotal.value > playlists.length ? (
            <li>
              <a href="/library">All {myPlaylistsTotal.value} playlists</a>
            </li>
          ) : null}
        </ul>
      )}
    </section>
  );
}
