import { useEffect } from "preact/hooks";
import { currentUser, loadCurrentUser } from "../api/me.ts";
import type { Artist, Paging, PublicUser, SimplifiedPlaylist, Track } from "../api/types.ts";
import { useApi } from "../api/use-api.ts";
import { artistCard, CardGrid, playlistCard, Shelf } from "../components/card-grid.tsx";
import { plural } from "../components/format.ts";
import { FollowButton } from "../components/library-toggle.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { ApiContent, EmptyState, LoadingState } from "../components/page-states.tsx";
import { showError } from "../components/toast.tsx";
import { TrackList } from "../components/track-list.tsx";
import { navigate } from "../router.tsx";
import "./pages.css";

/** `/me`: the signed-in listener's own profile. */
export function MyProfileRedirect() {
  useEffect(() => {
    loadCurrentUser().then(
      (me) => navigate(`/user/${me.id}`, { replace: true }),
      (error) => showError(error),
    );
  }, []);
  return <LoadingState label="Opening your profile" />;
}

/** `/user/{id}`: a listener's name, followers, public playlists; follow them, or your own top picks. */
export function ProfilePage({ id }: { id: string }) {
  const state = useApi<PublicUser>(`/v1/users/${encodeURIComponent(id)}`);
  useEffect(() => {
    loadCurrentUser().catch(() => undefined);
  }, []);
  return (
    <section class="page" aria-labelledby="profile-title">
      <ApiContent state={state} what="this profile" loadingLabel="Loading profile" titleId="profile-title">
        {(user) => <ProfileView user={user} own={currentUser.value?.id === user.id} />}
      </ApiContent>
    </section>
  );
}

function ProfileView({ user, own }: { user: PublicUser; own: boolean }) {
  const playlists = useApi<Paging<SimplifiedPlaylist>>(`/v1/users/${user.id}/playlists?limit=50`);
  const publicPlaylists = (playlists.data?.items ?? []).filter((p) => p.owner.id === user.id);
  return (
    <>
      <PageHeader
        kind="Profile"
        title={user.display_name}
        titleId="profile-title"
        images={[{ url: `data:image/svg+xml,${encodeURIComponent(initialsSvg(user.display_name))}` }]}
        round
        details={[
          playlists.data && plural(publicPlaylists.length, "public playlist"),
          plural(user.followers?.total ?? 0, "follower"),
        ]
          .filter(Boolean)
          .join(" • ")}
        actions={
          own ? (
            <a class="outline-link" href="/settings">
              Edit settings
            </a>
          ) : (
            <FollowButton type="user" id={user.id} name={user.display_name} />
          )
        }
      />
      {own && <OwnTopPicks />}
      <section class="page-section" aria-labelledby="profile-playlists">
        <h2 id="profile-playlists">Public playlists</h2>
        <ApiContent state={playlists} loadingLabel="Loading playlists">
          {() =>
            publicPlaylists.length === 0 ? (
              <EmptyState title="No public playlists">
                {own
                  ? "Make a playlist public to show it here."
                  : `${user.display_name} hasn't shared any playlists yet.`}
              </EmptyState>
            ) : (
              <CardGrid
                items={publicPlaylists.map(playlistCard)}
                label={`Playlists by ${user.display_name}`}
              />
            )
          }
        </ApiContent>
      </section>
    </>
  );
}

/** Your own top artists and tracks this month (from your counted plays). */
function OwnTopPicks() {
  const artists = useApi<Paging<Artist>>("/v1/me/top/artists?time_range=short_term&limit=6");
  const tracks = useApi<Paging<Track>>("/v1/me/top/tracks?time_range=short_term&limit=4");
  return (
    <>
      {(artists.data?.items.length ?? 0) > 0 && (
        <Shelf
          id="top-artists"
          title="Top artists this month"
          items={(artists.data?.items ?? []).map(artistCard)}
        />
      )}
      {(tracks.data?.items.length ?? 0) > 0 && (
        <section class="page-section" aria-labelledby="top-tracks">
          <h2 id="top-tracks">Top tracks this month</h2>
          <TrackList tracks={tracks.data?.items ?? []} label="Your top tracks this month" showArtwork />
        </section>
      )}
    </>
  );
}

/** A round avatar with the name's initials (users have no pictures). */
function initialsSvg(name: string): string {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => [...word][0]?.toUpperCase() ?? "")
    .join("");
  const escaped = initials.replace(/[<>&"']/g, "");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#535353"/><text x="32" y="41" font-family="sans-serif" font-size="24" font-weight="700" fill="#fff" text-anchor="middle">${escaped}</text></svg>`;
}
