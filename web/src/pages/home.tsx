import { useEffect } from "preact/hooks";
import { currentUser, loadCurrentUser } from "../api/me.ts";
import type {
  Category,
  CursorPaging,
  Paging,
  PlayHistory,
  SavedShow,
  SimplifiedAlbum,
} from "../api/types.ts";
import { useApi } from "../api/use-api.ts";
import {
  albumCard,
  type CardItem,
  categoryCard,
  playlistCard,
  Shelf,
  showCard,
} from "../components/card-grid.tsx";
import { EmptyState, ErrorState, LoadingState } from "../components/page-states.tsx";
import { myPlaylists, refreshMyPlaylists } from "../components/playlist-library.ts";
import { playContext } from "../player/controller.ts";
import "./pages.css";

/** How many cards a home shelf shows before "Show all". */
const SHELF_SIZE = 6;

function greeting(hour: number): string {
  if (hour < 5) return "Good evening";
  if (hour < 12) return "Good morning";
  if (hour < 18) return "Good afternoon";
  return "Good evening";
}

/** Distinct tracks of the listening history, newest first, as cards that play the track in its album. */
function recentCards(history: PlayHistory[]): CardItem[] {
  const seen = new Set<string>();
  const cards: CardItem[] = [];
  for (const { track } of history) {
    if (seen.has(track.id)) continue;
    seen.add(track.id);
    cards.push({
      key: track.id,
      href: `/track/${track.id}`,
      title: track.name,
      subtitle: track.artists.map((a) => a.name).join(", "),
      images: track.album.images,
      play: () => playContext(track.album.uri, { offsetUri: track.uri }),
    });
  }
  return cards;
}

/** `/`: recently played, your playlists, new releases, your podcasts and genres to browse. */
export function HomePage() {
  const recent = useApi<CursorPaging<PlayHistory>>("/v1/me/player/recently-played?limit=50");
  const releases = useApi<{ albums: Paging<SimplifiedAlbum> }>("/v1/browse/new-releases?limit=12");
  const shows = useApi<Paging<SavedShow>>("/v1/me/shows?limit=12");
  const genres = useApi<{ categories: Paging<Category> }>("/v1/browse/categories?limit=12");
  useEffect(() => {
    loadCurrentUser().catch(() => undefined);
    refreshMyPlaylists();
  }, []);

  const recentItems = recentCards(recent.data?.items ?? []).slice(0, SHELF_SIZE);
  const playlists = (myPlaylists.value ?? []).slice(0, SHELF_SIZE).map(playlistCard);
  const albums = (releases.data?.albums.items ?? []).slice(0, SHELF_SIZE).map(albumCard);
  const podcasts = (shows.data?.items ?? []).slice(0, SHELF_SIZE).map((saved) => showCard(saved.show));
  const categories = (genres.data?.categories.items ?? []).slice(0, SHELF_SIZE).map(categoryCard);
  const firstLoad = releases.loading && releases.data === undefined;
  const name = currentUser.value?.display_name;

  return (
    <section class="page home" aria-labelledby="home-title">
      <div class="page-title-row">
        <h1 id="home-title">
          {greeting(new Date().getHours())}
          {name ? `, ${name}` : ""}
        </h1>
        {/* At phone width the navigation has no room for these: Home offers them. */}
        <nav class="home-account-links" aria-label="Account">
          <a href="/me">Profile</a>
          <a href="/settings">Settings</a>
        </nav>
      </div>
      {recentItems.length > 0 && <Shelf id="home-recent" title="Recently played" items={recentItems} />}
      {playlists.length > 0 && (
        <Shelf id="home-playlists" title="Your playlists" items={playlists} moreHref="/library" />
      )}
      {firstLoad && <LoadingState label="Loading home" />}
      {releases.error && !releases.data && <ErrorState error={releases.error} onRetry={releases.refetch} />}
      {albums.length > 0 && <Shelf id="home-new" title="New releases" items={albums} />}
      {releases.data && albums.length === 0 && (
        <EmptyState title="No music yet">
          Once artists upload their music, new releases show up here.
        </EmptyState>
      )}
      {podcasts.length > 0 && (
        <Shelf id="home-podcasts" title="Your podcasts" items={podcasts} moreHref="/library?tab=shows" />
      )}
      {categories.length > 0 && (
        <Shelf id="home-genres" title="Browse genres" items={categories} moreHref="/search" />
      )}
    </section>
  );
}
