import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { loadLikedStates } from "../api/library.ts";
import { currentUser, loadCurrentUser } from "../api/me.ts";
import type { SimplifiedAlbum, SimplifiedArtist, SimplifiedTrack } from "../api/types.ts";
import { playContext, playUris } from "../player/controller.ts";
import { playerView } from "../player/state.ts";
import { Cover } from "./cover.tsx";
import { formatDuration } from "./format.ts";
import { LikeButton } from "./like-button.tsx";
import { showError } from "./toast.tsx";
import { TrackMenu, type TrackMenuItem } from "./track-menu.tsx";
import "./track-list.css";

/** A row's track: any track shape (an album's tracks have no `album`). */
export type ListTrack = SimplifiedTrack & { album?: SimplifiedAlbum };

/** An extra column (the playlist page's "Added by" and "Date added"). */
export interface TrackListColumn {
  header: string;
  /** A class for the cells (e.g. to hide the column at phone width). */
  class?: string;
  render: (track: ListTrack, index: number) => ComponentChildren;
}

export interface TrackListProps {
  tracks: ListTrack[];
  /** The table's accessible name ("Tracks of Abbey Road"). */
  label: string;
  /** What a row plays in: `playContext(contextUri, {offsetUri})`; without one, `playUris` of the list. */
  contextUri?: string;
  /** Replaces how a row starts playing (e.g. a playlist plays by position, where a track may repeat). */
  onPlay?: (track: ListTrack, index: number) => Promise<void>;
  /** Artwork beside the title (lists of mixed albums) instead of the track number. */
  showArtwork?: boolean;
  /** The album column (default: when the tracks carry their album). */
  showAlbum?: boolean;
  /** Row numbers: the album's track numbers (`"track"`) or positions from 1 (`"position"`, default). */
  numbering?: "track" | "position";
  /** The number of the first row, for lists paged in pieces (positions only). */
  firstNumber?: number;
  /** A track drawn as selected (the `/track/{id}` page's), scrolled into view. */
  highlightId?: string;
  extraColumns?: TrackListColumn[];
  /** Buttons at the row's end before the menu (e.g. "Remove from this playlist"). */
  rowActions?: (track: ListTrack, index: number) => ComponentChildren;
  /** Entries added to the row's menu after the standard ones. */
  menuItems?: (track: ListTrack, index: number) => TrackMenuItem[];
  /** Drag-and-drop reordering (and Alt+↑/↓ on the handle): `onMove(from, to)` with `to` the final index. */
  reorder?: { onMove: (from: number, to: number) => void };
  /** A stable key per row (default: the index and the track id). */
  rowKey?: (track: ListTrack, index: number) => string;
}

/** The most URIs one play request may carry (the API's limit). */
const MAX_PLAY_URIS = 100;

/**
 * Plays `uris` from `index` when the list is longer than one request may carry: a window of
 * {@link MAX_PLAY_URIS} around the chosen one (a few before it, so "previous" still works).
 */
export function playUriWindow(uris: string[], index: number): Promise<void> {
  const start = Math.max(0, Math.min(index - 10, uris.length - MAX_PLAY_URIS));
  return playUris(uris.slice(start, start + MAX_PLAY_URIS), Math.max(0, index - start));
}

/** Why a row cannot play: not licensed where the listener is, or no audio yet. */
export function unavailableReason(track: ListTrack): string {
  const country = currentUser.value?.country;
  if (country && track.available_markets && !track.available_markets.includes(country))
    return "Not available in your country";
  return "Not available to play yet";
}

/**
 * A list of tracks as a table: number or artwork, title and artist links, album, duration, like
 * heart, and the track menu. A click on a row (or its play button, or Enter on it) plays it;
 * the row playing now is highlighted; rows that cannot play are greyed with the reason.
 */
