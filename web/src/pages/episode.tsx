import type { Episode } from "../api/types.ts";
import { useApi } from "../api/use-api.ts";
import { episodeProgress, playEpisode } from "../components/episode-list.tsx";
import { formatDate } from "../components/format.ts";
import { SaveShowButton } from "../components/library-toggle.tsx";
import { PageHeader, PlayButton } from "../components/page-header.tsx";
import { ApiContent } from "../components/page-states.tsx";
import { showError } from "../components/toast.tsx";
import { copyShareLink } from "../components/track-menu.tsx";
import { isPlaying, playerView } from "../player/state.ts";
import "./pages.css";

/** `/episode/{id}`: an episode's description, where the listener left it, and play / resume. */
export function EpisodePage({ id }: { id: string }) {
  const state = useApi<Episode>(`/v1/episodes/${encodeURIComponent(id)}`);
  return (
    <section class="page" aria-labelledby="episode-title">
      <ApiContent state={state} what="this episode" loadingLabel="Loading episode" titleId="episode-title">
        {(episode) => <EpisodeView episode={episode} />}
      </ApiContent>
    </section>
  );
}

function EpisodeView({ episode }: { episode: Episode }) {
  const progress = episodeProgress(episode);
  const started = episode.resume_point.resume_position_ms > 0 && !episode.resume_point.fully_played;
  const playing = playerView.value?.track_id === episode.id && isPlaying.value;
  return (
    <>
      <PageHeader
        kind="Podcast episode"
        title={episode.name}
        titleId="episode-title"
        images={episode.images}
        details={
          <>
            <a href={`/show/${episode.show.id}`}>{episode.show.name}</a>
            {` • ${formatDate(episode.release_date)} • ${progress.label}`}
          </>
        }
        actions={
          <>
            <PlayButton
              label={`${playing ? "Pause" : started ? "Resume" : "Play"} ${episode.name}`}
              playing={playing}
              disabled={!episode.is_playable}
              onClick={() =>
                playEpisode(episode, episode.show.uri).catch((error) =>
                  showError(error, "Couldn't start playback."),
                )
              }
            />
            {started && <span class="hint">Resume from where you left off</span>}
            <SaveShowButton id={episode.show.id} name={episode.show.name} />
            <button type="button" class="outline" onClick={() => copyShareLink("episode", episode.id)}>
              Share
            </button>
          </>
        }
      />
      {!episode.is_playable && (
        <p class="notice" role="note">
          This episode isn't available in your country.
        </p>
      )}
      {progress.fraction > 0 && progress.fraction < 1 && (
        <progress
          class="episode-progress wide"
          max={1}
          value={progress.fraction}
          aria-label={`Progress: ${progress.label}`}
        />
      )}
      <section class="page-section about" aria-labelledby="episode-description">
        <h2 id="episode-description">Episode description</h2>
        <p>{episode.description || "No description."}</p>
      </section>
    </>
  );
}
