import { effect, untracked } from "@preact/signals";
import { pause } from "./controller.ts";
import type { Deck, DeckEvent } from "./deck.ts";
import { DeckPair } from "./deck-pair.ts";
import { sendToSession } from "./device.ts";
import { type AppliedIntent, type LocalIntent, setIntentHandler } from "./intents.ts";
import { beginListen, endListen, notePlayed, playbackStarted, resetListenClock } from "./listens.ts";
import { settings } from "./settings.ts";
import {
  buffering,
  currentQuality,
  currentTrack,
  isActiveDevice,
  type PlayerView,
  playbackError,
  playerView,
  positionMs,
  qualityCeiling,
} from "./state.ts";

/**
 * The playback engine: while this tab is the active device it makes two `<audio>` decks follow
 * the session's `playerView` — the decks.current track (hls.js on MSE, from the session's position,
 * playing or paused as the session says) and the next one, prefetched so a skip or the end of a
 * track swaps instantly. The session moves on by itself at each track's end (from catalog
 * durations; position reports keep it aligned with what this tab really played), so at the true
 * end the engine starts the prefetched track itself, gaplessly, and expects the session's push.
 */

/** A session position this far from the local one is a seek from elsewhere, ms. */
const SEEK_TOLERANCE_MS = 3000;
/** How often the playing device tells the session where it is, ms. */
const REPORT_EVERY_MS = 5000;
/** How long a local move to the next track waits for the session to agree, ms. */
const EXPECT_SESSION_MS = 5000;
/** Once the session accepted a command, how long its push may still take to arrive, ms. */
const LATE_PUSH_MS = 1000;
/** Within this of the true end, the next track starts, s. */
const END_EPSILON_S = 0.015;

let decks: DeckPair;
/** Commands in flight from this tab: the session's pushes wait until they settle. */
let holds = 0;
/**
 * A local move to `trackId` the session has not confirmed yet: until then (at most `until`) the
 * session's older state is not followed. `claim`: this tab started playing before the session
 * made it the active device.
 */
let expected: { trackId: string; until: number; claim: boolean } | null = null;
let expectTimer: ReturnType<typeof setTimeout> | undefined;
let endTimer: ReturnType<typeof setTimeout> | undefined;
const disposers: (() => void)[] = [];

/** Starts following the session; returns the function that stops and frees both decks. */
export function startEngine(): () => void {
  decks = new DeckPair(onDeckEvent);
  for (const deck of decks.both) watchDeck(deck);
  disposers.push(
    effect(() => {
      void playerView.value;
      void isActiveDevice.value;
      untracked(reconcile);
    }),
    effect(() => {
      void settings.value.volume;
      void settings.value.normalise;
      untracked(() => decks.applyVolume());
    }),
    effect(() => {
      const quality = settings.value.quality;
      untracked(() => {
        for (const deck of decks.both) deck.setQuality(quality);
        publish();
      });
    }),
  );
  const ticker = setInterval(tick, 250);
  const reporter = setInterval(reportPosition, REPORT_EVERY_MS);
  const online = () => {
    if (decks.current.error && decks.current.trackId) reload();
  };
  addEventListener("online", online);
  setIntentHandler(applyIntent);
  return () => {
    setIntentHandler(null);
    removeEventListener("online", online);
    clearInterval(ticker);
    clearInterval(reporter);
    clearTimeout(endTimer);
    clearTimeout(expectTimer);
    expected = null;
    for (const dispose of disposers.splice(0)) dispose();
    endListen();
    decks.dispose();
    buffering.value = false;
    currentQuality.value = null;
    qualityCeiling.value = null;
    playbackError.value = null;
    positionMs.value = 0;
  };
}

/** Where the session says the decks.current item is now, ms. */
function sessionPositionMs(view: PlayerView): number {
  return view.progress_ms + (view.is_playing ? Math.max(0, Date.now() - view.timestamp) : 0);
}

