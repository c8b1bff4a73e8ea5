import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import {
  buffering,
  connected,
  deviceId,
  isActiveDevice,
  playbackError,
  playerView,
  takenOverBy,
} from "./state.ts";

/**
 * A status pill above the bar, read out politely: offline, why playback cannot go on (the
 * error), which other device plays (after a takeover too), that audio is buffering, or that the
 * connection to the session is down.
 */
export function PlayerStatus() {
  const online = useSignal(navigator.onLine);
  useEffect(() => {
    const update = () => {
      online.value = navigator.onLine;
    };
    addEventListener("online", update);
    addEventListener("offline", update);
    return () => {
      removeEventListener("online", update);
      removeEventListener("offline", update);
    };
  }, []);
  const view = playerView.value;
  const error = isActiveDevice.value ? playbackError.value : null;
  const remote = view?.device && view.device.id !== deviceId.value ? view.device : null;
  let message: string | null = null;
  let tone = "info";
  if (!online.value) {
    message = "You're offline. What's already loaded keeps playing.";
    tone = "error";
  } else if (error) {
    message = error;
    tone = "error";
  } else if (remote) {
    // Right after a takeover the session's state may lag the notice by a moment.
    message = `Playing on ${remote.name}`;
  } else if (takenOverBy.value) {
    message = `Playing on ${takenOverBy.value}`;
  } else if (deviceId.value && !connected.value) {
    message = "Reconnecting to your session…";
  }
  return (
    <div class={`player-status tone-${tone}`} role="status" aria-live="polite">
      {buffering.value && !error && (
        <span class="buffering" data-testid="buffering">
          <span class="spinner" aria-hidden="true" />
          Buffering…
        </span>
      )}
      {message && (
        <span class="status-message" data-testid="player-status">
          {message}
        </span>
      )}
    </div>
  );
}
