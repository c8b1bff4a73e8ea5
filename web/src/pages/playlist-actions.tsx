import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { currentUser } from "../api/me.ts";
import {
  deletePlaylist,
  followPlaylist,
  isFollowingPlaylist,
  type Playlist,
  removeCollaborator,
  unfollowPlaylist,
} from "../components/playlist-api.ts";
import { confirmChoice } from "../components/playlist-confirm.tsx";
import { refreshMyPlaylists } from "../components/playlist-library.ts";
import { showError, showToast } from "../components/toast.tsx";
import { pause, playContextFromStart, resume } from "../player/controller.ts";
import { playerView } from "../player/state.ts";
import { navigate } from "../router.tsx";
import type { PlaylistRole } from "./playlist-state.ts";

/** Play / pause for the playlist as a context: pauses it when it is what plays now. */
function PlayButton({ playlist }: { playlist: Playlist }) {
  const view = playerView.value;
  const isContext = view?.context_uri === playlist.uri;
  const playing = isContext && view?.is_playing === true;
  const empty = playlist.tracks.total === 0;
  const toggle = () => {
    const command = playing
      ? pause()
      : isContext
        ? resume()
        : playContextFromStart(
            playlist.uri,
            playlist.tracks.items.map((item) => item.track),
          );
    command.catch((error) => showError(error, "Couldn't start playback."));
  };
  return (
    <button
      type="button"
      class="primary playlist-play"
      aria-label={playing ? `Pause ${playlist.name}` : `Play ${playlist.name}`}
      disabled={empty}
      onClick={toggle}
    >
      <span aria-hidden="true">{playing ? "❚❚" : "▶"}</span>
    </button>
  );
}

/** Follow / Following for someone else's playlist (what puts it in the library and sidebar). */
function FollowButton({ playlist }: { playlist: Playlist }) {
  const following = useSignal<boolean | null>(null);
  useEffect(() => {
    isFollowingPlaylist(playlist.id).then(
      (answer) => {
        following.value = answer;
      },
      () => undefined,
    );
  }, [playlist.id]);
  if (following.value === null) return null;
  const toggle = async () => {
    const next = !following.value;
    try {
      await (next ? followPlaylist(playlist.id) : unfollowPlaylist(playlist.id));
      following.value = next;
      showToast(next ? "Added to Your Library" : "Removed from Your Library");
      void refreshMyPlaylists();
    } catch (error) {
      showError(error);
    }
  };
  return (
    <button type="button" aria-pressed={following.value} onClick={toggle}>
      {following.value ? "Following" : "Follow"}
    </button>
  );
}

async function deleteIt(playlist: Playlist): Promise<void> {
  const yes = await confirmChoice({
    title: "Delete from Your Library?",
    text: `This deletes “${playlist.name}” for everyone, collaborators and followers included.`,
    confirm: "Delete",
    cancel: "Cancel",
    danger: true,
  });
  if (!yes) return;
  await deletePlaylist(playlist.id);
  await refreshMyPlaylists();
  showToast(`Deleted “${playlist.name}”`);
  navigate("/library", { replace: true });
}

async function leave(playlist: Playlist): Promise<void> {
  const me = currentUser.value?.id;
  if (!me) return;
  const yes = await confirmChoice({
    title: "Leave this playlist?",
    text: `You will no longer be able to edit “${playlist.name}”, and it leaves Your Library.`,
    confirm: "Leave",
    cancel: "Cancel",
    danger: true,
  });
  if (!yes) return;
  await removeCollaborator(playlist.id, me);
  await unfollowPlaylist(playlist.id).catch(() => undefined);
  await refreshMyPlaylists();
  showToast(`You left “${playlist.name}”`);
  navigate("/library", { replace: true });
}

/**
 * The row under the header: Play, Follow (others' playlists), Share, and for the owner Edit
 * details and Delete, for a collaborator Leave; Activity for both.
 */
export function PlaylistActions({
  playlist,
  role,
  activityOpen,
  onEdit,
  onShare,
  onToggleActivity,
}: {
  playlist: Playlist;
  role: PlaylistRole;
  activityOpen: boolean;
  onEdit: () => void;
  onShare: () => void;
  onToggleActivity: () => void;
}) {
  const run = (action: () => Promise<void>) => () => action().catch((error) => showError(error));
  return (
    <div class="playlist-actions">
      <PlayButton playlist={playlist} />
      {role !== "owner" && (playlist.public || role === "collaborator") && (
        <FollowButton playlist={playlist} />
      )}
      <button type="button" onClick={onShare}>
        Share
      </button>
      {role === "owner" && (
        <button type="button" onClick={onEdit}>
          Edit details
        </button>
      )}
      {role !== "viewer" && (
        <button
          type="button"
          aria-expanded={activityOpen}
          aria-controls="playlist-activity"
          onClick={onToggleActivity}
        >
          Activity
        </button>
      )}
      {role === "owner" && (
        <button type="button" class="playlist-danger" onClick={run(() => deleteIt(playlist))}>
          Delete
        </button>
      )}
      {role === "collaborator" && (
        <button type="button" class="playlist-danger" onClick={run(() => leave(playlist))}>
          Leave
        </button>
      )}
    </div>
  );
}
