import type { ComponentChildren } from "preact";
import { useRef } from "preact/hooks";
import { useApi } from "../api/use-api.ts";
import { EmptyState, ErrorState, LoadingState } from "../components/page-states.tsx";
import { seek } from "./controller.ts";
import { currentLineIndex, type LyricsBody, useFollowCurrentLine } from "./lyrics-follow.ts";
import { currentTrack, playerView, positionMs } from "./state.ts";
import "./lyrics.css";

/**
 * The lyrics of what plays now (`/lyrics`): synced lyrics highlight the current line
 * (`aria-current="true"`), keep it in view and seek to a line when it is clicked; plain lyrics
 * are shown as text. Follows the player from track to track.
 */
export function LyricsPage() {
  const view = playerView.value;
  const track = currentTrack.value;
  const trackId = view?.currently_playing_type === "ad" ? null : (view?.track_id ?? null);
  const lyrics = useApi<LyricsBody>(trackId ? `/api/lyrics/${encodeURIComponent(trackId)}` : null);
  const title = track && track.id === trackId ? track.name : null;

  let body: ComponentChildren;
  if (!trackId) {
    body = (
      <EmptyState title={view?.currently_playing_type === "ad" ? "Lyrics after the ad" : "Nothing playing"}>
        Play a song to see its lyrics here.
      </EmptyState>
    );
  } else if (lyrics.error?.status === 404) {
    body = <EmptyState title="No lyrics for this song">We don't have the words for this one yet.</EmptyState>;
  } else if (lyrics.error) {
    body = <ErrorState error={lyrics.error} onRetry={lyrics.refetch} what="these lyrics" />;
  } else if (!lyrics.data || lyrics.data.track_id !== trackId) {
    body = <LoadingState label="Loading lyrics" rows={8} />;
  } else if (lyrics.data.lines.length === 0) {
    body = <EmptyState title="No lyrics for this song">This one is instrumental.</EmptyState>;
  } else if (lyrics.data.synced) {
    body = <SyncedLyrics lyrics={lyrics.data} />;
  } else {
    body = (
      <div class="lyrics-plain" lang={lyrics.data.language ?? undefined}>
        {lyrics.data.lines.map((line, n) => (
          <p key={n}>{line.text || "\u00a0"}</p>
        ))}
      </div>
    );
  }

  return (
    <section class="page lyrics-page" aria-labelledby="lyrics-title">
      <h1 id="lyrics-title">Lyrics{title && <span class="lyrics-track">{title}</span>}</h1>
      {track && track.id === trackId && (
        <p class="lyrics-artists">{track.artists.map((artist) => artist.name).join(", ")}</p>
      )}
      {body}
    </section>
  );
}

function SyncedLyrics({ lyrics }: { lyrics: LyricsBody }) {
  const current = currentLineIndex(lyrics.lines, positionMs.value);
  const list = useRef<HTMLOListElement>(null);
  useFollowCurrentLine(list, current);
  return (
    <ol class="lyrics-synced" ref={list} lang={lyrics.language ?? undefined} aria-label="Synced lyrics">
      {lyrics.lines.map((line, n) => {
        const state = n === current ? "current" : n < current ? "past" : "future";
        return (
          <li key={n} class={`lyric-line ${state}`} aria-current={n === current ? "true" : undefined}>
            <button type="button" class="lyric-seek" onClick={() => seek(line.start_ms)}>
              {line.text || "♪"}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
