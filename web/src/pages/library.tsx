import { useEffect, useState } from "preact/hooks";
import type { Artist, CursorPaging, SavedAlbum, SavedShow } from "../api/types.ts";
import { useApi } from "../api/use-api.ts";
import { useOffsetPages } from "../api/use-pages.ts";
import {
  albumCard,
  artistCard,
  CardGrid,
  type CardItem,
  playlistCard,
  showCard,
} from "../components/card-grid.tsx";
import { LoadMore } from "../components/load-more.tsx";
import { ApiContent, EmptyState, ErrorState, LoadingState } from "../components/page-states.tsx";
import {
  createPlaylistAndOpen,
  myPlaylists,
  myPlaylistsTotal,
  refreshMyPlaylists,
} from "../components/playlist-library.ts";
import { showError } from "../components/toast.tsx";
import { queryParam } from "../router.tsx";
import "./pages.css";

const TABS = [
  { id: "playlists", label: "Playlists" },
  { id: "albums", label: "Albums" },
  { id: "artists", label: "Artists" },
  { id: "shows", label: "Podcasts" },
] as const;
type Tab = (typeof TABS)[number]["id"];

/** `/library?tab=`: the listener's playlists, saved albums, followed artists and podcasts. */
export function LibraryPage() {
  const tab = (TABS.find((t) => t.id === queryParam("tab"))?.id ?? "playlists") as Tab;
  const [creating, setCreating] = useState(false);
  const create = async () => {
    setCreating(true);
    try {
      await createPlaylistAndOpen();
    } catch (error) {
      showError(error, "Couldn't create the playlist.");
    } finally {
      setCreating(false);
    }
  };
  return (
    <section class="page" aria-labelledby="library-title">
      <div class="page-title-row">
        <h1 id="library-title">Your Library</h1>
        <button type="button" class="primary" onClick={create} disabled={creating}>
          + Create playlist
        </button>
      </div>
      <nav class="chips" aria-label="Library sections">
        {TABS.map((t) => (
          <a
            key={t.id}
            class="chip"
            href={t.id === "playlists" ? "/library" : `/library?tab=${t.id}`}
            aria-current={t.id === tab ? "page" : undefined}
          >
            {t.label}
          </a>
        ))}
      </nav>
      {tab === "playlists" && <PlaylistsTab onCreate={create} />}
      {tab === "albums" && <AlbumsTab />}
      {tab === "artists" && <ArtistsTab />}
      {tab === "shows" && <ShowsTab />}
    </section>
  );
}

const likedSongsCard = (): CardItem => ({
  key: "liked-songs",
  href: "/collection/tracks",
  title: "Liked Songs",
  subtitle: "Your favourite songs",
  images: [{ url: "/liked-songs.svg" }],
});

function PlaylistsTab({ onCreate }: { onCreate: () => void }) {
  useEffect(() => {
    refreshMyPlaylists();
  }, []);
  const playlists = myPlaylists.value;
  if (playlists === null) return <LoadingState label="Loading your playlists" />;
  return (
    <>
      <CardGrid items={[likedSongsCard(), ...playlists.map(playlistCard)]} label="Your playlists" />
      {playlists.length === 0 && (
        <EmptyState
          title="Create your first playlist"
          action={
            <button type="button" class="primary" onClick={onCreate}>
              Create playlist
            </button>
          }
        >
          It's easy, we'll help you.
        </EmptyState>
      )}
      {myPlaylistsTotal.value > playlists.length && (
        <p class="hint">Showing your {playlists.length} most recent playlists.</p>
      )}
    </>
  );
}

function AlbumsTab() {
  const pages = useOffsetPages<SavedAlbum>("/v1/me/albums");
  if (pages.error && pages.items.length === 0)
    return <ErrorState error={pages.error} onRetry={pages.reload} />;
  if (pages.loading) return <LoadingState label="Loading your albums" />;
  if (pages.items.length === 0)
    return (
      <EmptyState title="Albums you save will appear here" action={<a href="/search">Find albums</a>}>
        Save albums by tapping Save on an album's page.
      </EmptyState>
    );
  return (
    <>
      <CardGrid items={pages.items.map((saved) => albumCard(saved.album))} label="Saved albums" />
      <LoadMore state={pages} what="albums" />
    </>
  );
}

function ArtistsTab() {
  const state = useApi<{ artists: CursorPaging<Artist> }>("/v1/me/following?type=artist&limit=50");
  return (
    <ApiContent state={state} loadingLabel="Loading artists you follow">
      {({ artists }) =>
        artists.items.length === 0 ? (
          <EmptyState title="Follow your first artist" action={<a href="/search">Find artists</a>}>
            Follow artists you like by tapping Follow on their page.
          </EmptyState>
        ) : (
          <CardGrid items={artists.items.map(artistCard)} label="Artists you follow" />
        )
      }
    </ApiContent>
  );
}

function ShowsTab() {
  const pages = useOffsetPages<SavedShow>("/v1/me/shows");
  if (pages.error && pages.items.length === 0)
    return <ErrorState error={pages.error} onRetry={pages.reload} />;
  if (pages.loading) return <LoadingState label="Loading your podcasts" />;
  if (pages.items.length === 0)
    return (
      <EmptyState
        title="Podcasts you follow will appear here"
        action={<a href="/search?q=podcast&type=show">Find podcasts</a>}
      >
        Follow a podcast from its page to keep up with new episodes.
      </EmptyState>
    );
  return (
    <>
      <CardGrid items={pages.items.map((saved) => showCard(saved.show))} label="Your podcasts" />
      <LoadMore state={pages} what="podcasts" />
    </>
  );
}
