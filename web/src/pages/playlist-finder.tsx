import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { api } from "../api/client.ts";
import type { Paging, Track } from "../api/types.ts";
import { asApiError } from "../api/use-api.ts";
import { Cover } from "../components/cover.tsx";
import { formatDuration } from "../components/format.ts";
import type { Playlist } from "../components/playlist-api.ts";
import { addToPlaylist } from "../components/playlist-menu.ts";
import { showError } from "../components/toast.tsx";

/** Wait this long after the last keystroke before searching, ms. */
const DEBOUNCE_MS = 250;
const RESULTS = 8;

/**
 * "Let's find something for your playlist": a search box under the playlist (for its editors)
 * whose song results each have an Add button, as Spotify has. Duplicates are asked about first.
 */
export function PlaylistFinder({
  playlist,
  onAdded,
  onClose,
}: {
  playlist: Playlist;
  onAdded: () => void;
  /** Shown as a Close button when the finder can be put away (a playlist with items). */
  onClose?: () => void;
}) {
  const query = useSignal("");
  const results = useSignal<Track[] | null>(null);
  const error = useSignal<string | null>(null);

  useEffect(() => {
    const q = query.value.trim();
    if (!q) {
      results.value = null;
      return;
    }
    let current = true;
    const timer = setTimeout(async () => {
      try {
        const answer = await api<{ tracks: Paging<Track> }>(
          `/v1/search?type=track&limit=${RESULTS}&q=${encodeURIComponent(q)}`,
        );
        if (!current) return;
        results.value = answer.tracks.items;
        error.value = null;
      } catch (failure) {
        if (current) error.value = asApiError(failure).message;
      }
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query.value]);

  const add = async (track: Track) => {
    try {
      await addToPlaylist(playlist, { uri: track.uri, name: track.name });
      onAdded();
    } catch (failure) {
      showError(failure);
    }
  };

  return (
    <section class="playlist-finder" aria-labelledby="playlist-finder-title">
      <div class="playlist-finder-head">
        <h2 id="playlist-finder-title">Let's find something for your playlist</h2>
        {onClose && (
          <button type="button" class="icon-button" aria-label="Close search" onClick={onClose}>
            <span aria-hidden="true">✕</span>
          </button>
        )}
      </div>
      <label class="visually-hidden" for="playlist-finder-input">
        Search for songs to add
      </label>
      <input
        id="playlist-finder-input"
        type="search"
        placeholder="Search for songs"
        autoComplete="off"
        value={query.value}
        onInput={(event) => {
          query.value = event.currentTarget.value;
        }}
      />
      {results.value === null && (
        <p class="hint">
          Or <a href="/search">search the catalogue</a> and choose “Add to playlist” in any song's menu.
        </p>
      )}
      {error.value && <p class="error">{error.value}</p>}
      {results.value?.length === 0 && <p class="hint">No songs match “{query.value.trim()}”.</p>}
      {results.value && results.value.length > 0 && (
        <ul class="playlist-finder-results" aria-label="Songs to add">
          {results.value.map((track) => (
            <li key={track.id}>
              <Cover images={track.album.images} size={40} />
              <span class="playlist-finder-text">
                <a href={`/track/${track.id}`}>{track.name}</a>
                <span class="hint">
                  {track.artists.map((artist) => artist.name).join(", ")} · {track.album.name}
                </span>
              </span>
              <span class="hint">{formatDuration(track.duration_ms)}</span>
              <button type="button" onClick={() => add(track)} aria-label={`Add ${track.name}`}>
                Add
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
