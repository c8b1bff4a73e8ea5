import type { SimplifiedEpisode } from "../api/types.ts";
import { pause, playContext, playUris, resume } from "../player/controller.ts";
import { isPlaying, playerView } from "../player/state.ts";
import { Cover } from "./cover.tsx";
import { formatDate, formatLongDuration } from "./format.ts";
import { showError } from "./toast.tsx";
import { TrackMenu } from "./track-menu.tsx";
import "./episode-list.css";

/** Where the listener is in an episode: "Played", "12 min left", or its length when never started. */
export function episodeProgress(episode: SimplifiedEpisode): { label: string; fraction: number } {
  const { fully_played, resume_position_ms } = episode.resume_point;
  if (fully_played) return { label: "Played", fraction: 1 };
  if (resume_position_ms > 0) {
    const left = Math.max(0, episode.duration_ms - resume_position_ms);
    return { label: `${formatLongDuration(left)} left`, fraction: resume_position_ms / episode.duration_ms };
  }
  return { label: formatLongDuration(episode.duration_ms), fraction: 0 };
}

/**
 * Plays an episode (resuming where the listener left it: the session keeps resume points), in
 * its show when `showUri` is given so the next episode follows; pauses it when it is playing.
 */
export function playEpisode(episode: SimplifiedEpisode, showUri?: string): Promise<void> {
  const current = playerView.value?.track_id === episode.id;
  if (current) return isPlaying.value ? pause() : resume();
  return showUri ? playContext(showUri, { offsetUri: episode.uri }) : playUris([episode.uri]);
}

/** Episodes as a list: artwork, title, date, description, progress, and play / resume. */
export function EpisodeList({ episodes, showUri }: { episodes: SimplifiedEpisode[]; showUri?: string }) {
  const playingId = playerView.value?.track_id;
  return (
    <ul class="episode-list">
      {episodes.map((episode) => {
        const progress = episodeProgress(episode);
        const current = episode.id === playingId;
        const playing = current && isPlaying.value;
        const started = episode.resume_point.resume_position_ms > 0 && !episode.resume_point.fully_played;
        return (
          <li key={episode.id} class={`episode ${current ? "playing" : ""}`}>
            <Cover images={episode.images} size={72} class="episode-art" />
            <div class="episode-body">
              <a class="episode-title" href={`/episode/${episode.id}`}>
                {episode.name}
              </a>
              <p class="episode-description">{episode.description}</p>
              <div class="episode-meta">
                <button
                  type="button"
                  class="episode-play"
                  aria-label={`${playing ? "Pause" : started ? "Resume" : "Play"} ${episode.name}`}
                  disabled={!episode.is_playable}
                  onClick={() =>
                    playEpisode(episode, showUri).catch((error) =>
                      showError(error, "Couldn't start playback."),
                    )
                  }
                >
                  <span aria-hidden="true">{playing ? "❚❚" : "▶"}</span>
                </button>
                <span>{formatDate(episode.release_date)}</span>
                <span aria-hidden="true">•</span>
                <span>{episode.is_playable ? progress.label : "Not available in your country"}</span>
                {progress.fraction > 0 && progress.fraction < 1 && (
                  <progress
                    class="episode-progress"
                    max={1}
                    value={progress.fraction}
                    aria-label={`${episode.name}: ${progress.label}`}
                  />
                )}
                <span class="episode-menu">
                  <TrackMenu track={episode} />
                </span>
              </div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
