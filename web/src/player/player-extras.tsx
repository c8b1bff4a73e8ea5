import { useCallback, useRef, useState } from "preact/hooks";
import { location, navigate } from "../router.tsx";
import { DevicePicker } from "./device-picker.tsx";
import { TakeoverNotice } from "./device-picker-notice.tsx";
import { DevicesIcon, LyricsIcon, QueueIcon } from "./player-extras-icons.tsx";
import { deviceId, playerView } from "./state.ts";
import "./player-extras.css";

/** Where the listener was before opening a full view (lyrics, queue), to toggle back to. */
let returnTo = "/";

/** Opens `path` (lyrics, queue) or, when it is open already, goes back to where the listener was. */
function toggleView(path: string): void {
  const here = location.value;
  if (here.path === path) {
    navigate(returnTo === path ? "/" : returnTo);
    return;
  }
  if (here.path !== "/lyrics" && here.path !== "/queue") returnTo = here.path + here.search;
  navigate(path);
}

/**
 * The player bar's right end: the lyrics and queue views (toggles: pressed while open) and the
 * device picker, with the notice that playback moved to another device.
 */
export function PlayerExtras() {
  const [pickerOpen, setPickerOpen] = useState(false);
  const devicesButton = useRef<HTMLButtonElement>(null);
  const closePicker = useCallback(() => {
    setPickerOpen(false);
    devicesButton.current?.focus();
  }, []);
  const path = location.value.path;
  const remote = playerView.value?.device && playerView.value.device.id !== deviceId.value;
  return (
    <div class="player-extras">
      <button
        class="icon-button"
        type="button"
        aria-label="Lyrics"
        title="Lyrics"
        aria-pressed={path === "/lyrics"}
        onClick={() => toggleView("/lyrics")}
      >
        <LyricsIcon />
      </button>
      <button
        class="icon-button"
        type="button"
        aria-label="Queue"
        title="Queue"
        aria-pressed={path === "/queue"}
        onClick={() => toggleView("/queue")}
      >
        <QueueIcon />
      </button>
      <div class="device-picker-anchor">
        <button
          ref={devicesButton}
          class={`icon-button${remote ? " remote" : ""}`}
          type="button"
          aria-label={remote ? `Devices (playing on ${playerView.value?.device?.name})` : "Devices"}
          title="Connect to a device"
          aria-expanded={pickerOpen}
          aria-haspopup="dialog"
          data-device-picker-toggle
          onClick={() => setPickerOpen((open) => !open)}
        >
          <DevicesIcon />
        </button>
        {pickerOpen && <DevicePicker onClose={closePicker} />}
        {!pickerOpen && <TakeoverNotice onShowDevices={() => setPickerOpen(true)} />}
      </div>
    </div>
  );
}
