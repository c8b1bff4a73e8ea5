import { Cover } from "../components/cover.tsx";
import { formatLongDuration, plural } from "../components/format.ts";
import type { Playlist, PlaylistItem } from "../components/playlist-api.ts";
import type { PlaylistRole } from "./playlist-state.ts";

/**
 * The playlist's length in words: exact when every item is loaded, else an estimate from the
 * loaded ones ("about 41 hr"), as the API has no total duration and 10,000 items never load at once.
 */
export function describeLength(playlist: Playlist, items: PlaylistItem[]): string {
  const total = playlist.tracks.total;
  if (total === 0 || items.length === 0) return "";
  const loadedMs = items.reduce((sum, item) => sum + (item.track?.duration_ms ?? 0), 0);
  if (items.length >= total) return formatLongDuration(loadedMs);
  return `about ${formatLongDuration((loadedMs / items.length) * total)}`;
}

function kindOf(playlist: Playlist): string {
  if (playlist.collaborative) return "Collaborative playlist";
  return playlist.public ? "Public playlist" : "Private playlist";
}

/**
 * The top of a playlist page: its cover (the mosaic of its first albums), kind, name,
 * description, owner, followers, count and length. The owner edits the details by choosing the
 * name (or Edit details beside Play).
 */
export function PlaylistHeader({
  playlist,
  items,
  role,
  onEdit,
}: {
  playlist: Playlist;
  items: PlaylistItem[];
  role: PlaylistRole;
  onEdit: () => void;
}) {
  const owner = role === "owner";
  const length = describeLength(playlist, items);
  const cover = (
    <span class="playlist-cover">
      <Cover images={playlist.images} size="fill" alt="" />
    </span>
  );
  return (
    <header class="playlist-header">
      {cover}
      <div class="playlist-heading">
        <p class="playlist-kind">
          {kindOf(playlist)}
          {playlist.collaborative && (
            <span class="playlist-badge" title="Collaborators can add, remove and reorder songs">
              Collaborative
            </span>
          )}
        </p>
        <h1 id="playlist-title">
          {owner ? (
            <button type="button" class="playlist-name-button" onClick={onEdit} title="Edit details">
              {playlist.name}
            </button>
          ) : (
            playlist.name
          )}
        </h1>
        {playlist.description && <p class="playlist-description">{playlist.description}</p>}
        <p class="playlist-meta">
          <a href={`/user/${playlist.owner.id}`} class="playlist-owner">
            {playlist.owner.display_name}
          </a>
          {playlist.followers.total > 0 && <span>{plural(playlist.followers.total, "follower")}</span>}
          <span>{plural(playlist.tracks.total, "song")}</span>
          {length && <span>{length}</span>}
        </p>
      </div>
    </header>
  );
}
