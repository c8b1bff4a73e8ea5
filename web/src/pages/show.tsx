import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client.ts";
import type { Paging, Show, SimplifiedEpisode } from "../api/types.ts";
import { useApi } from "../api/use-api.ts";
import { ContextPlayButton } from "../components/context-play-button.tsx";
import { EpisodeList } from "../components/episode-list.tsx";
import { SaveShowButton } from "../components/library-toggle.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { ApiContent, EmptyState } from "../components/page-states.tsx";
import { showError } from "../components/toast.tsx";
import { copyShareLink } from "../components/track-menu.tsx";
import "./pages.css";

/** `/show/{id}`: a podcast, save it, and its episodes newest first with resume points. */
export function ShowPage({ id }: { id: string }) {
  const state = useApi<Show>(`/v1/shows/${encodeURIComponent(id)}`);
  return (
    <section class="page" aria-labelledby="show-title">
      <ApiContent state={state} what="this podcast" loadingLabel="Loading podcast" titleId="show-title">
        {(show) => <ShowView show={show} />}
      </ApiContent>
    </section>
  );
}

function ShowView({ show }: { show: Show }) {
  const [episodes, setEpisodes] = useState<SimplifiedEpisode[]>(show.episodes.items);
  const [loadingMore, setLoadingMore] = useState(false);
  useEffect(() => setEpisodes(show.episodes.items), [show]);
  const loadMore = async () => {
    setLoadingMore(true);
    try {
      const page = await api<Paging<SimplifiedEpisode>>(
        `/v1/shows/${show.id}/episodes?limit=50&offset=${episodes.length}`,
      );
      setEpisodes([...episodes, ...page.items]);
    } catch (error) {
      showError(error);
    } finally {
      setLoadingMore(false);
    }
  };
  return (
    <>
      <PageHeader
        kind="Podcast"
        title={show.name}
        titleId="show-title"
        images={show.images}
        details={<strong>{show.publisher}</strong>}
        actions={
          <>
            <ContextPlayButton
              contextUri={show.uri}
              name={show.name}
              disabled={!episodes.some((episode) => episode.is_playable)}
            />
            <SaveShowButton id={show.id} name={show.name} />
            <button type="button" class="outline" onClick={() => copyShareLink("show", show.id)}>
              Share
            </button>
          </>
        }
      />
      {show.description && (
        <section class="page-section about" aria-labelledby="about-show">
          <h2 id="about-show">About</h2>
          <p>{show.description}</p>
        </section>
      )}
      <section class="page-section" aria-labelledby="episodes-title">
        <h2 id="episodes-title">All episodes</h2>
        {episodes.length === 0 ? (
          <EmptyState title="No episodes yet">New episodes appear here once they're published.</EmptyState>
        ) : (
          <EpisodeList episodes={episodes} showUri={show.uri} />
        )}
        {episodes.length < show.episodes.total && (
          <button type="button" class="outline load-more" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? "Loading…" : "Load more episodes"}
          </button>
        )}
      </section>
    </>
  );
}
