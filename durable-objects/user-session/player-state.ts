import {
  AD_INTERVAL_MS,
  type PlayerState,
  type QueueItem,
  type RepeatState,
  type ScheduledAd,
} from "./protocol.ts";

/**
 * Pure transitions of one user's player. Every function takes the state and the time and
 * returns the new state; the UserSession stores it and tells the devices. Times are epoch ms.
 */

/** `previous` restarts the current track instead of going back once this far in, ms (Spotify's rule). */
export const RESTART_THRESHOLD_MS = 3000;

export const EMPTY_STATE: PlayerState = {
  index: -1,
  context: null,
  order: [],
  queue: [],
  from_queue: null,
  position_ms: 0,
  is_playing: false,
  device_id: null,
  shuffle: false,
  repeat: "off",
  updated_at: 0,
  epoch: 0,
  ad: null,
  music_ms_since_ad: 0,
  ad_turn: 0,
  listener: null,
  device_lost_at: null,
};

/** What plays now: the ad when one is on, else the music. */
export function currentTrackId(state: PlayerState): string | null {
  return state.ad?.track_id ?? musicTrackId(state);
}

/** The music track that is on (or waits behind an ad). */
export function musicTrackId(state: PlayerState): string | null {
  return state.from_queue?.track_id ?? state.context?.track_ids[state.index] ?? null;
}

export function currentDurationMs(state: PlayerState): number | undefined {
  return state.ad?.duration_ms ?? musicDurationMs(state);
}

function musicDurationMs(state: PlayerState): number | undefined {
  return state.from_queue?.duration_ms ?? state.context?.durations_ms[state.index];
}

/** Music listened to since the last ad at `nowMs`, ms of wall time. */
export function musicMsSinceAd(state: PlayerState, nowMs: number): number {
  const running = state.is_playing && !state.ad ? Math.max(0, nowMs - state.updated_at) : 0;
  return state.music_ms_since_ad + running;
}

/** Whether the next thing to play should be an ad: a free listener, 15 min of music since the last. */
export function adDue(state: PlayerState, nowMs: number): boolean {
  return state.listener?.product === "free" && !state.ad && musicMsSinceAd(state, nowMs) >= AD_INTERVAL_MS;
}

/**
 * Puts the next ad of the rotation on before the music at `state`'s position (which then starts
 * where it was). Without ads in the catalogue the music just goes on.
 */
export function startAd(state: PlayerState, ads: readonly ScheduledAd[], atMs: number): PlayerState {
  const ad = ads[state.ad_turn % Math.max(1, ads.length)];
  if (!ad) return state;
  return {
    ...state,
    ad: { ...ad, music_position_ms: state.position_ms },
    ad_turn: state.ad_turn + 1,
    position_ms: 0,
    updated_at: atMs,
  };
}

/** Moves `updated_at` to `nowMs`, folding the time played since into the position and the ad clock. */
export function rebase(state: PlayerState, nowMs: number): PlayerState {
  if (nowMs <= state.updated_at) return state;
  return {
    ...state,
    position_ms: positionAt(state, nowMs),
    music_ms_since_ad: musicMsSinceAd(state, nowMs),
    updated_at: nowMs,
  };
}

/** The position at `nowMs` on the current track, without crossing into the next one. */
export function positionAt(state: PlayerState, nowMs: number): number {
  const raw = state.is_playing
    ? state.position_ms + Math.max(0, nowMs - state.updated_at)
    : state.position_ms;
  const duration = currentDurationMs(state);
  return Math.max(0, duration === undefined ? raw : Math.min(raw, duration));
}

/**
 * Plays time forward to `nowMs`: a track that ended while playing gives way to what follows it
 * (repeat-track restarts it, the queue comes first, repeat-context wraps, otherwise the player
 * stops after the last track), with the time left over carried into the next one. When an ad is
 * due it plays between two tracks; when it ends, the music goes on.
 */
export function settle(state: PlayerState, nowMs: number, ads: readonly ScheduledAd[] = []): PlayerState {
  let s = state;
  for (let guard = 0; s.is_playing && guard < 10_000; guard++) {
    const duration = currentDurationMs(s);
    if (duration === undefined) return s;
    const elapsed = s.position_ms + Math.max(0, nowMs - s.updated_at);
    if (elapsed < duration) return s;
    const endedAt = nowMs - (elapsed - duration);
    if (s.ad) {
      s = { ...s, ad: null, music_ms_since_ad: 0, position_ms: s.ad.music_position_ms, updated_at: endedAt };
      continue;
    }
    const played = { ...s, music_ms_since_ad: musicMsSinceAd(s, endedAt), updated_at: endedAt };
    let next = s.repeat === "track" ? { ...played, position_ms: 0 } : advance(played, endedAt);
    if (!next.is_playing) return next;
    if (adDue(next, endedAt)) next = startAd(next, ads, endedAt);
    // A zero-length track on repeat would loop forever in no time.
    if (duration === 0 && s.repeat === "track") return next;
    s = next;
  }
  return s;
}

/** Skips to the next track (queue first, then the context in play order); an ad due plays first. */
export function skipNext(state: PlayerState, nowMs: number, ads: readonly ScheduledAd[] = []): PlayerState {
  const next = advance(rebase(state, nowMs), nowMs);
  return next.is_playing && adDue(next, nowMs) ? startAd(next, ads, nowMs) : next;
}

