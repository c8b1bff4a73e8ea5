import { computed, signal } from "@preact/signals";
import type { PlayerView } from "../../../durable-objects/user-session/protocol.ts";
import type { Track } from "../api/types.ts";

/**
 * The player's shared state: what the user's session says is playing (pushed over this device's
 * WebSocket, see device.ts), which device plays it, and where playback is. Pages, the player
 * bar, lyrics and the queue read these signals; only device.ts and the engine write them.
 */

// The wire types are the session's own: the player reads exactly what the UserSession pushes.
export type { PlayerView, RepeatState } from "../../../durable-objects/user-session/protocol.ts";

/** The last state the session pushed, or null before the first (or when signed out). */
export const playerView = signal<PlayerView | null>(null);
/** This browser tab's device id once registered, else null. */
export const deviceId = signal<string | null>(null);
/** Whether the WebSocket to the session is open (false: offline or reconnecting). */
export const connected = signal(false);
/** Set when another device took playback from this one: its name, for "Playing on …". */
export const takenOverBy = signal<string | null>(null);
/** The current item as a full track object (for the bar, Media Session and lyrics), or null. */
export const currentTrack = signal<Track | null>(null);
/** Where the current item is, ms: from the audio element while this device plays, else extrapolated. */
export const positionMs = signal(0);
/** True while this device waits for audio data (the buffering indicator). */
export const buffering = signal(false);
/** The rendition hls.js plays now (`low`, `normal`, `high`, `very_high`, `lossless`), or null. */
export const currentQuality = signal<string | null>(null);
/**
 * The best rendition the server lets this listener have (`high` for free listeners), or null
 * before a track loaded: the player shows "capped" when the quality setting asks for more.
 */
export const qualityCeiling = signal<string | null>(null);
/** Why the current item cannot play here (451 not licensed, offline…), for the player to show; null when fine. */
export const playbackError = signal<string | null>(null);

/** Whether this tab is the device that plays. */
export const isActiveDevice = computed(
  () => deviceId.value !== null && playerView.value?.device?.id === deviceId.value,
);
/** Whether something is playing on any device. */
export const isPlaying = computed(() => playerView.value?.is_playing ?? false);
