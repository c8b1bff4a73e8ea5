import { useEffect, useRef, useState } from "preact/hooks";
import { ApiRequestError } from "../api/client.ts";
import { useApi } from "../api/use-api.ts";
import { ErrorState, LoadingState } from "../components/page-states.tsx";
import { showError, showToast } from "../components/toast.tsx";
import { type ListTrack, TrackList } from "../components/track-list.tsx";
import { next } from "../player/controller.ts";
import {
  contextHref,
  fetchContextName,
  moveInQueue,
  type QueueBody,
  removeFromQueue,
} from "../player/queue-api.ts";
import { QueueItemActions, stableQueueKeys } from "../player/queue-item-actions.tsx";
import { playerView } from "../player/state.ts";
import "../player/queue.css";

/**
 * The queue (`/queue`): what plays now, what the listener queued (drag to reorder, or the move
 * buttons; remove), then what comes next from the album or playlist. It follows the session
 * live: every state the session pushes reads the queue again.
 */
export function QueuePage() {
  const state = useApi<QueueBody>("/api/player/queue");
  const [announcement, setAnnouncement] = useState("");
  const view = playerView.value;
  const seen = useRef(view);
  useEffect(() => {
    if (seen.current === view) return;
    seen.current = view;
    state.refetch();
  }, [view, state.refetch]);

  /** Applies an edit: shown at once (`optimistic`), then as the server answers; a stale queue reloads. */
  async function edit(
    change: () => Promise<QueueBody>,
    optimistic: (q: QueueBody) => QueueBody,
    said: string,
  ) {
    if (state.data) state.setData(optimistic(state.data));
    try {
      state.setData(await change());
      setAnnouncement(said);
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 409)
        showToast("Your queue changed on another device. Here it is now.");
      else showError(error, "Couldn't change the queue.");
      state.refetch();
    }
  }

  const move = (from: number, to: number) => {
    const data = state.data;
    const item = data?.queue[from];
    if (!data || !item || to < 0 || to >= data.queue.length || to === from) return;
    void edit(
      () => moveInQueue(item.position, data.queue[to]?.position ?? to, item.track.uri),
      (q) => ({ ...q, queue: reorder(q.queue, from, to) }),
      `Moved ${item.track.name} to position ${to + 1} of ${data.queue.length}.`,
    );
  };

  const remove = (index: number) => {
    const item = state.data?.queue[index];
    if (!item) return;
    void edit(
      () => removeFromQueue(item.position, item.track.uri),
      (q) => ({ ...q, queue: q.queue.filter((_, n) => n !== index), queue_total: q.queue_total - 1 }),
      `Removed ${item.track.name} from the queue.`,
    );
    showToast("Removed from queue");
  };

  /** Plays a queued item now: it moves to the front of the queue and the player skips to it. */
  const playQueued = async (index: number) => {
    const item = state.data?.queue[index];
    if (!item) return;
    if (index > 0) state.setData(await moveInQueue(item.position, 0, item.track.uri));
    await next();
  };

  return (
    <section class="page queue-page" aria-labelledby="queue-title">
      <h1 id="queue-title">Queue</h1>
      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {state.error && state.data === undefined ? (
        <ErrorState error={state.error} onRetry={state.refetch} what="your queue" />
      ) : state.data === undefined ? (
        <LoadingState label="Loading your queue" />
      ) : (
        <QueueSections data={state.data} move={move} remove={remove} playQueued={playQueued} />
      )}
    </section>
  );
}

function QueueSections({
  data,
  move,
  remove,
  playQueued,
}: {
  data: QueueBody;
  move: (from: number, to: number) => void;
  remove: (index: number) => void;
  playQueued: (index: number) => Promise<void>;
}) {
  if (!data.currently_playing && data.queue.length === 0) {
    return (
      <div class="state-message empty">
        <h2>Nothing playing</h2>
        <p>Play a song, an album or a playlist, and what comes next shows up here.</p>
        <a href="/search">Find something to play</a>
      </div>
    );
  }
  const queued = data.queue.map((item) => item.track as ListTrack);
  const keys = stableQueueKeys(queued);
  return (
    <>
      {data.ad_playing && <p class="notice">An ad is playing. Your music continues right after it.</p>}
      {data.currently_playing && (
        <section class="queue-section" aria-labelledby="queue-now">
          <h2 id="queue-now">Now playing</h2>
          <TrackList
            tracks={[data.currently_playing]}
            label="Now playing"
            showArtwork
            onPlay={async () => undefined}
          />
        </section>
      )}
      <section class="queue-section" aria-labelledby="queue-next">
        <h2 id="queue-next">Next in queue</h2>
        {queued.length === 0 ? (
          <p class="hint queue-empty">
            Your queue is empty. Choose “Add to queue” in any song's menu to play it next.
          </p>
        ) : (
          <TrackList
            tracks={queued}
            label="Next in queue"
            showArtwork
            rowKey={(_, index) => keys[index] as string}
            reorder={{ onMove: move }}
            onPlay={(_, index) => playQueued(index)}
            rowActions={(track, index) => (
              <QueueItemActions
                name={track.name}
                index={index}
                count={queued.length}
                onMove={move}
                onRemove={remove}
              />
            )}
            menuItems={(_, index) => [
              { label: "Remove from queue", danger: true, onSelect: () => remove(index) },
            ]}
          />
        )}
        {data.queue_total > data.queue.length && (
          <p class="hint">and {data.queue_total - data.queue.length} more</p>
        )}
      </section>
      {data.next_from_context.length > 0 && (
        <section class="queue-section" aria-labelledby="queue-context">
          <h2 id="queue-context">
            <NextFromTitle uri={data.context_uri} />
          </h2>
          <TrackList
            tracks={data.next_from_context}
            label="Next from this context"
            showArtwork
            contextUri={data.context_uri ?? undefined}
          />
        </section>
      )}
    </>
  );
}

/** "Next from: <album>" with a link to it, or "Next up" when the player plays a bare list. */
function NextFromTitle({ uri }: { uri: string | null }) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    setName(null);
    if (uri) void fetchContextName(uri).then((found) => current && setName(found));
    return () => {
      current = false;
    };
  }, [uri]);
  const href = uri ? contextHref(uri) : null;
  if (!uri || !href) return <>Next up</>;
  return (
    <>
      Next from: <a href={href}>{name ?? `this ${uri.split(":")[1]}`}</a>
    </>
  );
}

function reorder<T>(items: T[], from: number, to: number): T[] {
  const copy = [...items];
  const [moved] = copy.splice(from, 1);
  if (moved !== undefined) copy.splice(to, 0, moved);
  return copy;
}