/** Spotify's previous: restart after 3 s; else go back one in play order (wrapping under repeat-context). */
export function skipPrevious(state: PlayerState, nowMs: number): PlayerState {
  if (positionAt(state, nowMs) > RESTART_THRESHOLD_MS || !state.context) {
    return { ...state, position_ms: 0, updated_at: nowMs };
  }
  const at = state.order.indexOf(state.index);
  const back = at > 0 ? at - 1 : state.repeat === "context" ? state.order.length - 1 : 0;
  return {
    ...state,
    from_queue: null,
    index: state.order[back] ?? state.index,
    position_ms: 0,
    updated_at: nowMs,
  };
}

export function seek(state: PlayerState, positionMs: number, nowMs: number): PlayerState {
  const duration = currentDurationMs(state) ?? positionMs;
  return { ...state, position_ms: Math.max(0, Math.min(positionMs, duration)), updated_at: nowMs };
}

export function setRepeat(state: PlayerState, repeat: RepeatState): PlayerState {
  return { ...state, repeat };
}

/**
 * Turns shuffle on (a new random order that starts with the current track, kept until shuffle is
 * toggled) or off (back to the context's own order).
 */
export function setShuffle(state: PlayerState, on: boolean, random: () => number = Math.random): PlayerState {
  if (on === state.shuffle) return state;
  const count = state.context?.track_ids.length ?? 0;
  const natural = Array.from({ length: count }, (_, i) => i);
  if (!on) return { ...state, shuffle: false, order: natural };
  const rest = natural.filter((i) => i !== state.index);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rest[i], rest[j]] = [rest[j] as number, rest[i] as number];
  }
  return { ...state, shuffle: true, order: state.index >= 0 ? [state.index, ...rest] : rest };
}

export function addToQueue(state: PlayerState, item: QueueItem): PlayerState {
  return { ...state, queue: [...state.queue, item] };
}

/** Takes the queued track at `position` (0 = next) out of the queue; a position outside it changes nothing. */
export function removeFromQueue(state: PlayerState, position: number): PlayerState {
  if (position < 0 || position >= state.queue.length) return state;
  return { ...state, queue: state.queue.filter((_, i) => i !== position) };
}

/**
 * Moves `rangeLength` queued tracks from `rangeStart` to before the track now at `insertBefore`
 * (positions as before the move; `insertBefore` = the queue's length moves them to the end),
 * as Spotify reorders playlist items. A range outside the queue changes nothing.
 */
export function moveInQueue(
  state: PlayerState,
  rangeStart: number,
  insertBefore: number,
  rangeLength = 1,
): PlayerState {
  const { queue } = state;
  const rangeEnd = rangeStart + rangeLength;
  if (rangeStart < 0 || rangeLength < 1 || rangeEnd > queue.length) return state;
  if (insertBefore < 0 || insertBefore > queue.length) return state;
  if (insertBefore >= rangeStart && insertBefore <= rangeEnd) return state;
  const moved = queue.slice(rangeStart, rangeEnd);
  const rest = [...queue.slice(0, rangeStart), ...queue.slice(rangeEnd)];
  const at = insertBefore > rangeStart ? insertBefore - rangeLength : insertBefore;
  return { ...state, queue: [...rest.slice(0, at), ...moved, ...rest.slice(at)] };
}

/** The context's tracks that play after the current one, in play order (at most `limit`; wraps under repeat-context). */
export function upcomingContextTrackIds(state: PlayerState, limit: number): string[] {
  const ids: string[] = [];
  if (!state.context) return ids;
  const at = state.order.indexOf(state.index);
  // After a queued track the context goes on after the track it interrupted, so always from `at + 1`.
  for (let step = 1; ids.length < limit && step < state.order.length + 1; step++) {
    const pos = at + step;
    if (pos >= state.order.length && state.repeat !== "context") break;
    ids.push(state.context.track_ids[state.order[pos % state.order.length] as number] as string);
  }
  return ids;
}

/**
 * What plays after the current track: the music behind an ad, the queue, then up to `limit` in
 * all from the context.
 */
export function upcomingTrackIds(state: PlayerState, limit = 20): string[] {
  const behindAd = state.ad ? musicTrackId(state) : null;
  const ids = [...(behindAd ? [behindAd] : []), ...state.queue.map((q) => q.track_id)];
  return [...ids, ...upcomingContextTrackIds(state, Math.max(0, limit - ids.length))].slice(0, limit);
}

/** The natural order of a freshly loaded context (shuffled when shuffle is on). */
export function orderFor(
  state: PlayerState,
  count: number,
  startIndex: number,
  random?: () => number,
): number[] {
  const natural = Array.from({ length: count }, (_, i) => i);
  if (!state.shuffle) return natural;
  return setShuffle({ ...state, shuffle: false, index: startIndex, order: natural }, true, random).order;
}

function advance(state: PlayerState, atMs: number): PlayerState {
  const [head, ...rest] = state.queue;
  if (head) return { ...state, queue: rest, from_queue: head, position_ms: 0, updated_at: atMs };
  if (!state.context)
    return { ...state, from_queue: null, is_playing: false, position_ms: 0, updated_at: atMs };
  const at = state.order.indexOf(state.index);
  // Leaving a queued track resumes the context after the track it interrupted.
  const nextPos = at + 1;
  if (nextPos < state.order.length) {
    return {
      ...state,
      from_queue: null,
      index: state.order[nextPos] as number,
      position_ms: 0,
      updated_at: atMs,
    };
  }
  if (state.repeat === "context") {
    return { ...state, from_queue: null, index: state.order[0] as number, position_ms: 0, updated_at: atMs };
  }
  // The end of the context: stop on its last track, at its end.
  const last = state.context.durations_ms[state.index] ?? 0;
  return { ...state, from_queue: null, is_playing: false, position_ms: last, updated_at: atMs };
}
