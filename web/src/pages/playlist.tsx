import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { ApiRequestError } from "../api/client.ts";
import { asApiError } from "../api/use-api.ts";
import { EmptyState, ErrorState, LoadingState } from "../components/page-states.tsx";
import { fetchPlaylist, joinPlaylist } from "../components/playlist-api.ts";
import { lastEditedPlaylist, refreshMyPlaylists } from "../components/playlist-library.ts";
import { showToast } from "../components/toast.tsx";
import { onPlaylistChanged } from "../player/device.ts";
import { navigate, queryParam } from "../router.tsx";
import { PlaylistActions } from "./playlist-actions.tsx";
import { PlaylistActivity } from "./playlist-activity.tsx";
import { PlaylistEditDialog } from "./playlist-edit-dialog.tsx";
import { PlaylistFinder } from "./playlist-finder.tsx";
import { PlaylistHeader } from "./playlist-header.tsx";
import { PlaylistItems } from "./playlist-items.tsx";
import { PlaylistShareDialog } from "./playlist-share-dialog.tsx";
import { type PlaylistState, usePlaylist } from "./playlist-state.ts";
import "./playlist.css";

/**
 * Keeps the page current: a `playlist_changed` push from the session (a collaborator's edit, or
 * this user's in another tab), an "Add to playlist" from a menu in this tab, or coming back to the
 * tab after the snapshot moved on (pushes missed while offline) reads the playlist again.
 */
function useLiveUpdates(id: string, state: PlaylistState, shareToken: string | null) {
  const snapshot = state.data?.playlist.snapshot_id;
  const latest = useRef(snapshot);
  latest.current = snapshot;
  useEffect(() => {
    const stop = onPlaylistChanged((event) => {
      if (event.playlist_id !== id) return;
      // An edit of ours on its way will report its own snapshot; reading now would race it.
      if (state.editing() && event.snapshot_id !== latest.current) return;
      if (
        event.snapshot_id === latest.current &&
        !event.action.startsWith("collaborator") &&
        event.action !== "details"
      )
        return;
      void state.reload();
    });
    const onVisible = async () => {
      if (document.visibilityState !== "visible" || state.editing()) return;
      const now = await fetchPlaylist(id, shareToken).catch(() => null);
      if (now && now.snapshot_id !== latest.current) void state.reload();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stop();
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [id, shareToken, state.reload, state.editing]);

  const edited = lastEditedPlaylist.value;
  useEffect(() => {
    if (edited?.id === id) void state.reload();
  }, [edited?.at]);
}

function PlaylistView({ id, shareToken }: { id: string; shareToken: string | null }) {
  const state = usePlaylist(id, shareToken);
  const dialog = useSignal<"edit" | "share" | null>(queryParam("edit") === "details" ? "edit" : null);
  const activityOpen = useSignal(false);
  const finderOpen = useSignal(false);
  useLiveUpdates(id, state, shareToken);

  useEffect(() => {
    // The edit dialog opened once; a reload of the page should not open it again.
    if (queryParam("edit")) navigate(`/playlist/${id}`, { replace: true });
  }, [id]);

  const { data, error } = state;
  if (!data) {
    return (
      <section class="page playlist-page" aria-label="Playlist">
        {error ? (
          <ErrorState error={error} onRetry={() => state.reload()} what="this playlist" />
        ) : (
          <LoadingState label="Loading playlist" />
        )}
      </section>
    );
  }
  const { playlist, items, role } = data;
  const canEdit = role === "owner" || (role === "collaborator" && playlist.collaborative);
  const empty = playlist.tracks.total === 0;

  return (
    <section class="page playlist-page" aria-labelledby="playlist-title">
      <PlaylistHeader playlist={playlist} items={items} role={role} onEdit={() => (dialog.value = "edit")} />
      <PlaylistActions
        playlist={playlist}
        role={role}
        activityOpen={activityOpen.value}
        onEdit={() => (dialog.value = "edit")}
        onShare={() => (dialog.value = "share")}
        onToggleActivity={() => (activityOpen.value = !activityOpen.value)}
      />
      {activityOpen.value && role !== "viewer" && (
        <div id="playlist-activity">
          <PlaylistActivity playlistId={id} version={playlist.snapshot_id + playlist.name} />
        </div>
      )}
      {!empty && <PlaylistItems data={data} state={state} canEdit={canEdit} />}
      {empty && !canEdit && (
        <EmptyState title="This playlist is empty">Nothing has been added yet.</EmptyState>
      )}
      {canEdit &&
        (empty || finderOpen.value ? (
          <PlaylistFinder
            playlist={playlist}
            onAdded={() => state.reload()}
            onClose={empty ? undefined : () => (finderOpen.value = false)}
          />
        ) : (
          <button type="button" class="playlist-find-more" onClick={() => (finderOpen.value = true)}>
            Find more
          </button>
        ))}
      {dialog.value === "edit" && role === "owner" && (
        <PlaylistEditDialog
          playlist={playlist}
          onSave={state.changeDetails}
          onClose={() => (dialog.value = null)}
        />
      )}
      {dialog.value === "share" && (
        <PlaylistShareDialog
          playlist={playlist}
          role={role}
          shareToken={shareToken}
          onChangeDetails={state.changeDetails}
          onClose={() => (dialog.value = null)}
        />
      )}
    </section>
  );
}

/** `/playlist/{id}?invite=…`: accepts a collaboration invite, then shows the playlist. */
function JoinInvite({ token }: { token: string }) {
  const failure = useSignal<ApiRequestError | null>(null);
  const attempt = useSignal(0);
  useEffect(() => {
    failure.value = null;
    joinPlaylist(token).then(
      async (playlistId) => {
        await refreshMyPlaylists();
        showToast("You joined as a collaborator: you can now add, remove and reorder songs");
        navigate(`/playlist/${playlistId}`, { replace: true });
      },
      (error) => {
        failure.value = asApiError(error);
      },
    );
  }, [token, attempt.value]);
  return (
    <section class="page playlist-page" aria-label="Joining a playlist">
      {!failure.value ? (
        <LoadingState label="Joining the playlist" />
      ) : failure.value.status === 404 ? (
        <EmptyState title="This invite link doesn't work any more" action={<a href="/">Go home</a>}>
          The owner may have revoked it, or stopped collaborating on the playlist.
        </EmptyState>
      ) : (
        <ErrorState error={failure.value} onRetry={() => attempt.value++} />
      )}
    </section>
  );
}

/** `/playlist/{id}`: a playlist page (`?share_token=` for a private one's unlisted link). */
export function PlaylistPage({ id }: { id: string }) {
  const invite = queryParam("invite");
  const shareToken = queryParam("share_token");
  if (invite) return <JoinInvite token={invite} />;
  return <PlaylistView key={`${id}:${shareToken ?? ""}`} id={id} shareToken={shareToken} />;
}
