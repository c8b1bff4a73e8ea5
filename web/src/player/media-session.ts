import { effect } from "@preact/signals";
import { next, pause, previous, resume, seek } from "./controller.ts";
import { currentTrack, isPlaying, playerView, positionMs } from "./state.ts";

/**
 * The Media Session API: the OS media controls, lock screen and hardware keys show what plays
 * and steer it through the same commands as the player bar.
 */

/** Starts publishing; returns the stop function. */
export function startMediaSession(): () => void {
  if (!("mediaSession" in navigator)) return () => undefined;
  const session = navigator.mediaSession;
  const handlers: [MediaSessionAction, MediaSessionActionHandler][] = [
    ["play", () => void resume().catch(() => undefined)],
    ["pause", () => void pause().catch(() => undefined)],
    ["nexttrack", () => void next().catch(() => undefined)],
    ["previoustrack", () => void previous().catch(() => undefined)],
    ["seekto", (details) => void seek((details.seekTime ?? 0) * 1000).catch(() => undefined)],
    [
      "seekforward",
      (details) => void seek(positionMs.value + (details.seekOffset ?? 10) * 1000).catch(() => undefined),
    ],
    [
      "seekbackward",
      (details) => void seek(positionMs.value - (details.seekOffset ?? 10) * 1000).catch(() => undefined),
    ],
  ];
  for (const [action, handler] of handlers) setHandler(session, action, handler);
  const metadata = effect(() => {
    const track = currentTrack.value;
    const ad = playerView.value?.currently_playing_type === "ad";
    session.metadata = ad
      ? new MediaMetadata({ title: "Advertisement", artist: "Cadenza" })
      : track
        ? new MediaMetadata({
            title: track.name,
            artist: track.artists.map((a) => a.name).join(", "),
            album: track.album.name,
            artwork: track.album.images.map((image) => ({
              src: image.url,
              ...(image.width && image.height ? { sizes: `${image.width}x${image.height}` } : {}),
            })),
          })
        : null;
  });
  const state = effect(() => {
    session.playbackState = playerView.value?.track_id ? (isPlaying.value ? "playing" : "paused") : "none";
  });
  return () => {
    metadata();
    state();
    for (const [action] of handlers) setHandler(session, action, null);
    session.metadata = null;
  };
}

function setHandler(
  session: MediaSession,
  action: MediaSessionAction,
  handler: MediaSessionActionHandler | null,
) {
  try {
    session.setActionHandler(action, handler);
  } catch {
    // This browser does not know the action.
  }
}
