import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client.ts";
import { showError, showToast } from "./toast.tsx";

/**
 * A pressed/unpressed button for something the listener keeps (`/v1/me/albums`, `/v1/me/shows`)
 * or follows (`/v1/me/following?type=…`): disabled until `containsPath` answers; a press shows at
 * once (`PUT`/`DELETE changePath`) and is undone, with an error toast, if the call fails.
 */
export function LibraryToggle(props: {
  containsPath: string;
  changePath: string;
  labels: { on: string; off: string };
  toasts: { on: string; off: string };
  /** Read after the label by screen readers ("Follow Kojo Mensah"). */
  hiddenName: string;
}) {
  const { containsPath, changePath, labels, toasts, hiddenName } = props;
  const [on, setOn] = useState<boolean | null>(null);
  useEffect(() => {
    api<boolean[]>(containsPath).then(
      (answer) => setOn(answer[0] === true),
      () => setOn(null),
    );
  }, [containsPath]);
  const toggle = async () => {
    const next = !on;
    setOn(next);
    try {
      await api(changePath, { method: next ? "PUT" : "DELETE" });
      showToast(next ? toasts.on : toasts.off);
    } catch (error) {
      setOn(!next);
      showError(error);
    }
  };
  return (
    <button type="button" class="outline" aria-pressed={on === true} disabled={on === null} onClick={toggle}>
      {on ? labels.on : labels.off}
      <span class="visually-hidden"> {hiddenName}</span>
    </button>
  );
}

const SAVED_TOASTS = { on: "Saved to Your Library", off: "Removed from Your Library" };

/** Follow / Following for an artist or a user. */
export function FollowButton({ type, id, name }: { type: "artist" | "user"; id: string; name: string }) {
  return (
    <LibraryToggle
      containsPath={`/v1/me/following/contains?type=${type}&ids=${id}`}
      changePath={`/v1/me/following?type=${type}&ids=${id}`}
      labels={{ on: "Following", off: "Follow" }}
      toasts={{ on: `Following ${name}`, off: `Stopped following ${name}` }}
      hiddenName={name}
    />
  );
}

/** Save / Saved for an album in the listener's library. */
export function SaveAlbumButton({ id, name }: { id: string; name: string }) {
  return (
    <LibraryToggle
      containsPath={`/v1/me/albums/contains?ids=${id}`}
      changePath={`/v1/me/albums?ids=${id}`}
      labels={{ on: "Saved", off: "Save" }}
      toasts={SAVED_TOASTS}
      hiddenName={`${name} to Your Library`}
    />
  );
}

/** Follow / Following for a podcast (saved shows). */
export function SaveShowButton({ id, name }: { id: string; name: string }) {
  return (
    <LibraryToggle
      containsPath={`/v1/me/shows/contains?ids=${id}`}
      changePath={`/v1/me/shows?ids=${id}`}
      labels={{ on: "Following", off: "Follow" }}
      toasts={SAVED_TOASTS}
      hiddenName={name}
    />
  );
}
