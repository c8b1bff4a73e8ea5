import type { Artist, Category, Paging, SimplifiedAlbum, SimplifiedPlaylist } from "../api/types.ts";
import { useApi } from "../api/use-api.ts";
import { albumCard, artistCard, playlistCard, Shelf } from "../components/card-grid.tsx";
import { ApiContent, EmptyState } from "../components/page-states.tsx";
import "./pages.css";

/** `/genre/{id}`: a genre's playlists, albums and artists (search's `genre:` filter). */
export function GenrePage({ id }: { id: string }) {
  const state = useApi<Category>(`/v1/browse/categories/${encodeURIComponent(id)}`);
  return (
    <section class="page" aria-labelledby="genre-title">
      <ApiContent state={state} what="this genre" loadingLabel="Loading genre" titleId="genre-title">
        {(category) => <GenreView category={category} />}
      </ApiContent>
    </section>
  );
}

function GenreView({ category }: { category: Category }) {
  const playlists = useApi<{ playlists: Paging<SimplifiedPlaylist> }>(
    `/v1/browse/categories/${category.id}/playlists?limit=12`,
  );
  const query = encodeURIComponent(`genre:"${category.name}"`);
  const music = useApi<{ albums: Paging<SimplifiedAlbum>; artists: Paging<Artist> }>(
    `/v1/search?q=${query}&type=album,artist&limit=12`,
  );
  const albums = music.data?.albums.items ?? [];
  const artists = music.data?.artists.items ?? [];
  const lists = playlists.data?.playlists.items ?? [];
  return (
    <>
      <h1 id="genre-title" class="genre-title">
        {category.name}
      </h1>
      <ApiContent state={music} loadingLabel={`Loading ${category.name}`}>
        {() =>
          albums.length + artists.length + lists.length === 0 ? (
            <EmptyState title={`No ${category.name} yet`} />
          ) : (
            <>
              {lists.length > 0 && (
                <Shelf
                  id="genre-playlists"
                  title={`${category.name} playlists`}
                  items={lists.map(playlistCard)}
                />
              )}
              {albums.length > 0 && <Shelf id="genre-albums" title="Albums" items={albums.map(albumCard)} />}
              {artists.length > 0 && (
                <Shelf id="genre-artists" title="Artists" items={artists.map(artistCard)} />
              )}
            </>
          )
        }
      </ApiContent>
    </>
  );
}
