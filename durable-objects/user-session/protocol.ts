/**
 * Everything that crosses the UserSession boundary: the RPC shapes the Worker uses and the
 * WebSocket messages devices send and receive. Times are epoch milliseconds; positions are ms.
 */

export const DEVICE_TYPES = ["computer", "smartphone", "speaker", "web"] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];
export type RepeatState = "off" | "track" | "context";

export interface Device {
  id: string;
  name: string;
  type: DeviceType;
  /** 0..100 */
  volume_percent: number;
}

/** What is playing: a context (album, playlist, artist, or just a list of URIs) and a position in it. */
export interface PlaybackContext {
  /** `cadenza:album:…`, or null when the listener played a bare list of URIs. */
  uri: string | null;
  /** The context's track ids in play order. */
  track_ids: string[];
  /** Each track's duration, ms, in the same order (positions are clamped to it). */
  durations_ms: number[];
}

/** A track the listener queued; it plays before the context goes on. */
export interface QueueItem {
  track_id: string;
  duration_ms: number;
}

/** The player as the DO stores it. */
export interface PlayerState {
  /** Index into `context.track_ids` of the current context track; -1 when nothing is loaded. */
  index: number;
  context: PlaybackContext | null;
  /** Play order of the context's indices: natural, or a fixed shuffle until shuffle is toggled. */
  order: number[];
  /** Tracks queued by the listener, next first. */
  queue: QueueItem[];
  /** The queued track playing now (the context waits at `index`), or null. */
  from_queue: QueueItem | null;
  /** Position at `updated_at`, ms. */
  position_ms: number;
  is_playing: boolean;
  /** The active device, or null. */
  device_id: string | null;
  shuffle: boolean;
  repeat: RepeatState;
  updated_at: number;
  /** Bumped by every claim of the player by a device; stale epochs are refused. */
  epoch: number;
}

/** The player as devices and the API see it: position extrapolated to `timestamp`. */
export interface PlayerView {
  device: (Device & { is_active: true }) | null;
  track_id: string | null;
  /** What plays after the current track: queued tracks, then the context's next ones (at most 20). */
  next_track_ids: string[];
  context_uri: string | null;
  progress_ms: number;
  is_playing: boolean;
  shuffle_state: boolean;
  repeat_state: RepeatState;
  epoch: number;
  timestamp: number;
}

/** Server → device. */
export type ServerEvent =
  | { type: "state"; state: PlayerView }
  | { type: "session_taken_over"; by_device_id: string; epoch: number }
  | { type: "error"; code: string; message: string };

/** Device → server. */
export type DeviceMessage = { type: "position"; epoch: number; position_ms: number };

/** What the Worker asks the DO to start playing. */
export interface PlayRequest {
  /** Device to play on; default: the active device. */
  device_id?: string;
  /** A new context to load; absent: resume what is loaded. */
  context?: PlaybackContext;
  /** Index into the new context's tracks to start at. */
  offset?: number;
  position_ms?: number;
}

/** A listen of at least this long counts as a play (and shows in recently-played), ms. */
export const COUNTED_PLAY_MS = 30_000;

/** One listen, as a device reports it (the seed's `play_history` columns). */
export interface PlayReport {
  /** Stable per listen: derived from user, device, track and start time. */
  event_id: string;
  track_id: string;
  /** When the listen started, epoch ms. */
  played_at: number;
  ms_played: number;
  context_uri: string | null;
  device_id: string;
}

/** An RPC answer: a value, or a refusal the Worker maps to an HTTP error. */
export type Outcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      status: 400 | 404 | 409 | 429;
      code: string;
      message: string;
      /** With 429: seconds until the request would succeed. */
      retry_after?: number;
    };

export const refuse = (
  status: 400 | 404 | 409 | 429,
  code: string,
  message: string,
  retryAfterSeconds?: number,
): Outcome<never> => ({
  ok: false,
  status,
  code,
  message,
  ...(retryAfterSeconds === undefined ? {} : { retry_after: retryAfterSeconds }),
});

/** Free listeners may skip forward this many times per rolling hour (seed §2). */
export const FREE_SKIPS_PER_HOUR = 6;
export const SKIP_WINDOW_MS = 3600_000;
