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

/** Who listens, as of the last claim of the player: decides ads and which ads may play. */
export interface Listener {
  product: "free" | "premium";
  /** ISO 3166-1 alpha-2: ads are licensed per market like music. */
  country: string;
}

/** An ad from the ads catalogue, as the player schedules it. */
export interface ScheduledAd {
  ad_id: string;
  track_id: string;
  duration_ms: number;
}

/** An ad playing before the player goes on with its music. */
export interface AdBreak extends ScheduledAd {
  /** Where the music that follows starts, ms. */
  music_position_ms: number;
}

/** What is playing: a context (album, playlist, artist, or just a list of URIs) and a position in it. */
export interface PlaybackContext {
  /** `cadenza:album:…`, or null when the listener played a bare list of URIs. */
  uri: string | null;
  /** The context's track ids in play order. */
  track_ids: string[];
  /** Each track's duration, ms, in the same order (positions are clamped to it). */
  durations_ms: number[];
  /**
   * Items remember where the listener left them (`resume_position_ms`) and start there again,
   * as podcast episodes do. Music contexts leave this unset.
   */
  resumable?: boolean;
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
  /** The ad playing now (the music waits behind it), or null. */
  ad: AdBreak | null;
  /** Music listened to since the last ad ended, at `updated_at`, ms of wall time. */
  music_ms_since_ad: number;
  /** How many ads this player has scheduled: rotates through the catalogue. */
  ad_turn: number;
  /** The listener as of the last claim; null before the first. */
  listener: Listener | null;
  /**
   * When the active device's last connection closed while it played (a closed tab), or null.
   * Unless it connects again within the grace period, the player pauses where it stopped.
   */
  device_lost_at: number | null;
}

/** The player as devices and the API see it: position extrapolated to `timestamp`. */
export interface PlayerView {
  device: (Device & { is_active: true }) | null;
  /** What the device should play now: a music track or, with `currently_playing_type` `ad`, an ad's audio. */
  track_id: string | null;
  currently_playing_type: "track" | "ad";
  /** The ad playing, when one is. */
  ad_id: string | null;
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

/** The queue as the listener sees and edits it (`GET /api/player/queue`). */
export interface QueueView {
  /** The music track on now (or waiting behind an ad), or null when nothing is loaded. */
  current_track_id: string | null;
  /** Whether an ad plays before that track goes on. */
  ad_playing: boolean;
  /** The tracks the listener queued, next first: every one, in order (positions are indices). */
  queued_track_ids: string[];
  context_uri: string | null;
  /** The context's tracks after the queue, in play order (a window of them). */
  next_from_context_ids: string[];
}

/** Server → device. */
export type ServerEvent =
  | { type: "state"; state: PlayerView }
  | { type: "session_taken_over"; by_device_id: string; epoch: number }
  | { type: "error"; code: string; message: string }
  | PlaylistChanged;

/** Pushed to every connected device of a playlist's owner and collaborators when it changes. */
export interface PlaylistChanged {
  type: "playlist_changed";
  playlist_id: string;
  snapshot_id: string;
  /** What happened, as in the playlist's activity (`add`, `remove`, `reorder`, …). */
  action: string;
  by_user_id: string;
}

/**
 * Device → server. `track_id`, when sent, names the track the position is on: a report that
 * arrives after the player moved on is answered with the current state instead of applied.
 */
export type DeviceMessage = { type: "position"; epoch: number; position_ms: number; track_id?: string };

/** What the Worker asks the DO to start playing. */
export interface PlayRequest {
  /** Who is asking (from the access token). */
  listener: Listener;
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

/** A listen as the history keeps it: the report plus what the catalogue says of its track. */
export interface RecordedPlay extends PlayReport {
  kind: "music" | "episode";
  artist_id: string;
}

/**
 * One track's counted listens (≥ COUNTED_PLAY_MS) in a stretch of the history. `kind` and
 * `artist_id` are null for listens recorded before the history kept them.
 */
export interface TrackPlayCount {
  track_id: string;
  kind: "music" | "episode" | null;
  artist_id: string | null;
  plays: number;
  /** Summed over the counted listens, ms. */
  ms_played: number;
  /** Start of the latest counted listen, epoch ms. */
  last_played_at: number;
}

/** What a user's followers may see of their listening (friend activity). */
export interface ListeningActivity {
  /** The music track on the player now, if it is playing (the one waiting behind an ad included). */
  now_playing: { track_id: string; context_uri: string | null; started_at: number } | null;
  /** The latest counted listen that was not a podcast episode, if any. */
  last_play: { track_id: string; context_uri: string | null; played_at: number } | null;
}

/** An RPC answer: a value, or a refusal the Worker maps to an HTTP error. */
export type Outcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      status: 400 | 403 | 404 | 409 | 429;
      code: string;
      message: string;
      /** With 429: seconds until the request would succeed. */
      retry_after?: number;
    };

export const refuse = (
  status: 400 | 403 | 404 | 409 | 429,
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

/** Free listeners hear an ad once this much music has played since the last one, ms (seed §2). */
export const AD_INTERVAL_MS = 15 * 60_000;
/** How far past the extrapolated position a report may put an ad, ms: ads cannot be skipped by reporting. */
export const AD_REPORT_TOLERANCE_MS = 2000;

/** Stream starts any listener may make in a rolling day (seed §12: 1000 plays/day). */
export const PLAYS_PER_DAY = 1000;
export const PLAY_LIMIT_WINDOW_MS = 24 * 3600_000;
/** A track started again within this long is the same play (a manifest refresh, a quality switch), ms. */
export const SAME_PLAY_WINDOW_MS = 10 * 60_000;

/** Where a listener left an item that resumes (an episode), as Spotify's `resume_point`. */
export interface ResumePoint {
  resume_position_ms: number;
  fully_played: boolean;
}
/** An item left this close to its end counts as fully played, ms. */
export const FULLY_PLAYED_MARGIN_MS = 1000;
