import { useSignal } from "@preact/signals";
import { setDeviceVolume } from "./controller.ts";
import { VolumeIcon } from "./icons.tsx";
import { settings, updateSettings } from "./settings.ts";
import { isActiveDevice, playerView } from "./state.ts";

/**
 * Mute and volume. Steers this tab's volume, or, while another of the user's devices plays,
 * that device's (its volume as the session knows it).
 */
export function VolumeControl() {
  const beforeMute = useSignal(0.8);
  const remote = !isActiveDevice.value && playerView.value?.device ? playerView.value.device : null;
  const percent = remote ? remote.volume_percent : Math.round(settings.value.volume * 100);
  const set = (next: number) => {
    if (remote) void setDeviceVolume(next).catch(() => undefined);
    else updateSettings({ volume: next / 100 });
  };
  const muted = percent === 0;
  return (
    <div class="volume">
      <button
        type="button"
        class="icon-button"
        aria-label={muted ? "Unmute" : "Mute"}
        title={muted ? "Unmute" : "Mute"}
        onClick={() => {
          if (muted) set(Math.round((beforeMute.value || 0.5) * 100));
          else {
            beforeMute.value = percent / 100;
            set(0);
          }
        }}
      >
        <VolumeIcon level={muted ? "mute" : percent < 50 ? "low" : "high"} />
      </button>
      <input
        type="range"
        class="slider"
        min={0}
        max={100}
        step={1}
        value={percent}
        aria-label={remote ? `Volume of ${remote.name}` : "Volume"}
        aria-valuetext={`${percent}%`}
        style={{ "--fill": `${percent}%` }}
        onInput={(event) => {
          if (!remote) set(Number(event.currentTarget.value));
        }}
        // Another device's volume goes over the network: once, when the listener lets go.
        onChange={(event) => {
          if (remote) set(Number(event.currentTarget.value));
        }}
      />
    </div>
  );
}