/** Makes this tab do what the session says (or stand down when another device plays). */
function reconcile(): void {
  if (holds > 0) return;
  const view = playerView.value;
  if (expected) {
    if (view?.track_id !== expected.trackId && Date.now() < expected.until) return;
    expected = null;
  }
  if (!isActiveDevice.value || !view?.track_id) {
    standDown();
    return;
  }
  const wantMs = sessionPositionMs(view);
  if (decks.current.trackId !== view.track_id) {
    if (decks.hasUpcoming(view.track_id)) decks.swap();
    else decks.load(view.track_id, wantMs);
    beginListen(view.track_id, view.context_uri);
    if (decks.current.audio.readyState > 0) seekIfFar(wantMs);
  } else if (decks.current.audio.readyState > 0 && !decks.current.audio.seeking) {
    seekIfFar(wantMs);
  }
  decks.setPlaying(view.is_playing);
  decks.prefetch(view.repeat_state === "track" ? null : (view.next_track_ids[0] ?? null));
  decks.markActive(true);
  publish();
}

function seekIfFar(wantMs: number): void {
  if (Math.abs(decks.current.audio.currentTime * 1000 - wantMs) > SEEK_TOLERANCE_MS) decks.seek(wantMs);
}

/** Another device plays (or nothing does): silence here, keep what is loaded for a quick return. */
function standDown(): void {
  clearTimeout(endTimer);
  clearTimeout(expectTimer);
  expected = null;
  decks.pauseAll();
  endListen();
  decks.markActive(false);
  buffering.value = false;
  playbackError.value = null;
}

function reload(): void {
  const trackId = decks.current.trackId;
  if (!trackId) return;
  const at = decks.current.audio.currentTime * 1000;
  decks.current.unload();
  decks.load(trackId, at);
  reconcile();
}

/** Don't follow the session's older state until it shows `trackId` (or `ms` passed). */
function expectTrack(trackId: string, claim: boolean, ms = EXPECT_SESSION_MS): void {
  expected = { trackId, until: Date.now() + ms, claim };
  scheduleExpectCheck();
}

/** Should the session never agree (it refused, or its clock differs), follow it after the wait. */
function scheduleExpectCheck(): void {
  clearTimeout(expectTimer);
  if (expected) expectTimer = setTimeout(reconcile, Math.max(0, expected.until - Date.now()) + 20);
}

/** Whether this tab plays: the session says so, or this tab just started and the session will. */
function playsHere(): boolean {
  return isActiveDevice.value || expected?.claim === true;
}

/**
 * Starts `trackId` here at once, while the play command goes to the session (this tab may not be
 * the active device yet): the click-to-sound time does not wait for the session's round trip.
 */
function startLocally(trackId: string, positionMs: number, contextUri: string | null): void {
  endListen();
  expectTrack(trackId, true);
  if (decks.current.trackId === trackId && !decks.current.error) decks.seek(positionMs);
  else if (decks.hasUpcoming(trackId)) {
    decks.swap();
    decks.seek(positionMs);
  } else decks.load(trackId, positionMs);
  if (!decks.upcoming.audio.paused) decks.upcoming.audio.pause();
  decks.markActive(true);
  beginListen(trackId, contextUri);
  decks.setPlaying(true);
}

/** A command from this tab, applied here before the session answers (see intents.ts). */
function applyIntent(intent: LocalIntent): AppliedIntent | null {
  const view = playerView.value;
  if (intent.kind === "start") {
    // An ad on now plays first whatever is asked: nothing to start early.
    if (view?.currently_playing_type === "ad") return null;
    const release = hold(() => startLocally(intent.trackId, intent.positionMs, intent.contextUri));
    return { release, audioFirst: decks.current.canPlay };
  }
  if (!isActiveDevice.value || !view?.track_id || view.currently_playing_type === "ad") {
    return intent.kind === "pause" && isActiveDevice.value
      ? { release: hold(() => decks.current.audio.pause()) }
      : null;
  }
  switch (intent.kind) {
    case "pause":
      return { release: hold(() => decks.current.audio.pause()) };
    case "resume":
      return { release: hold(() => decks.setPlaying(true)) };
    case "seek":
      return { release: hold(() => decks.seek(intent.positionMs)) };
    case "previous":
      // Spotify's rule, as the session applies it: past 3 s, previous restarts the track.
      return { release: hold(() => (decks.current.audio.currentTime > 3 ? decks.seek(0) : undefined)) };
    case "next":
      return { release: hold(() => advanceLocally(true)) };
  }
}

