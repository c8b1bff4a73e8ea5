import type { PlayerState, QueueItem, RepeatState } from "./protocol.ts";

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
};

export function currentTrackId(state: PlayerState): string | null {
  return state.from_queue?.track_id ?? state.context?.track_ids[state.index] ?? null;
}

export function currentDurationMs(state: PlayerState): number | undefined {
  return state.from_queue?.duration_ms ?? state.context?.durations_ms[state.index];
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
 * stops after the last track), with the time left over carried into the next one.
 */
export function settle(state: PlayerState, nowMs: number): PlayerState {
  let s = state;
  for (let guard = 0; s.is_playing && guard < 10_000; guard++) {
    const duration = currentDurationMs(s);
    if (duration === undefined) return s;
    const elapsed = s.position_ms + Math.max(0, nowMs - s.updated_at);
    if (elapsed < duration) return s;
    const endedAt = nowMs - (elapsed - duration);
    if (s.repeat === "track") {
      s = { ...s, position_ms: 0, updated_at: endedAt };
      if (duration === 0) return s;
      continue;
    }
    const advanced = advance(s, endedAt);
    if (!advanced.is_playing) return advanced;
    s = advanced;
  }
  return s;
}

/** Skips to the next track (queue first, then the context in play order). */
export function skipNext(state: PlayerState, nowMs: number): PlayerState {
  return advance(state, nowMs);
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

/** What plays after the current track: the queue, then up to `limit` in all from the context. */
export function upcomingTrackIds(state: PlayerState, limit = 20): string[] {
  const ids = state.queue.map((q) => q.track_id);
  if (state.context) {
    const at = state.order.indexOf(state.index);
    for (let step = 1; ids.length < limit && step < state.order.length + 1; step++) {
      const pos = at + step;
      if (pos >= state.order.length && state.repeat !== "context") break;
      ids.push(state.context.track_ids[state.order[pos % state.order.length] as number] as string);
    }
  }
  return ids.slice(0, limit);
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
