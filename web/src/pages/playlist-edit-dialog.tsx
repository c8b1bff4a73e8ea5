import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { asApiError } from "../api/use-api.ts";
import type { Playlist, PlaylistDetailsChange } from "../components/playlist-api.ts";
import { PlaylistDialog } from "./playlist-dialog.tsx";

/** The API's limits on details (workers/api/playlists.ts). */
const NAME_MAX = 100;
const DESCRIPTION_MAX = 300;

/**
 * "Edit details": name, description, public and collaborative (owner only). A collaborative
 * playlist is never public, so ticking collaborative unticks and disables public. Saves with
 * `PUT /v1/playlists/{id}` (only what changed) and closes; a refusal stays in the dialog.
 */
export function PlaylistEditDialog({
  playlist,
  onSave,
  onClose,
}: {
  playlist: Playlist;
  onSave: (change: PlaylistDetailsChange) => Promise<void>;
  onClose: () => void;
}) {
  const name = useSignal(playlist.name);
  const description = useSignal(playlist.description ?? "");
  const isPublic = useSignal(playlist.public);
  const collaborative = useSignal(playlist.collaborative);
  const saving = useSignal(false);
  const error = useSignal<string | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    nameInput.current?.focus();
    nameInput.current?.select();
  }, []);

  async function save(event: Event) {
    event.preventDefault();
    const trimmed = name.value.trim();
    if (!trimmed) {
      error.value = "Give the playlist a name.";
      nameInput.current?.focus();
      return;
    }
    const wanted: PlaylistDetailsChange = {
      name: trimmed,
      description: description.value.trim(),
      public: collaborative.value ? false : isPublic.value,
      collaborative: collaborative.value,
    };
    const before: PlaylistDetailsChange = {
      name: playlist.name,
      description: playlist.description ?? "",
      public: playlist.public,
      collaborative: playlist.collaborative,
    };
    const change = Object.fromEntries(
      Object.entries(wanted).filter(([key, value]) => before[key as keyof PlaylistDetailsChange] !== value),
    ) as PlaylistDetailsChange;
    if (Object.keys(change).length === 0) {
      onClose();
      return;
    }
    saving.value = true;
    error.value = null;
    try {
      await onSave(change);
      onClose();
    } catch (failure) {
      error.value = asApiError(failure).message;
    } finally {
      saving.value = false;
    }
  }

  return (
    <PlaylistDialog title="Edit details" titleId="playlist-edit-title" onClose={onClose}>
      <form class="stack" onSubmit={save} noValidate>
        <label>
          Name
          <input
            ref={nameInput}
            name="name"
            value={name.value}
            maxLength={NAME_MAX}
            required
            aria-invalid={error.value !== null && !name.value.trim()}
            onInput={(event) => {
              name.value = event.currentTarget.value;
            }}
          />
        </label>
        <label>
          Description
          <textarea
            name="description"
            rows={3}
            value={description.value}
            maxLength={DESCRIPTION_MAX}
            placeholder="Add an optional description"
            onInput={(event) => {
              description.value = event.currentTarget.value;
            }}
          />
          <span class="hint">
            {description.value.length}/{DESCRIPTION_MAX}
          </span>
        </label>
        <label class="playlist-check">
          <input
            type="checkbox"
            checked={collaborative.value ? false : isPublic.value}
            disabled={collaborative.value}
            onChange={(event) => {
              isPublic.value = event.currentTarget.checked;
            }}
          />
          <span>
            Public <span class="hint">— shows on your profile and in search</span>
          </span>
        </label>
        <label class="playlist-check">
          <input
            type="checkbox"
            checked={collaborative.value}
            onChange={(event) => {
              collaborative.value = event.currentTarget.checked;
            }}
          />
          <span>
            Collaborative{" "}
            <span class="hint">— people you invite can add, remove and reorder (never public)</span>
          </span>
        </label>
        <p class="error" role="alert">
          {error.value}
        </p>
        <div class="playlist-dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={saving.value}>
            {saving.value ? "Saving…" : "Save"}
          </button>
        </div>
      </form>
    </PlaylistDialog>
  );
}