function hold(apply: () => void): (accepted: boolean) => void {
  holds++;
  apply();
  publish();
  let released = false;
  return (accepted) => {
    if (released) return;
    released = true;
    holds--;
    if (expected) {
      // A refused command (skip limit, an ad) leaves the session where it was: go back to it.
      // An accepted one's push is on its way, or already here.
      expected.until = accepted ? Math.min(expected.until, Date.now() + LATE_PUSH_MS) : 0;
      scheduleExpectCheck();
    }
    if (holds === 0) reconcile();
  };
}

/**
 * Moves to what plays next without waiting for the session: at the true end of a track, or on a
 * skip from this tab. Repeat-one restarts; at the end of the context the player stops.
 */
function advanceLocally(skip: boolean): void {
  const view = playerView.value;
  if (!view || !decks.current.trackId) return;
  clearTimeout(endTimer);
  endListen();
  if (view.repeat_state === "track" && !skip) {
    decks.seek(0);
    beginListen(decks.current.trackId, view.context_uri);
    return;
  }
  const nextId = view.next_track_ids[0];
  if (!nextId) {
    decks.current.audio.pause();
    return;
  }
  expectTrack(nextId, false);
  if (decks.hasUpcoming(nextId)) {
    decks.swap();
    if (decks.current.audio.currentTime > 0.5) decks.current.audio.currentTime = 0;
  } else {
    decks.load(nextId, 0);
  }
  beginListen(nextId, view.context_uri);
  decks.setPlaying(view.is_playing);
  publish();
}

function watchDeck(deck: Deck): void {
  const audio = deck.audio;
  const mine = () => deck === decks.current && playsHere();
  audio.addEventListener("timeupdate", () => {
    if (!mine()) return;
    if (deck.trackId) notePlayed(deck.trackId, audio.currentTime, !audio.paused);
    positionMs.value = audio.currentTime * 1000;
    watchEnd();
  });
  audio.addEventListener("playing", () => {
    if (!mine()) return;
    playbackStarted();
    buffering.value = false;
    watchEnd();
    reportPosition();
  });
  audio.addEventListener("canplay", () => {
    if (deck === decks.current) decks.currentReady();
  });
  audio.addEventListener("waiting", () => {
    if (mine() && !audio.paused) buffering.value = true;
  });
  audio.addEventListener("pause", () => {
    if (!mine()) return;
    buffering.value = false;
    resetListenClock();
  });
  audio.addEventListener("seeked", () => {
    if (mine()) watchEnd();
  });
  audio.addEventListener("ended", () => {
    if (mine()) advanceLocally(false);
  });
}

/** Starts the next track exactly at the decks.current one's true end (the padding after it is skipped). */
function watchEnd(): void {
  clearTimeout(endTimer);
  const audio = decks.current.audio;
  const end = decks.current.endS;
  if (end === null || audio.paused || !playsHere()) return;
  const remainingS = end - audio.currentTime;
  if (remainingS <= END_EPSILON_S) {
    advanceLocally(false);
    return;
  }
  if (remainingS < 1.5) endTimer = setTimeout(watchEnd, (remainingS * 1000) / (audio.playbackRate || 1));
}

function reportPosition(): void {
  const view = playerView.value;
  const audio = decks.current.audio;
  if (!view || !isActiveDevice.value || holds > 0 || expected || !decks.current.trackId) return;
  if (decks.current.trackId !== view.track_id || audio.seeking || audio.readyState < 3 || audio.paused)
    return;
  sendToSession({
    type: "position",
    epoch: view.epoch,
    position_ms: Math.round(audio.currentTime * 1000),
    track_id: decks.current.trackId,
  });
}

function tick(): void {
  const view = playerView.value;
  if (playsHere() && decks.current.trackId) {
    positionMs.value = decks.current.audio.currentTime * 1000;
    return;
  }
  if (!view?.track_id) return;
  const duration = currentTrack.value?.duration_ms ?? Number.POSITIVE_INFINITY;
  positionMs.value = Math.min(sessionPositionMs(view), duration);
}

function onDeckEvent(deck: Deck, event: DeckEvent): void {
  if (event === "info") decks.applyVolume();
  if (deck !== decks.current) return;
  if (event === "error") decks.currentReady();
  if (event === "info") watchEnd();
  publish();
  // A track that cannot play here (451, offline…) pauses the session: the bar then shows why,
  // with Play, instead of a player that claims to play in silence.
  if (event === "error" && isActiveDevice.value && playerView.value?.is_playing) {
    pause().catch(() => undefined);
  }
}

function publish(): void {
  if (playsHere()) decks.publish();
}
