import { signal } from "@preact/signals";
import { useEffect, useMemo, useRef } from "preact/hooks";
import { api } from "../api/client.ts";
import type { Episode, PublicUser } from "../api/types.ts";
import { formatRelative } from "../components/format.ts";
import type { PlaylistItem } from "../components/playlist-api.ts";
import { type ListTrack, TrackList, type TrackListColumn } from "../components/track-list.tsx";
import type { TrackMenuItem } from "../components/track-menu.tsx";
import { playContext } from "../player/controller.ts";
import type { PlaylistData, PlaylistState } from "./playlist-state.ts";

/** Display names of the users who added items, by id (read once each per tab). */
const userNames = signal<ReadonlyMap<string, string>>(new Map());
const asked = new Set<string>();

function loadUserNames(ids: string[]): void {
  for (const id of ids) {
    if (asked.has(id)) continue;
    asked.add(id);
    api<PublicUser>(`/v1/users/${encodeURIComponent(id)}`).then(
      (user) => {
        userNames.value = new Map(userNames.value).set(id, user.display_name);
      },
      () => undefined,
    );
  }
}

/** Stable row keys: an item keeps its key while it moves (so drag and drop animates the right row). */
const rowKeys = new WeakMap<PlaylistItem, string>();
let nextKey = 1;
function keyOf(item: PlaylistItem | undefined): string {
  if (!item) return "missing";
  let key = rowKeys.get(item);
  if (!key) {
    key = `item-${nextKey++}`;
    rowKeys.set(item, key);
  }
  return key;
}

/** An item as a track-list row: episodes and items no longer playable drawn like tracks. */
function rowOf(item: PlaylistItem, index: number): ListTrack {
  const track = item.track;
  if (!track) {
    return {
      id: `unavailable-${index}`,
      name: "This item is no longer available",
      uri: "",
      duration_ms: 0,
      explicit: false,
      is_playable: false,
      track_number: 0,
      disc_number: 0,
      artists: [],
    };
  }
  if ((track as Episode).type === "episode") {
    const episode = track as Episode;
    return {
      id: episode.id,
      name: episode.name,
      uri: episode.uri,
      duration_ms: episode.duration_ms,
      explicit: episode.explicit,
      is_playable: episode.is_playable,
      track_number: 0,
      disc_number: 0,
      artists: [],
      // The show stands in the album column (the list links an episode's "album" to its show).
      album: episode.show
        ? {
            id: episode.show.id,
            name: episode.show.name,
            uri: episode.show.uri,
            album_type: "show",
            release_date: episode.release_date,
            images: episode.images,
            artists: [],
          }
        : undefined,
      type: "episode",
    } as unknown as ListTrack;
  }
  return track as ListTrack;
}

/**
 * The playlist's items as a track list: Added by (on shared playlists) and Date added columns;
 * for editors, drag-and-drop reordering with a drop line, Alt+↑/↓ on the handle, and Move up,
 * Move down and Remove in each row's menu. More items load as the end of the list scrolls into
 * view (or with "Load more"), 100 at a time.
 */
export function PlaylistItems({
  data,
  state,
  canEdit,
}: {
  data: PlaylistData;
  state: PlaylistState;
  canEdit: boolean;
}) {
  const { playlist, items } = data;
  const rows = useMemo(() => items.map(rowOf), [items]);
  const adders = [...new Set(items.flatMap((item) => (item.added_by ? [item.added_by.id] : [])))];
  const showAddedBy = playlist.collaborative || adders.length > 1;
  const sentinel = useRef<HTMLDivElement>(null);
  const more = items.length < playlist.tracks.total;

  useEffect(() => {
    if (showAddedBy) loadUserNames(adders);
  }, [showAddedBy, adders.join(",")]);

  useEffect(() => {
    const target = sentinel.current;
    if (!target || !more) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) void state.loadMore();
      },
      { rootMargin: "600px 0px" },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [more, state.loadMore]);

  const columns: TrackListColumn[] = [
    ...(showAddedBy
      ? [
          {
            header: "Added by",
            class: "col-added-by",
            render: (_track: ListTrack, index: number) => {
              const by = items[index]?.added_by;
              return by ? <a href={`/user/${by.id}`}>{userNames.value.get(by.id) ?? "…"}</a> : null;
            },
          },
        ]
      : []),
    {
      header: "Date added",
      class: "col-added-at",
      render: (_track, index) => {
        const at = items[index]?.added_at;
        return at ? <time dateTime={at}>{formatRelative(at)}</time> : null;
      },
    },
  ];

  const menuItems = (track: ListTrack, index: number): TrackMenuItem[] => {
    if (!canEdit || !track.uri) return [];
    const entries: TrackMenuItem[] = [];
    if (index > 0) entries.push({ label: "Move up", onSelect: () => state.move(index, index - 1) });
    if (index < items.length - 1)
      entries.push({ label: "Move down", onSelect: () => state.move(index, index + 2) });
    entries.push({ label: "Remove from this playlist", danger: true, onSelect: () => state.remove(index) });
    return entries;
  };

  return (
    <div class="playlist-items">
      <TrackList
        tracks={rows}
        label={`Songs in ${playlist.name}`}
        contextUri={playlist.uri}
        onPlay={(track, index) => playContext(playlist.uri, { offsetPosition: index, startUri: track.uri })}
        showArtwork
        showAlbum
        extraColumns={columns}
        menuItems={menuItems}
        rowKey={(_track, index) => keyOf(items[index])}
        reorder={
          canEdit
            ? // The list reports the final index; the API wants the item it goes before.
              { onMove: (from, to) => state.move(from, to > from ? to + 1 : to) }
            : undefined
        }
      />
      {more && (
        <div ref={sentinel} class="playlist-more">
          <p class="hint" aria-live="polite">
            Showing {items.length.toLocaleString()} of {playlist.tracks.total.toLocaleString()}
          </p>
          <button type="button" disabled={state.loadingMore} onClick={() => state.loadMore()}>
            {state.loadingMore ? "Loading…" : "Load more"}
          </button>
        </div>
      )}
    </div>
  );
}
