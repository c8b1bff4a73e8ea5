import { showError } from "../components/toast.tsx";
import { next, pause, previous, resume, setRepeat, setShuffle } from "./controller.ts";
import { NextIcon, PauseIcon, PlayIcon, PreviousIcon, RepeatIcon, ShuffleIcon } from "./icons.tsx";
import { buffering, isPlaying, playerView, type RepeatState } from "./state.ts";

const REPEAT_NEXT: Record<RepeatState, RepeatState> = { off: "context", context: "track", track: "off" };
const REPEAT_LABEL: Record<RepeatState, string> = {
  off: "Repeat: off",
  context: "Repeat: all",
  track: "Repeat: this track",
};

/** Shuffle, previous, play/pause, next and repeat; they steer whichever device plays. */
export function PlaybackControls() {
  const view = playerView.value;
  const loaded = Boolean(view?.track_id);
  const isAd = view?.currently_playing_type === "ad";
  const playing = isPlaying.value;
  const repeat = view?.repeat_state ?? "off";
  const run = (command: () => Promise<unknown>, fallback: string) => () =>
    void command().catch((err) => showError(err, fallback));
  return (
    <div class="controls">
      <button
        type="button"
        class={`icon-button toggle ${view?.shuffle_state ? "on" : ""}`}
        aria-label="Shuffle"
        aria-pressed={view?.shuffle_state ?? false}
        title={view?.shuffle_state ? "Shuffle: on" : "Shuffle: off"}
        disabled={!loaded}
        onClick={run(() => setShuffle(!view?.shuffle_state), "Couldn't change shuffle.")}
      >
        <ShuffleIcon />
      </button>
      <button
        type="button"
        class="icon-button"
        aria-label="Previous"
        title="Previous"
        disabled={!loaded || isAd}
        onClick={run(previous, "Couldn't go back.")}
      >
        <PreviousIcon />
      </button>
      <button
        type="button"
        class={`play-button ${buffering.value ? "is-buffering" : ""}`}
        aria-label={playing ? "Pause" : "Play"}
        title={playing ? "Pause" : "Play"}
        disabled={!loaded}
        onClick={run(playing ? pause : resume, playing ? "Couldn't pause." : "Couldn't play.")}
      >
        {playing ? <PauseIcon /> : <PlayIcon />}
      </button>
      <button
        type="button"
        class="icon-button"
        aria-label="Next"
        title="Next"
        disabled={!loaded || isAd}
        onClick={run(next, "Couldn't skip.")}
      >
        <NextIcon />
      </button>
      <button
        type="button"
        class={`icon-button toggle ${repeat !== "off" ? "on" : ""}`}
        aria-label={REPEAT_LABEL[repeat]}
        title={REPEAT_LABEL[repeat]}
        data-repeat={repeat}
        disabled={!loaded}
        onClick={run(() => setRepeat(REPEAT_NEXT[repeat]), "Couldn't change repeat.")}
      >
        <RepeatIcon one={repeat === "track"} />
      </button>
    </div>
  );
}
