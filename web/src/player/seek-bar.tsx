import { useSignal } from "@preact/signals";
import { formatDuration } from "../components/format.ts";
import { showError } from "../components/toast.tsx";
import { seek } from "./controller.ts";
import { positionMs } from "./state.ts";

/**
 * The seek bar: elapsed, a slider (keyboard: arrows ±5 s, Page Up/Down ±30 s, Home/End), and
 * what remains. Dragging previews the position; letting go seeks. Disabled during an ad.
 */
export function SeekBar({ durationMs, disabled }: { durationMs: number; disabled: boolean }) {
  const dragging = useSignal<number | null>(null);
  const at = Math.min(dragging.value ?? positionMs.value, durationMs || 0);
  const commit = (value: number) => {
    dragging.value = null;
    seek(value).catch((err) => showError(err, "Couldn't seek."));
  };
  return (
    <div class="seek-bar">
      <span class="time elapsed">{formatDuration(at)}</span>
      <input
        type="range"
        class="slider"
        min={0}
        max={Math.max(1, durationMs)}
        step={1000}
        value={at}
        disabled={disabled || durationMs <= 0}
        aria-label="Seek"
        aria-valuetext={`${formatDuration(at)} of ${formatDuration(durationMs)}`}
        style={{ "--fill": `${durationMs > 0 ? (at / durationMs) * 100 : 0}%` }}
        onInput={(event) => {
          dragging.value = Number(event.currentTarget.value);
        }}
        onChange={(event) => commit(Number(event.currentTarget.value))}
      />
      <span class="time remaining">
        <span class="visually-hidden">Remaining </span>-{formatDuration(Math.max(0, durationMs - at))}
      </span>
    </div>
  );
}
