import { api } from "../api/client.ts";
import { registeredDeviceId } from "./device.ts";
import { withLocalIntent } from "./intents.ts";
import { currentTrack, deviceId, playerView, type RepeatState } from "./state.ts";

/**
 * What pages and the player bar ask of playback. Every command goes to the user's session
 * through the Spotify-compatible `/v1/me/player` API on behalf of this device (so this tab
 * becomes the one that plays); the session then pushes the new state to every device, and
 * the engine follows it. Failures reject with the API's error (e.g. 403 skip limit).
 */

/** A player path that acts on this device (playing here claims the player for this tab). */
async function withDevice(path: string, query: Record<string, string> = {}): Promise<string> {
  const params = new URLSearchParams(query);
  const id = await registeredDeviceId();
  if (id) params.set("device_id", id);
  const qs = params.toString();
  return `/v1/me/player${path}${qs ? `?${qs}` : ""}`;
}

/**
 * A player path that steers whichever device plays: this one, or another of the user's devices
 * (remote control). With no active device it names this one, so the command lands here.
 */
async function onActiveDevice(path: string, query: Record<string, string> = {}): Promise<string> {
  const active = playerView.value?.device?.id;
  if (active && active !== deviceId.value) {
    const qs = new URLSearchParams(query).toString();
    return `/v1/me/player${path}${qs ? `?${qs}` : ""}`;
  }
  return withDevice(path, query);
}

/** Plays a context (`cadenza:album:…`, `…:playlist:…`, `…:artist:…`, `…:show:…`), from an item in it. */
export async function playContext(
  contextUri: string,
  options: {
    offsetUri?: string;
    offsetPosition?: number;
    positionMs?: number;
    /** The item `offsetPosition` lands on, when the page knows it: this tab starts loading it at once. */
    startUri?: string;
  } = {},
): Promise<void> {
  const offset =
    options.offsetUri !== undefined
      ? { uri: options.offsetUri }
      : options.offsetPosition !== undefined
        ? { position: options.offsetPosition }
        : undefined;
  const send = async () =>
    api<void>(await withDevice("/play"), {
      method: "PUT",
      body: { context_uri: contextUri, offset, position_ms: options.positionMs },
    });
  const trackId = knownStart(options.offsetUri ?? options.startUri, options.positionMs);
  if (!trackId) return send();
  const positionMs = options.positionMs ?? 0;
  return withLocalIntent({ kind: "start", trackId, positionMs, contextUri }, send);
}

/**
 * Plays a context from its beginning — from `items`' first playable one, which the page has, so
 * this tab starts loading it before the session answers. With shuffle on the session picks.
 */
export function playContextFromStart(
  contextUri: string,
  items: readonly ({ uri: string; is_playable?: boolean } | null)[],
): Promise<void> {
  const position = items.findIndex((item) => item !== null && item.is_playable !== false);
  const first = items[position];
  if (!first || playerView.value?.shuffle_state) return playContext(contextUri);
  return playContext(contextUri, { offsetPosition: position, startUri: first.uri });
}

/** Plays a list of track URIs (e.g. search results), from `offsetPosition`. */
export async function playUris(uris: string[], offsetPosition = 0): Promise<void> {
  const send = async () =>
    api<void>(await withDevice("/play"), {
      method: "PUT",
      body: { uris, offset: { position: offsetPosition } },
    });
  const trackId = knownStart(uris[offsetPosition]);
  if (!trackId) return send();
  return withLocalIntent({ kind: "start", trackId, positionMs: 0, contextUri: null }, send);
}

/**
 * The track a play command will start, when the caller named it: this tab starts loading it at
 * once. Not for episodes without a position (they resume where the listener left them).
 */
function knownStart(uri: string | undefined, positionMs?: number): string | null {
  const [, type, id] = uri?.split(":") ?? [];
  if (!id || (type !== "track" && !(type === "episode" && positionMs !== undefined))) return null;
  return id;
}

/**
 * Resumes what is loaded. While another device plays, on that device (remote control); when
 * nothing plays, here — the listener pressed play in this tab, and a paused "active" device may
 * be a tab long closed. After the last track of a context ended, play starts the context again.
 */
export async function resume(): Promise<void> {
  const view = playerView.value;
  const remotePlaying = view?.is_playing && view.device?.id !== deviceId.value;
  const track = currentTrack.value;
  const ended =
    view && !view.is_playing && view.next_track_ids.length === 0 && track?.id === view.track_id
      ? view.progress_ms >= track.duration_ms - 1000
      : false;
  if (ended && view?.context_uri) return playContext(view.context_uri);
  return withLocalIntent({ kind: "resume" }, async () =>
    api(remotePlaying ? await onActiveDevice("/play") : await withDevice("/play"), {
      method: "PUT",
      body: ended ? { position_ms: 0 } : {},
    }),
  );
}

export async function pause(): Promise<void> {
  return withLocalIntent({ kind: "pause" }, async () =>
    api(await onActiveDevice("/pause"), { method: "PUT" }),
  );
}

export async function next(): Promise<void> {
  return withLocalIntent({ kind: "next" }, async () =>
    api(await onActiveDevice("/next"), { method: "POST" }),
  );
}

export async function previous(): Promise<void> {
  return withLocalIntent({ kind: "previous" }, async () =>
    api(await onActiveDevice("/previous"), { method: "POST" }),
  );
}

/** Moves to `positionMs` in the current item. */
export async function seek(positionMs: number): Promise<void> {
  const position = Math.max(0, Math.round(positionMs));
  return withLocalIntent({ kind: "seek", positionMs: position }, async () =>
    api(await onActiveDevice("/seek", { position_ms: String(position) }), { method: "PUT" }),
  );
}

export async function setShuffle(on: boolean): Promise<void> {
  return api(await onActiveDevice("/shuffle", { state: String(on) }), { method: "PUT" });
}

export async function setRepeat(state: RepeatState): Promise<void> {
  return api(await onActiveDevice("/repeat", { state }), { method: "PUT" });
}

/** Adds a track or episode URI to the end of the queue. */
export async function addToQueue(uri: string): Promise<void> {
  return api(await onActiveDevice("/queue", { uri }), { method: "POST" });
}

/** Sets the volume of the device that plays (or this one), 0..100. */
export async function setDeviceVolume(volumePercent: number): Promise<void> {
  const percent = String(Math.max(0, Math.min(100, Math.round(volumePercent))));
  return api(await onActiveDevice("/volume", { volume_percent: percent }), { method: "PUT" });
}

/** Moves playback to another of the user's devices (`play`: start there even if paused). */
export async function transferTo(targetDeviceId: string, play = true): Promise<void> {
  return api("/v1/me/player", { method: "PUT", body: { device_ids: [targetDeviceId], play } });
}
