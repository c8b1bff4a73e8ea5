import { useEffect, useRef, useState } from "preact/hooks";
import { type ApiRequestError, api } from "../api/client.ts";
import { transferTo } from "./controller.ts";
import { DeviceKindIcon } from "./player-extras-icons.tsx";
import { deviceId, isPlaying, playerView } from "./state.ts";

/** A device as `GET /v1/me/player/devices` lists it (`is_connected` is Cadenza's). */
export interface ListedDevice {
  id: string;
  name: string;
  type: string;
  is_active: boolean;
  is_connected?: boolean;
  volume_percent: number;
}

/**
 * The "Connect to a device" popover: the user's devices that can play now (connected, plus the
 * active one), the one playing marked, this tab called "This browser". Choosing one moves
 * playback there, playing or paused as it was. Escape or a click outside closes it and focus
 * goes back to the button that opened it.
 */
export function DevicePicker({ onClose }: { onClose: () => void }) {
  const [devices, setDevices] = useState<ListedDevice[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [moving, setMoving] = useState<string | null>(null);
  const panel = useRef<HTMLDivElement>(null);
  // Every state the session pushes reads the list again, so a takeover shows while it is open.
  const view = playerView.value;
  const activeId = view?.device?.id ?? null;

  useEffect(() => {
    let current = true;
    api<{ devices: ListedDevice[] }>("/v1/me/player/devices").then(
      (body) => {
        if (!current) return;
        setDevices(body.devices);
        setError(null);
      },
      (failure: ApiRequestError) => current && setError(failure.message),
    );
    return () => {
      current = false;
    };
  }, [view]);

  useEffect(() => {
    panel.current?.querySelector<HTMLElement>("button")?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        onClose();
      }
    };
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Element | null;
      if (!panel.current?.contains(target) && !target?.closest?.("[data-device-picker-toggle]")) onClose();
    };
    document.addEventListener("keydown", onKey, true);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey, true);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [onClose]);

  async function choose(device: ListedDevice) {
    if (device.id === activeId) return onClose();
    setMoving(device.id);
    try {
      await transferTo(device.id, isPlaying.value);
      onClose();
    } catch (failure) {
      setError((failure as Error).message || "Playback could not move to that device.");
    } finally {
      setMoving(null);
    }
  }

  const reachable = (devices ?? []).filter(
    (d) => d.is_connected !== false || d.is_active || d.id === deviceId.value,
  );
  // This browser first, then the rest in the order they were registered.
  reachable.sort((a, b) => Number(b.id === deviceId.value) - Number(a.id === deviceId.value));

  return (
    <div class="device-picker" role="dialog" aria-labelledby="device-picker-title" ref={panel}>
      <h2 id="device-picker-title">Connect to a device</h2>
      {activeId && (
        <p class="device-picker-current">
          Listening on{" "}
          <strong>{activeId === deviceId.value ? "this browser" : playerView.value?.device?.name}</strong>
        </p>
      )}
      {devices === null && !error && <p class="hint">Looking for devices…</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {devices !== null && (
        <ul class="device-list">
          {reachable.map((device) => (
            <li key={device.id}>
              <button
                type="button"
                class={`device-option${device.id === activeId ? " active" : ""}`}
                data-device-id={device.id}
                aria-current={device.id === activeId ? "true" : undefined}
                disabled={moving !== null}
                onClick={() => choose(device)}
              >
                <span class="device-icon" aria-hidden="true">
                  <DeviceKindIcon type={device.type} />
                </span>
                <span class="device-text">
                  <span class="device-name">
                    {device.id === deviceId.value ? "This browser" : device.name}
                  </span>
                  <span class="device-detail">
                    {device.id === activeId
                      ? isPlaying.value
                        ? "Playing"
                        : "Active, paused"
                      : device.id === deviceId.value
                        ? device.name
                        : device.type}
                    {moving === device.id && " · Connecting…"}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {devices !== null && reachable.length <= 1 && (
        <p class="hint">Open Cadenza in another browser tab or on your phone to play there.</p>
      )}
    </div>
  );
}
