import { isLiked, setTrackLiked } from "../api/library.ts";
import { showError } from "./toast.tsx";

/** The heart: likes or unlikes a track (state shared with every other heart and menu in the tab). */
export function LikeButton({
  track,
  class: className = "",
}: {
  track: { id: string; name: string };
  class?: string;
}) {
  const liked = isLiked(track.id) === true;
  return (
    <button
      type="button"
      class={`icon-button like-button ${liked ? "liked" : ""} ${className}`}
      aria-label={liked ? `Remove ${track.name} from Liked Songs` : `Save ${track.name} to Liked Songs`}
      onClick={() => setTrackLiked(track.id, !liked).catch((error) => showError(error))}
    >
      <span aria-hidden="true">{liked ? "♥" : "♡"}</span>
    </button>
  );
}
