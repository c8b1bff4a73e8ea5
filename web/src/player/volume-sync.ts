import { effect } from "@preact/signals";
import { api } from "../api/client.ts";
import { settings, updateSettings } from "./settings.ts";
import { deviceId, playerView } from "./state.ts";

/**
 * This tab's volume and the session's copy of it, kept together: a change here is sent to
 * `/v1/me/player/volume` (at most once a second, the last value wins), so the user's other
 * devices show it; a change made from another device (remote control) is applied here.
 */

const SEND_EVERY_MS = 1000;

/** Starts syncing; returns the stop function. */
export function startVolumeSync(): () => void {
  let lastSent: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSentAt = 0;
  const send = () => {
    timer = undefined;
    const id = deviceId.value;
    const percent = Math.round(settings.value.volume * 100);
    if (!id || percent === lastSent) return;
    lastSent = percent;
    lastSentAt = Date.now();
    void api(`/v1/me/player/volume?volume_percent=${percent}&device_id=${encodeURIComponent(id)}`, {
      method: "PUT",
    }).catch(() => {
      lastSent = null;
    });
  };
  const outgoing = effect(() => {
    void settings.value.volume;
    void deviceId.value;
    if (timer) return;
    timer = setTimeout(send, Math.max(0, lastSentAt + SEND_EVERY_MS - Date.now()));
  });
  const incoming = effect(() => {
    const device = playerView.value?.device;
    if (!device || device.id !== deviceId.value || timer) return;
    const mine = Math.round(settings.value.volume * 100);
    if (lastSent === null) {
      lastSent = device.volume_percent;
      if (device.volume_percent === mine) return;
      // First contact: this tab's own setting wins (the session starts every device at 100).
      timer = setTimeout(send, 0);
      return;
    }
    if (device.volume_percent !== lastSent && device.volume_percent !== mine) {
      lastSent = device.volume_percent;
      updateSettings({ volume: device.volume_percent / 100 });
    }
  });
  return () => {
    clearTimeout(timer);
    outgoing();
    incoming();
  };
}
