import { api } from "../api/client.ts";
import { deviceId, type RepeatState } from "./state.ts";

/**
 * What pages and the player bar ask of playback. Every command goes to the user's session
 * through the Spotify-compatible `/v1/me/player` API on behalf of this device (so this tab
 * becomes the one that plays); the session then pushes the new state to every device, and
 * the engine follows it. Failures reject with the API's error (e.g. 403 skip limit).
 */

function withDevice(path: string, query: Record<string, string> = {}): string {
  const params = new URLSearchParams(query);
  if (deviceId.value) params.set("device_id", deviceId.value);
  const qs = params.toString();
  return `/v1/me/player${path}${qs ? `?${qs}` : ""}`;
}

/** Plays a context (`cadenza:album:…`, `…:playlist:…`, `…:artist:…`, `…:show:…`), from an item in it. */
export function playContext(
  contextUri: string,
  options: { offsetUri?: string; offsetPosition?: number; positionMs?: number } = {},
): Promise<void> {
  const offset =
    options.offsetUri !== undefined
      ? { uri: options.offsetUri }
      : options.offsetPosition !== undefined
        ? { position: options.offsetPosition }
        : undefined;
  return api(withDevice("/play"), {
    method: "PUT",
    body: { context_uri: contextUri, offset, position_ms: options.positionMs },
  });
}

/** Plays a list of track URIs (e.g. search results), from `offsetPosition`. */
export function playUris(uris: string[], offsetPosition = 0): Promise<void> {
  return api(withDevice("/play"), { method: "PUT", body: { uris, offset: { position: offsetPosition } } });
}

/** Resumes what is loaded, on this device. */
export function resume(): Promise<void> {
  return api(withDevice("/play"), { method: "PUT", body: {} });
}

export function pause(): Promise<void> {
  return api(withDevice("/pause"), { method: "PUT" });
}

export function next(): Promise<void> {
  return api(withDevice("/next"), { method: "POST" });
}

export function previous(): Promise<void> {
  return api(withDevice("/previous"), { method: "POST" });
}

export function seek(positionMs: number): Promise<void> {
  return api(withDevice("/seek", { position_ms: String(Math.max(0, Math.round(positionMs))) }), {
    method: "PUT",
  });
}

export function setShuffle(on: boolean): Promise<void> {
  return api(withDevice("/shuffle", { state: String(on) }), { method: "PUT" });
}

export function setRepeat(state: RepeatState): Promise<void> {
  return api(withDevice("/repeat", { state }), { method: "PUT" });
}

/** Adds a track or episode URI to the end of the queue. */
export function addToQueue(uri: string): Promise<void> {
  return api(withDevice("/queue", { uri }), { method: "POST" });
}

/** Moves playback to another of the user's devices (`play`: start there even if paused). */
export function transferTo(targetDeviceId: string, play = true): Promise<void> {
  return api("/v1/me/player", { method: "PUT", body: { device_ids: [targetDeviceId], play } });
}
