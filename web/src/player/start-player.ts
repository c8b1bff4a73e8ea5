import { startDevice, stopDevice } from "./device.ts";
import { startEngine } from "./engine.ts";
import { startKeyboardShortcuts } from "./keyboard.ts";
import { startMediaSession } from "./media-session.ts";
import { startTrackInfo } from "./track-info.ts";
import { startVolumeSync } from "./volume-sync.ts";

/**
 * Everything the signed-in player runs: this tab as a device, the engine, the current item's
 * details, volume sync, the Media Session and keyboard shortcuts. Returns the function that
 * stops it all (sign-out).
 */
export function startPlayer(): () => void {
  const stops = [
    startEngine(),
    startTrackInfo(),
    startVolumeSync(),
    startMediaSession(),
    startKeyboardShortcuts(),
  ];
  void startDevice();
  return () => {
    for (const stop of stops.reverse()) stop();
    stopDevice();
  };
}
