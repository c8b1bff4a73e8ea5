import { useEffect } from "preact/hooks";
import { api } from "../api/client.ts";
import { loadCurrentUser } from "../api/me.ts";
import type { Album, Paging, SimplifiedAlbum, SimplifiedTrack } from "../api/types.ts";
import { useApi, useLoader } from "../api/use-api.ts";
import { albumCard, Shelf } from "../components/card-grid.tsx";
import { ContextPlayButton } from "../components/context-play-button.tsx";
import { formatDate, formatLongDuration, plural } from "../components/format.ts";
import { SaveAlbumButton } from "../components/library-toggle.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { ApiContent } from "../components/page-states.tsx";
import { TrackList } from "../components/track-list.tsx";
import { copyShareLink } from "../components/track-menu.tsx";
import { queryParam } from "../router.tsx";
import "./pages.css";

/** An album with every track (the API sends the first 50; the rest are paged in). */
async function fetchWholeAlbum(id: string): Promise<Album> {
  const album = await api<Album>(`/v1/albums/${encodeURIComponent(id)}`);
  const tracks = [...album.tracks.items];
  while (tracks.length < album.tracks.total) {
    const page = await api<Paging<SimplifiedTrack>>(
      `/v1/albums/${encodeURIComponent(id)}/tracks?limit=50&offset=${tracks.length}`,
    );
    if (page.items.length === 0) break;
    tracks.push(...page.items);
  }
  return { ...album, tracks: { ...album.tracks, items: tracks } };
}

/** `/album/{id}`: the album's header, play and save, its tracks, and more by the artist. */
export function AlbumPage({ id }: { id: string }) {
  const state = useLoader(`album:${id}`, () => fetchWholeAlbum(id));
  useEffect(() => {
    loadCurrentUser().catch(() => undefined);
  }, []);
  return (
    <section class="page" aria-labelledby="album-title">
      <ApiContent state={state} what="this album" loadingLabel="Loading album" titleId="album-title">
        {(album) => <AlbumView album={album} />}
      </ApiContent>
    </section>
  );
}

function AlbumView({ album }: { album: Album }) {
  const tracks = album.tracks.items;
  const totalMs = tracks.reduce((sum, track) => sum + track.duration_ms, 0);
  const artist = album.artists[0];
  const playable = tracks.some((track) => track.is_playable);
  const highlight = queryParam("highlight") ?? undefined;
  const withAlbum = tracks.map((track) => ({ ...track, album }));
  return (
    <>
      <PageHeader
        kind={
          album.album_type === "single"
            ? "Single"
            : album.album_type === "compilation"
              ? "Compilation"
              : "Album"
        }
        title={album.name}
        titleId="album-title"
        images={album.images}
        details={
          <>
            {album.artists.map((a, n) => (
              <span key={a.id}>
                {n > 0 && ", "}
                <a href={`/artist/${a.id}`}>{a.name}</a>
              </span>
            ))}
            {` • ${album.release_date.slice(0, 4)} • ${plural(tracks.length, "song")}, ${formatLongDuration(totalMs)}`}
          </>
        }
        actions={
          <>
            <ContextPlayButton contextUri={album.uri} name={album.name} disabled={!playable} items={tracks} />
            <SaveAlbumButton id={album.id} name={album.name} />
            <button type="button" class="outline" onClick={() => copyShareLink("album", album.id)}>
              Share
            </button>
          </>
        }
      />
      {!playable && tracks.length > 0 && (
        <p class="notice" role="note">
          This album isn't available to play in your country.
        </p>
      )}
      <TrackList
        tracks={withAlbum}
        label={`Tracks of ${album.name}`}
        contextUri={album.uri}
        numbering="track"
        showAlbum={false}
        highlightId={highlight}
      />
      <p class="album-footer">
        {formatDate(album.release_date)}
        <br />© {album.label}
      </p>
      {artist && <MoreByArtist artistId={artist.id} artistName={artist.name} exceptId={album.id} />}
    </>
  );
}

function MoreByArtist({
  artistId,
  artistName,
  exceptId,
}: {
  artistId: string;
  artistName: string;
  exceptId: string;
}) {
  const state = useApi<Paging<SimplifiedAlbum>>(
    `/v1/artists/${artistId}/albums?include_groups=album,single&limit=12`,
  );
  const others = (state.data?.items ?? []).filter((album) => album.id !== exceptId);
  if (others.length === 0) return null;
  return (
    <Shelf
      id="more-by-artist"
      title={`More by ${artistName}`}
      items={others.slice(0, 6).map(albumCard)}
      moreHref={`/artist/${artistId}`}
    />
  );
}