export function TrackList(props: TrackListProps) {
  const { tracks, label, showArtwork = false, extraColumns = [], reorder } = props;
  const showAlbum = props.showAlbum ?? tracks.some((track) => track.album);
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dropAt, setDropAt] = useState<number | null>(null);

  useEffect(() => {
    loadLikedStates(tracks.filter((t) => t.type === "track" || t.type === undefined).map((t) => t.id));
    if (tracks.some((track) => !track.is_playable)) loadCurrentUser().catch(() => undefined);
  }, [tracks]);

  useEffect(() => {
    if (props.highlightId)
      document.getElementById(`track-row-${props.highlightId}`)?.scrollIntoView({ block: "center" });
  }, [props.highlightId, tracks.length]);

  const play = (track: ListTrack, index: number) => {
    if (!track.is_playable) return;
    const started = props.onPlay
      ? props.onPlay(track, index)
      : props.contextUri
        ? playContext(props.contextUri, { offsetUri: track.uri })
        : playUriWindow(
            tracks.filter((t) => t.is_playable).map((t) => t.uri),
            tracks.filter((t) => t.is_playable).indexOf(track),
          );
    started.catch((error) => showError(error, "Couldn't start playback."));
  };

  const playingId = playerView.value?.track_id ?? null;
  const first = props.firstNumber ?? 1;

  return (
    <table class={`track-list ${showAlbum ? "with-album" : ""}`} aria-label={label}>
      <thead>
        <tr>
          {reorder && (
            <th class="col-handle">
              <span class="visually-hidden">Reorder</span>
            </th>
          )}
          <th class="col-number">#</th>
          <th class="col-title">Title</th>
          {showAlbum && <th class="col-album">Album</th>}
          {extraColumns.map((column) => (
            <th key={column.header} class={column.class}>
              {column.header}
            </th>
          ))}
          <th class="col-duration">
            <span aria-hidden="true">◷</span>
            <span class="visually-hidden">Duration</span>
          </th>
          <th class="col-actions">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {tracks.map((track, index) => {
          const playing = track.id === playingId;
          const number = props.numbering === "track" ? track.track_number : first + index;
          const classes = [
            "track-row",
            playing && "playing",
            !track.is_playable && "unavailable",
            track.id === props.highlightId && "highlighted",
            dropAt === index &&
              dragFrom !== null &&
              dragFrom !== index &&
              (dragFrom < index ? "drop-after" : "drop-before"),
          ]
            .filter(Boolean)
            .join(" ");
          return (
            <tr
              key={props.rowKey ? props.rowKey(track, index) : `${index}:${track.id}`}
              id={`track-row-${track.id}`}
              class={classes}
              aria-current={playing ? "true" : undefined}
              onClick={(event) => {
                if (!(event.target as Element).closest("a, button, input")) play(track, index);
              }}
              onDragOver={(event) => {
                if (dragFrom === null) return;
                event.preventDefault();
                setDropAt(index);
              }}
              onDrop={(event) => {
                event.preventDefault();
                if (dragFrom !== null && dragFrom !== index) reorder?.onMove(dragFrom, index);
                setDragFrom(null);
                setDropAt(null);
              }}
            >
              {reorder && (
                <td class="col-handle">
                  <button
                    type="button"
                    class="icon-button drag-handle"
                    draggable
                    aria-label={`Move ${track.name} (drag, or Alt+Up / Alt+Down)`}
                    onDragStart={(event) => {
                      setDragFrom(index);
                      event.dataTransfer?.setData("text/plain", String(index));
                      if (event.dataTransfer) event.dataTransfer.effectAllowed = "move";
                    }}
                    onDragEnd={() => {
                      setDragFrom(null);
                      setDropAt(null);
                    }}
                    onKeyDown={(event) => {
                      if (!event.altKey) return;
                      const to =
                        event.key === "ArrowUp" ? index - 1 : event.key === "ArrowDown" ? index + 1 : -1;
                      if (to < 0 || to >= tracks.length) return;
                      event.preventDefault();
                      reorder.onMove(index, to);
                    }}
                  >
                    <span aria-hidden="true">⠿</span>
                  </button>
                </td>
              )}
              <td class="col-number">
                <span class="row-number" aria-hidden={playing ? "true" : undefined}>
                  {playing ? <span class="eq">♫</span> : number}
                </span>
                <button
                  type="button"
                  class="row-play"
                  aria-label={`Play ${track.name}`}
                  disabled={!track.is_playable}
                  onClick={() => play(track, index)}
                >
                  <span aria-hidden="true">▶</span>
                </button>
              </td>
              <td class="col-title">
                <div class="title-cell">
                  {showArtwork && track.album && <Cover images={track.album.images} size={40} />}
                  <div class="title-text">
                    <a
                      class="track-name"
                      href={`/${(track.type as string) === "episode" ? "episode" : "track"}/${track.id}`}
                    >
                      {track.name}
                    </a>
                    {playing && <span class="visually-hidden"> (now playing)</span>}
                    <span class="track-artists">
                      {track.explicit && (
                        <abbr class="explicit" title="Explicit">
                          E
                        </abbr>
                      )}
                      <ArtistLinks artists={track.artists} />
                    </span>
                    {!track.is_playable && <span class="unavailable-reason">{unavailableReason(track)}</span>}
                  </div>
                </div>
              </td>
              {showAlbum && (
                <td class="col-album">
                  {track.album && (
                    // An episode's "album" is its show (playlists hold both).
                    <a href={`/${(track.type as string) === "episode" ? "show" : "album"}/${track.album.id}`}>
                      {track.album.name}
                    </a>
                  )}
                </td>
              )}
              {extraColumns.map((column) => (
                <td key={column.header} class={column.class}>
                  {column.render(track, index)}
                </td>
              ))}
              <td class="col-duration">{formatDuration(track.duration_ms)}</td>
              <td class="col-actions">
                <div class="row-actions">
                  {(track.type === "track" || track.type === undefined) && <LikeButton track={track} />}
                  {props.rowActions?.(track, index)}
                  <TrackMenu track={track} extraItems={props.menuItems?.(track, index)} />
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Comma-separated links to each artist's page. */
export function ArtistLinks({ artists }: { artists: SimplifiedArtist[] }) {
  return (
    <>
      {artists.map((artist, n) => (
        <span key={artist.id}>
          {n > 0 && ", "}
          <a href={`/artist/${artist.id}`}>{artist.name}</a>
        </span>
      ))}
    </>
  );
}
