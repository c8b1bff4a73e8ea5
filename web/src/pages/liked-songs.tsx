import { useEffect } from "preact/hooks";
import { likedTrackIds, rememberLiked } from "../api/library.ts";
import { currentUser, loadCurrentUser } from "../api/me.ts";
import type { SavedTrack } from "../api/types.ts";
import { useOffsetPages } from "../api/use-pages.ts";
import { formatRelative, plural } from "../components/format.ts";
import { LoadMore } from "../components/load-more.tsx";
import { PageHeader, PlayButton } from "../components/page-header.tsx";
import { EmptyState, ErrorState, LoadingState } from "../components/page-states.tsx";
import { showError } from "../components/toast.tsx";
import { playUriWindow, TrackList } from "../components/track-list.tsx";
import "./pages.css";

/** `/collection/tracks`: Liked Songs, newest first, paged in as you scroll; play all, unlike. */
export function LikedSongsPage() {
  const pages = useOffsetPages<SavedTrack>("/v1/me/tracks");
  useEffect(() => {
    loadCurrentUser().catch(() => undefined);
  }, []);
  // The server just listed these as liked: every heart in the tab agrees.
  useEffect(
    () =>
      rememberLiked(
        pages.items.map((saved) => saved.track.id),
        true,
      ),
    [pages.items],
  );
  // A song unliked here (or anywhere in this tab) leaves the list at once.
  const liked = likedTrackIds.value;
  const shown = pages.items.filter((saved) => liked.get(saved.track.id) !== false);
  const unliked = pages.items.length - shown.length;
  const tracks = shown.map((saved) => saved.track);
  const playable = tracks.filter((track) => track.is_playable);
  const playFrom = (index: number) =>
    playUriWindow(
      playable.map((t) => t.uri),
      index,
    );
  return (
    <section class="page" aria-labelledby="liked-title">
      <PageHeader
        kind="Playlist"
        title="Liked Songs"
        titleId="liked-title"
        images={[{ url: "/liked-songs.svg" }]}
        details={`${currentUser.value?.display_name ?? ""}${currentUser.value ? " • " : ""}${plural(Math.max(0, pages.total - unliked), "song")}`}
        actions={
          <PlayButton
            label="Play Liked Songs"
            disabled={playable.length === 0}
            onClick={() => playFrom(0).catch((error) => showError(error, "Couldn't start playback."))}
          />
        }
      />
      {pages.error && pages.items.length === 0 ? (
        <ErrorState error={pages.error} onRetry={pages.reload} />
      ) : pages.loading ? (
        <LoadingState label="Loading Liked Songs" />
      ) : tracks.length === 0 ? (
        <EmptyState title="Songs you like will appear here" action={<a href="/search">Find songs</a>}>
          Save songs by tapping the heart icon.
        </EmptyState>
      ) : (
        <>
          <TrackList
            tracks={tracks}
            label="Liked Songs"
            showArtwork
            onPlay={(track) => playFrom(Math.max(0, playable.indexOf(track as (typeof playable)[number])))}
            extraColumns={[
              {
                header: "Date added",
                class: "hide-narrow col-date",
                render: (_track, index) => formatRelative(shown[index]?.added_at ?? ""),
              },
            ]}
          />
          <LoadMore state={pages} what="songs" />
        </>
      )}
    </section>
  );
}
