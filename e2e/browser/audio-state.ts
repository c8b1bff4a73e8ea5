import type { Page } from "playwright-core";

/** The web player's media element as tests see it: its state, and waiting for it to play or pause. */

/** The player's playing `<audio>` element (the engine marks it; it may swap on track changes). */
export const ACTIVE_AUDIO_SELECTOR = 'audio[data-cadenza-player="active"]';

/** The active media element's state, or null when there is none. Times in seconds. */
export interface AudioState {
  currentTime: number;
  duration: number;
  paused: boolean;
  ended: boolean;
  /** HTMLMediaElement.readyState: 0 nothing … 4 enough data. */
  readyState: number;
  volume: number;
  muted: boolean;
  /** Seconds buffered ahead of `currentTime`. */
  bufferedAhead: number;
}

export function audioState(page: Page): Promise<AudioState | null> {
  return page.evaluate((selector) => {
    const audio = document.querySelector<HTMLAudioElement>(selector);
    if (!audio) return null;
    let bufferedAhead = 0;
    for (let i = 0; i < audio.buffered.length; i++) {
      if (audio.buffered.start(i) <= audio.currentTime && audio.currentTime <= audio.buffered.end(i))
        bufferedAhead = audio.buffered.end(i) - audio.currentTime;
    }
    return {
      currentTime: audio.currentTime,
      duration: audio.duration,
      paused: audio.paused,
      ended: audio.ended,
      readyState: audio.readyState,
      volume: audio.volume,
      muted: audio.muted,
      bufferedAhead,
    };
  }, ACTIVE_AUDIO_SELECTOR);
}

/**
 * Waits until the active audio element is playing and its `currentTime` has advanced by
 * `seconds` (default 1) past where it was first seen; returns the last state. Throws with the
 * last state seen after `timeoutMs` (default 20 s).
 */
export async function waitForAudioToAdvance(
  page: Page,
  options: { seconds?: number; timeoutMs?: number; from?: number } = {},
): Promise<AudioState> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let start: number | undefined = options.from;
  let last: AudioState | null = null;
  while (Date.now() < deadline) {
    last = await audioState(page);
    if (last && !last.paused) {
      start ??= last.currentTime;
      if (last.currentTime >= start + (options.seconds ?? 1)) return last;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(
    `audio did not advance ${options.seconds ?? 1} s in time; last state: ${JSON.stringify(last)}`,
  );
}

/** Waits until the active audio element is paused (or gone); returns its last state. */
export async function waitForAudioToPause(page: Page, timeoutMs = 10_000): Promise<AudioState | null> {
  const deadline = Date.now() + timeoutMs;
  let last: AudioState | null = null;
  while (Date.now() < deadline) {
    last = await audioState(page);
    if (!last || last.paused) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`audio still playing after ${timeoutMs} ms: ${JSON.stringify(last)}`);
}
