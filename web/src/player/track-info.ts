import { effect } from "@preact/signals";
import { api } from "../api/client.ts";
import type { Episode, Track } from "../api/types.ts";
import { currentTrack, playerView } from "./state.ts";

/**
 * Keeps `currentTrack` on the item the session plays (fetched once per id, the next one ahead
 * of time so a skip shows its title at once). A podcast episode is shown as a track whose
 * "album" is its show and whose "artist" is the publisher (links go to the show). During an
 * ad there is no item: the bar says "Advertisement".
 */

const cache = new Map<string, Promise<Track | null>>();

/** Starts following the session; returns the stop function. */
export function startTrackInfo(): () => void {
  return effect(() => {
    const view = playerView.value;
    const id = view?.currently_playing_type === "track" ? view.track_id : null;
    const nextId = view?.next_track_ids[0];
    if (nextId) void fetchItem(nextId);
    if (!id) {
      currentTrack.value = null;
      return;
    }
    if (currentTrack.value?.id === id) return;
    void fetchItem(id).then((track) => {
      const now = playerView.value;
      if (now?.track_id === id && now.currently_playing_type === "track") currentTrack.value = track;
    });
  });
}

/** The track (or episode, as a track) with `id`, or null when the catalog has neither. */
export function fetchItem(id: string): Promise<Track | null> {
  let pending = cache.get(id);
  if (!pending) {
    pending = loadItem(id);
    cache.set(id, pending);
    // A failure (offline) is not remembered: the next look tries again.
    pending.then((item) => item ?? cache.delete(id)).catch(() => cache.delete(id));
  }
  return pending;
}

async function loadItem(id: string): Promise<Track | null> {
  const path = encodeURIComponent(id);
  try {
    return await api<Track>(`/v1/tracks/${path}`);
  } catch (err) {
    if ((err as { status?: number }).status !== 404) return null;
  }
  try {
    return episodeAsTrack(await api<Episode>(`/v1/episodes/${path}`));
  } catch {
    return null;
  }
}

function episodeAsTrack(episode: Episode): Track {
  const show = episode.show;
  return {
    id: episode.id,
    name: episode.name,
    uri: episode.uri,
    duration_ms: episode.duration_ms,
    explicit: episode.explicit,
    is_playable: episode.is_playable,
    track_number: 1,
    disc_number: 1,
    popularity: 0,
    artists: [{ id: show.id, name: show.publisher, uri: show.uri, type: "artist" }],
    album: {
      id: show.id,
      name: show.name,
      uri: show.uri,
      album_type: "show",
      release_date: episode.release_date,
      images: episode.images.length ? episode.images : show.images,
      artists: [],
    },
  };
}
