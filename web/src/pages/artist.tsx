import { useState } from "preact/hooks";
import type { Artist, Paging, SimplifiedAlbum, Track } from "../api/types.ts";
import { useApi } from "../api/use-api.ts";
import { albumCard, CardGrid } from "../components/card-grid.tsx";
import { ContextPlayButton } from "../components/context-play-button.tsx";
import { plural } from "../components/format.ts";
import { FollowButton } from "../components/library-toggle.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { ApiContent, EmptyState } from "../components/page-states.tsx";
import { TrackList } from "../components/track-list.tsx";
import { copyShareLink } from "../components/track-menu.tsx";
import "./pages.css";

type AlbumGroup = "album" | "single" | "compilation" | "appears_on";
type ArtistAlbum = SimplifiedAlbum & { album_group?: AlbumGroup };

const GROUPS: { id: AlbumGroup; label: string }[] = [
  { id: "album", label: "Albums" },
  { id: "single", label: "Singles and EPs" },
  { id: "compilation", label: "Compilations" },
  { id: "appears_on", label: "Appears on" },
];

/** `/artist/{id}`: header with follow, popular tracks, and the discography by kind. */
export function ArtistPage({ id }: { id: string }) {
  const state = useApi<Artist>(`/v1/artists/${encodeURIComponent(id)}`);
  return (
    <section class="page" aria-labelledby="artist-title">
      <ApiContent state={state} what="this artist" loadingLabel="Loading artist" titleId="artist-title">
        {(artist) => <ArtistView artist={artist} />}
      </ApiContent>
    </section>
  );
}

function ArtistView({ artist }: { artist: Artist }) {
  const top = useApi<{ tracks: Track[] }>(`/v1/artists/${artist.id}/top-tracks`);
  const [showAllTop, setShowAllTop] = useState(false);
  const topTracks = top.data?.tracks ?? [];
  return (
    <>
      <PageHeader
        kind="Artist"
        title={artist.name}
        titleId="artist-title"
        images={artist.images}
        round
        details={[plural(artist.followers.total, "follower"), artist.genres.join(", ")]
          .filter(Boolean)
          .join(" • ")}
        actions={
          <>
            <ContextPlayButton contextUri={artist.uri} name={artist.name} disabled={topTracks.length === 0} />
            <FollowButton type="artist" id={artist.id} name={artist.name} />
            <button type="button" class="outline" onClick={() => copyShareLink("artist", artist.id)}>
              Share
            </button>
          </>
        }
      />
      <section class="page-section" aria-labelledby="popular-title">
        <h2 id="popular-title">Popular</h2>
        {top.data && topTracks.length === 0 && (
          <p class="hint">No plays yet: these fill in as people listen.</p>
        )}
        {topTracks.length > 0 && (
          <>
            <TrackList
              tracks={showAllTop ? topTracks : topTracks.slice(0, 5)}
              label={`Popular tracks by ${artist.name}`}
              contextUri={artist.uri}
              showArtwork
              showAlbum={false}
            />
            {topTracks.length > 5 && (
              <button type="button" class="link see-more" onClick={() => setShowAllTop(!showAllTop)}>
                {showAllTop ? "Show less" : "See more"}
              </button>
            )}
          </>
        )}
      </section>
      <Discography artist={artist} />
    </>
  );
}

/** The artist's releases, filterable by kind (Spotify's `include_groups`). */
function Discography({ artist }: { artist: Artist }) {
  const [group, setGroup] = useState<AlbumGroup | "all">("all");
  const groups = group === "all" ? "album,single,compilation,appears_on" : group;
  const state = useApi<Paging<ArtistAlbum>>(
    `/v1/artists/${artist.id}/albums?include_groups=${groups}&limit=50`,
  );
  return (
    <section class="page-section" aria-labelledby="discography-title">
      <h2 id="discography-title">Discography</h2>
      <fieldset class="chips">
        <legend class="visually-hidden">Show releases</legend>
        {[{ id: "all" as const, label: "All" }, ...GROUPS].map((chip) => (
          <button
            key={chip.id}
            type="button"
            class="chip"
            aria-pressed={group === chip.id}
            onClick={() => setGroup(chip.id)}
          >
            {chip.label}
          </button>
        ))}
      </fieldset>
      <ApiContent state={state} what="these releases">
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState title="Nothing here yet" />
          ) : (
            <CardGrid items={page.items.map(albumCard)} label={`Releases by ${artist.name}`} />
          )
        }
      </ApiContent>
    </section>
  );
}
