import type { ListTrack } from "../components/track-list.tsx";

/**
 * A queued row's own buttons: move up, move down (the keyboard's way to reorder, beside drag and
 * drop) and remove. `index` is the row's place in the list shown.
 */
export function QueueItemActions({
  name,
  index,
  count,
  onMove,
  onRemove,
}: {
  name: string;
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onRemove: (index: number) => void;
}) {
  return (
    <span class="queue-item-actions">
      <button
        type="button"
        class="icon-button"
        aria-label={`Move ${name} up`}
        title="Move up"
        disabled={index === 0}
        onClick={() => onMove(index, index - 1)}
      >
        <span aria-hidden="true">↑</span>
      </button>
      <button
        type="button"
        class="icon-button"
        aria-label={`Move ${name} down`}
        title="Move down"
        disabled={index === count - 1}
        onClick={() => onMove(index, index + 1)}
      >
        <span aria-hidden="true">↓</span>
      </button>
      <button
        type="button"
        class="icon-button"
        aria-label={`Remove ${name} from queue`}
        title="Remove from queue"
        onClick={() => onRemove(index)}
      >
        <span aria-hidden="true">✕</span>
      </button>
    </span>
  );
}

/**
 * Keys for queued rows that survive a reorder (so focus stays on a moved row's button): the
 * track id and which occurrence of it this is, since the same track may be queued twice.
 */
export function stableQueueKeys(tracks: ListTrack[]): string[] {
  const seen = new Map<string, number>();
  return tracks.map((track) => {
    const n = (seen.get(track.id) ?? 0) + 1;
    seen.set(track.id, n);
    return `${track.id}#${n}`;
  });
}
