import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { asApiError } from "../api/use-api.ts";
import {
  createPlaylistLink,
  fetchCollaborators,
  type Playlist,
  type PlaylistDetailsChange,
  type PlaylistLink,
  removeCollaborator,
  revokePlaylistLink,
  type UserReference,
} from "../components/playlist-api.ts";
import { showError, showToast } from "../components/toast.tsx";
import { PlaylistDialog } from "./playlist-dialog.tsx";
import type { PlaylistRole } from "./playlist-state.ts";

/** Copies `text`, falling back to selecting it in `input` where the clipboard is refused. */
async function copy(text: string, input: HTMLInputElement | null, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    showToast(`${what} copied`);
  } catch {
    input?.select();
    showToast("Press Ctrl+C to copy the selected link");
  }
}

/** A link shown read-only with Copy and, for the owner, Revoke. */
function LinkRow({ label, link, onRevoke }: { label: string; link: string; onRevoke?: () => void }) {
  const id = `link-${label.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <div class="playlist-link-row">
      <label for={id} class="visually-hidden">
        {label}
      </label>
      <input id={id} readOnly value={link} onFocus={(event) => event.currentTarget.select()} />
      <button
        type="button"
        class="primary"
        onClick={() => copy(link, document.getElementById(id) as HTMLInputElement | null, label)}
      >
        Copy
      </button>
      {onRevoke && (
        <button type="button" onClick={onRevoke}>
          Revoke
        </button>
      )}
    </div>
  );
}

/** Getting, copying and revoking one of the owner's links (`share` unlisted, or `invite`). */
function OwnerLink({
  playlistId,
  kind,
  label,
}: {
  playlistId: string;
  kind: "share" | "invite";
  label: string;
}) {
  const link = useSignal<PlaylistLink | null>(null);
  const busy = useSignal(false);
  async function run(action: () => Promise<void>) {
    busy.value = true;
    try {
      await action();
    } catch (failure) {
      showError(asApiError(failure));
    } finally {
      busy.value = false;
    }
  }
  if (!link.value) {
    return (
      <button
        type="button"
        disabled={busy.value}
        onClick={() =>
          run(async () => {
            link.value = await createPlaylistLink(playlistId, kind);
          })
        }
      >
        {kind === "invite" ? "Create invite link" : "Create link"}
      </button>
    );
  }
  return (
    <LinkRow
      label={label}
      link={link.value.url}
      onRevoke={() =>
        run(async () => {
          await revokePlaylistLink(playlistId, kind);
          link.value = null;
          showToast(
            kind === "invite" ? "Invite link revoked" : "Link revoked: it no longer opens the playlist",
          );
        })
      }
    />
  );
}

/** The owner's collaborators, each removable. */
function Collaborators({ playlistId }: { playlistId: string }) {
  const users = useSignal<UserReference[] | null>(null);
  useEffect(() => {
    fetchCollaborators(playlistId).then(
      (list) => {
        users.value = list;
      },
      () => {
        users.value = [];
      },
    );
  }, [playlistId]);
  if (users.value === null) return null;
  if (users.value.length === 0) return <p class="hint">No collaborators yet.</p>;
  return (
    <ul class="playlist-collaborators">
      {users.value.map((user) => (
        <li key={user.id}>
          <a href={`/user/${user.id}`}>{user.display_name ?? user.id}</a>
          <button
            type="button"
            onClick={async () => {
              try {
                await removeCollaborator(playlistId, user.id);
                users.value = (users.value ?? []).filter((other) => other.id !== user.id);
              } catch (failure) {
                showError(failure);
              }
            }}
          >
            Remove<span class="visually-hidden"> {user.display_name ?? user.id}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * "Share": the playlist's link (public: anyone; private: the owner's unlisted link, revocable)
 * and, for the owner, collaboration (make collaborative, invite link, collaborators).
 */
export function PlaylistShareDialog({
  playlist,
  role,
  shareToken,
  onChangeDetails,
  onClose,
}: {
  playlist: Playlist;
  role: PlaylistRole;
  shareToken: string | null;
  onChangeDetails: (change: PlaylistDetailsChange) => Promise<void>;
  onClose: () => void;
}) {
  const origin = window.location.origin;
  const publicLink = `${origin}/share/playlist/${playlist.id}`;
  return (
    <PlaylistDialog title={`Share ${playlist.name}`} titleId="playlist-share-title" onClose={onClose}>
      <section class="stack" aria-labelledby="share-link-title">
        <h3 id="share-link-title">Link to this playlist</h3>
        {playlist.public ? (
          <LinkRow label="Playlist link" link={publicLink} />
        ) : role === "owner" ? (
          <>
            <p class="hint">Private: only people with the link can listen. Revoke it any time.</p>
            <OwnerLink playlistId={playlist.id} kind="share" label="Playlist link" />
          </>
        ) : shareToken ? (
          <LinkRow label="Playlist link" link={`${publicLink}?token=${encodeURIComponent(shareToken)}`} />
        ) : (
          <p class="hint">Only the owner can share a private playlist.</p>
        )}
      </section>
      {role === "owner" && (
        <section class="stack" aria-labelledby="share-invite-title">
          <h3 id="share-invite-title">Collaborators</h3>
          {playlist.collaborative ? (
            <>
              <p class="hint">Whoever opens the invite link can add, remove and reorder songs.</p>
              <OwnerLink playlistId={playlist.id} kind="invite" label="Invite link" />
              <Collaborators playlistId={playlist.id} />
            </>
          ) : (
            <>
              <p class="hint">
                Make the playlist collaborative to invite others to edit it. It becomes private.
              </p>
              <button
                type="button"
                onClick={() =>
                  onChangeDetails({ collaborative: true }).catch((failure) => showError(failure))
                }
              >
                Make collaborative
              </button>
            </>
          )}
        </section>
      )}
    </PlaylistDialog>
  );
}
