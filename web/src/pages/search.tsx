import type {
  Artist,
  Category,
  Paging,
  SimplifiedAlbum,
  SimplifiedEpisode,
  SimplifiedPlaylist,
  SimplifiedShow,
  Track,
} from "../api/types.ts";
import { useApi } from "../api/use-api.ts";
import {
  albumCard,
  artistCard,
  CardGrid,
  type CardItem,
  categoryCard,
  playlistCard,
  showCard,
} from "../components/card-grid.tsx";
import { EpisodeList } from "../components/episode-list.tsx";
import { ApiContent, EmptyState } from "../components/page-states.tsx";
import { SearchBox } from "../components/search-box.tsx";
import { TrackList } from "../components/track-list.tsx";
import { navigate, queryParam } from "../router.tsx";
import { TopResult } from "./search-top-result.tsx";
import "./pages.css";

/** `/v1/search`'s answer for the asked types. */
export interface SearchResults {
  tracks?: Paging<Track>;
  artists?: Paging<Artist>;
  albums?: Paging<SimplifiedAlbum>;
  playlists?: Paging<SimplifiedPlaylist | null>;
  shows?: Paging<SimplifiedShow | null>;
  episodes?: Paging<SimplifiedEpisode | null>;
}

const FILTERS = [
  { id: "all", label: "All" },
  { id: "track", label: "Songs" },
  { id: "artist", label: "Artists" },
  { id: "album", label: "Albums" },
  { id: "playlist", label: "Playlists" },
  { id: "show", label: "Podcasts" },
  { id: "episode", label: "Episodes" },
] as const;
type Filter = (typeof FILTERS)[number]["id"];

const searchHref = (q: string, type: Filter) =>
  q ? `/search?q=${encodeURIComponent(q)}${type === "all" ? "" : `&type=${type}`}` : "/search";

/** `/search?q=&type=`: the search field with suggestions, results by type, or genres to browse. */
export function SearchPage() {
  const q = (queryParam("q") ?? "").trim();
  const filter = (FILTERS.find((f) => f.id === queryParam("type"))?.id ?? "all") as Filter;
  return (
    <section class="page" aria-labelledby="search-title">
      <h1 id="search-title" class="visually-hidden">
        Search
      </h1>
      <SearchBox
        initial={q}
        onSubmit={(query) => navigate(searchHref(query, filter))}
        onPause={(query) => {
          // Results follow the typing without a history entry per pause.
          if (query !== q) navigate(searchHref(query, filter), { replace: true });
        }}
      />
      {q ? (
        <>
          <nav class="chips" aria-label="Result types">
            {FILTERS.map((f) => (
              <a
                key={f.id}
                class="chip"
                href={searchHref(q, f.id)}
                aria-current={f.id === filter ? "page" : undefined}
              >
                {f.label}
              </a>
            ))}
          </nav>
          <Results q={q} filter={filter} />
        </>
      ) : (
        <BrowseAll />
      )}
    </section>
  );
}

function Results({ q, filter }: { q: string; filter: Filter }) {
  const types = filter === "all" ? "track,artist,album,playlist,show,episode" : filter;
  const limit = filter === "all" ? 10 : 50;
  const state = useApi<SearchResults>(`/v1/search?q=${encodeURIComponent(q)}&type=${types}&limit=${limit}`);
  return (
    <ApiContent state={state} loadingLabel="Searching">
      {(results) => <ResultSections q={q} filter={filter} results={results} />}
    </ApiContent>
  );
}

function ResultSections({ q, filter, results }: { q: string; filter: Filter; results: SearchResults }) {
  const tracks = results.tracks?.items ?? [];
  const cards = {
    artist: (results.artists?.items ?? []).map(artistCard),
    album: (results.albums?.items ?? []).map(albumCard),
    playlist: present(results.playlists?.items).map(playlistCard),
    show: present(results.shows?.items).map(showCard),
  };
  const episodes = present(results.episodes?.items);
  const nothing =
    tracks.length + episodes.length + Object.values(cards).reduce((n, c) => n + c.length, 0) === 0;
  if (nothing)
    return (
      <EmptyState title={`No results found for "${q}"`}>
        Check the spelling, or try fewer or different words.
      </EmptyState>
    );
  const all = filter === "all";
  const section = (title: string, items: CardItem[]) =>
    items.length > 0 && (
      <section class="page-section" aria-label={`${title} results`}>
        <h2>{title}</h2>
        <CardGrid items={all ? items.slice(0, 6) : items} />
      </section>
    );
  return (
    <div class="search-results">
      {all && (
        <div class="top-row">
          <TopResult q={q} results={results} />
          {tracks.length > 0 && (
            <section class="page-section songs" aria-labelledby="results-songs">
              <h2 id="results-songs">Songs</h2>
              <TrackList tracks={tracks.slice(0, 4)} label="Songs" showArtwork showAlbum={false} />
            </section>
          )}
        </div>
      )}
      {!all && tracks.length > 0 && <TrackList tracks={tracks} label="Songs" showArtwork />}
      {section("Artists", cards.artist)}
      {section("Albums", cards.album)}
      {section("Playlists", cards.playlist)}
      {section("Podcasts", cards.show)}
      {episodes.length > 0 && (
        <section class="page-section" aria-labelledby="results-episodes">
          <h2 id="results-episodes">Episodes</h2>
          <EpisodeList episodes={all ? episodes.slice(0, 4) : episodes} />
        </section>
      )}
    </div>
  );
}

/** Spotify's search pages may hold `null` for an item gone since indexing. */
function present<T>(items: (T | null)[] | undefined): T[] {
  return (items ?? []).filter((item): item is T => item !== null);
}

/** An empty search: the genres to browse. */
function BrowseAll() {
  const state = useApi<{ categories: Paging<Category> }>("/v1/browse/categories?limit=50");
  return (
    <section class="page-section" aria-labelledby="browse-title">
      <h2 id="browse-title">Browse all</h2>
      <ApiContent state={state} loadingLabel="Loading genres">
        {({ categories }) =>
          categories.items.length === 0 ? (
            <EmptyState title="No genres yet">Genres appear once music is uploaded.</EmptyState>
          ) : (
            <CardGrid items={categories.items.map(categoryCard)} label="Genres" />
          )
        }
      </ApiContent>
    </section>
  );
}
