import { pause, playContextFromStart, resume } from "../player/controller.ts";
import { isPlaying, playerView } from "../player/state.ts";
import { PlayButton } from "./page-header.tsx";
import { showError } from "./toast.tsx";

/**
 * The page's big play button for a context (album, playlist, artist, show): plays it from the
 * start, or pauses / resumes when it is what the session is playing already.
 */
export function ContextPlayButton({
  contextUri,
  name,
  disabled = false,
  start,
  items = [],
}: {
  contextUri: string;
  name: string;
  disabled?: boolean;
  /** Replaces how playback starts (e.g. Liked Songs plays a list of URIs). */
  start?: () => Promise<void>;
  /** The context's items in order as far as the page has them: playback starts loading the first playable one at once. */
  items?: readonly { uri: string; is_playable?: boolean }[];
}) {
  const current = playerView.value?.context_uri === contextUri;
  const playing = current && isPlaying.value;
  const onClick = () => {
    const action = playing
      ? pause()
      : current
        ? resume()
        : start
          ? start()
          : playContextFromStart(contextUri, items);
    action.catch((error) => showError(error, "Couldn't start playback."));
  };
  return (
    <PlayButton
      label={`${playing ? "Pause" : "Play"} ${name}`}
      playing={playing}
      onClick={onClick}
      disabled={disabled}
    />
  );
}
