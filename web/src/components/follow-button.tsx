import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client.ts";
import { showError, showToast } from "./toast.tsx";

/**
 * Follow / Following for an artist or a user (`/v1/me/following`): disabled until the current
 * state is known; the change shows at once and is undone, with an error toast, if it fails.
 */
export function FollowButton({ type, id, name }: { type: "artist" | "user"; id: string; name: string }) {
  const [following, setFollowing] = useState<boolean | null>(null);
  useEffect(() => {
    api<boolean[]>(`/v1/me/following/contains?type=${type}&ids=${id}`).then(
      (answer) => setFollowing(answer[0] === true),
      () => setFollowing(null),
    );
  }, [type, id]);
  const toggle = async () => {
    const next = !following;
    setFollowing(next);
    try {
      await api(`/v1/me/following?type=${type}&ids=${id}`, { method: next ? "PUT" : "DELETE" });
      showToast(next ? `Following ${name}` : `Stopped following ${name}`);
    } catch (error) {
      setFollowing(!next);
      showError(error);
    }
  };
  return (
    <button
      type="button"
      class="outline"
      aria-pressed={following === true}
      disabled={following === null}
      onClick={toggle}
    >
      {following ? "Following" : "Follow"}
      <span class="visually-hidden"> {name}</span>
    </button>
  );
}
