import type { Page } from "playwright-core";

/**
 * The player benchmark's instruments inside the page. An init script records every media event
 * of the player's `<audio>` decks (capture phase on the document: media events do not bubble)
 * with `performance.now()`; the measurements below run in the page too, so a sample's clock is
 * the page's own and no DevTools round trip lands inside it. Clicks are real `click()`s on the
 * player's own buttons (the UI's handlers run exactly as for a listener).
 */

/** Installed with `context.addInitScript`, before the app's scripts. */
export const PROBE_INIT_SCRIPT = `(() => {
  const events = [];
  for (const type of ["playing", "waiting", "seeking", "seeked", "emptied"]) {
    document.addEventListener(type, (event) => {
      const el = event.target;
      if (!(el instanceof HTMLMediaElement)) return;
      events.push({ type, t: performance.now(), el, active: el.dataset.cadenzaPlayer === "active", ct: el.currentTime });
    }, true);
  }
  window.__cadenzaProbe = { events };
})();`;

/** How long one measurement may take before it counts as failed, ms. */
export const SAMPLE_TIMEOUT_MS = 30_000;

/** A measured interval, ms, or why it could not be measured. */
export type Sample = { ms: number } | { error: string };

/**
 * Clicks the "Play {trackName}" button and returns the time to the first `playing` event of the
 * active deck after the click, once its `currentTime` is seen advancing (the first audible frame).
 */
export function measureStart(page: Page, trackName: string): Promise<Sample> {
  return page.evaluate(
    async ({ trackName, timeoutMs }) => {
      const probe = (window as unknown as { __cadenzaProbe: { events: ProbeEvent[] } }).__cadenzaProbe;
      const button = Array.from(document.querySelectorAll("button")).find(
        (b) => b.getAttribute("aria-label") === `Play ${trackName}`,
      );
      if (!button) return { error: `no "Play ${trackName}" button` };
      const t0 = performance.now();
      button.click();
      return awaitAudible(probe.events, t0, timeoutMs);

      interface ProbeEvent {
        type: string;
        t: number;
        el: HTMLMediaElement;
        active: boolean;
        ct: number;
      }
      async function awaitAudible(events: ProbeEvent[], since: number, timeout: number) {
        const deadline = since + timeout;
        let checked = events.length;
        while (performance.now() < deadline) {
          for (; checked < events.length; checked++) {
            const event = events[checked] as ProbeEvent;
            if (event.type !== "playing" || event.t < since || !event.active) continue;
            // Audible: currentTime moves on within half a second of `playing`.
            const until = performance.now() + 500;
            while (performance.now() < until) {
              if (event.el.currentTime > event.ct + 0.005 && !event.el.paused) return { ms: event.t - since };
              await new Promise((r) => setTimeout(r, 5));
            }
          }
          await new Promise((r) => setTimeout(r, 5));
        }
        return { error: `no audible playing within ${timeout} ms` };
      }
    },
    { trackName, timeoutMs: SAMPLE_TIMEOUT_MS },
  );
}

/**
 * Moves the player's seek bar to `fraction` of the track (as letting go of a drag does) and
 * returns the time until the active deck plays on from there: not seeking, not paused, and
 * `currentTime` past the target and advancing.
 */
export function measureSeek(page: Page, fraction: number): Promise<Sample> {
  return page.evaluate(
    async ({ fraction, timeoutMs }) => {
      const slider = document.querySelector<HTMLInputElement>(
        '.player-bar input[type="range"][aria-label="Seek"]',
      );
      const audio = document.querySelector<HTMLAudioElement>('audio[data-cadenza-player="active"]');
      if (!slider || !audio) return { error: "no seek bar or active deck" };
      const targetMs = Math.round((Number(slider.max) * fraction) / 1000) * 1000;
      const t0 = performance.now();
      slider.value = String(targetMs);
      slider.dispatchEvent(new Event("input", { bubbles: true }));
      slider.dispatchEvent(new Event("change", { bubbles: true }));
      const target = targetMs / 1000;
      const deadline = t0 + timeoutMs;
      let seen: number | null = null;
      while (performance.now() < deadline) {
        const el = document.querySelector<HTMLAudioElement>('audio[data-cadenza-player="active"]');
        if (el && !el.seeking && !el.paused && el.readyState >= 3 && el.currentTime >= target - 0.05) {
          if (seen === null) seen = el.currentTime;
          else if (el.currentTime > seen + 0.005) return { ms: performance.now() - t0 };
        }
        await new Promise((r) => setTimeout(r, 2));
      }
      return { error: `did not resume at ${target} s within ${timeoutMs} ms` };
    },
    { fraction, timeoutMs: SAMPLE_TIMEOUT_MS },
  );
}

/**
 * Waits (up to `waitMs`) until the spare deck has buffered `seconds` of the next track, then
 * clicks Next and returns the time to the first audible frame of the deck that takes over, and
 * whether the prefetch was ready when Next was clicked.
 */
export function measureSkip(
  page: Page,
  seconds = 2,
  waitMs = 10_000,
): Promise<Sample & { prefetched?: boolean; swapped?: boolean }> {
  return page.evaluate(
    async ({ seconds, waitMs, timeoutMs }) => {
      const probe = (
        window as unknown as {
          __cadenzaProbe: {
            events: { type: string; t: number; el: HTMLMediaElement; active: boolean; ct: number }[];
          };
        }
      ).__cadenzaProbe;
      const spareReady = () => {
        const spare = Array.from(
          document.querySelectorAll<HTMLAudioElement>("audio[data-cadenza-deck]"),
        ).find((el) => el.dataset.cadenzaPlayer !== "active");
        return !!spare && spare.buffered.length > 0 && spare.buffered.end(0) >= seconds;
      };
      const waitUntil = performance.now() + waitMs;
      while (!spareReady() && performance.now() < waitUntil) await new Promise((r) => setTimeout(r, 20));
      const prefetched = spareReady();
      const button = document.querySelector<HTMLButtonElement>('.player-bar button[aria-label="Next"]');
      if (!button || button.disabled) return { error: "no enabled Next button", prefetched };
      const before = document.querySelector('audio[data-cadenza-player="active"]');
      const t0 = performance.now();
      button.click();
      const deadline = t0 + timeoutMs;
      let checked = probe.events.length;
      while (performance.now() < deadline) {
        for (; checked < probe.events.length; checked++) {
          const event = probe.events[checked] as (typeof probe.events)[number];
          if (event.type !== "playing" || event.t < t0 || !event.active) continue;
          const until = performance.now() + 500;
          while (performance.now() < until) {
            if (event.el.currentTime > event.ct + 0.005 && !event.el.paused)
              return { ms: event.t - t0, prefetched, swapped: event.el !== before };
            await new Promise((r) => setTimeout(r, 5));
          }
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      return { error: `no audible next track within ${timeoutMs} ms`, prefetched };
    },
    { seconds, waitMs, timeoutMs: SAMPLE_TIMEOUT_MS },
  );
}

/** Stalls since `since` (page ms): `waiting` on the active deck after it had started playing, and the time spent waiting. */
export function countStalls(
  page: Page,
  since: number,
): Promise<{ stalls: number; stalledMs: number; plays: number }> {
  return page.evaluate((since) => {
    const probe = (
      window as unknown as {
        __cadenzaProbe: {
          events: { type: string; t: number; el: HTMLMediaElement; active: boolean; ct: number }[];
        };
      }
    ).__cadenzaProbe;
    const started = new Set<HTMLMediaElement>();
    const waitingSince = new Map<HTMLMediaElement, number>();
    let stalls = 0;
    let stalledMs = 0;
    let plays = 0;
    for (const event of probe.events) {
      if (event.t < since) continue;
      if (event.type === "emptied") started.delete(event.el);
      if (event.type === "seeking") waitingSince.delete(event.el);
      if (event.type === "playing") {
        if (!started.has(event.el)) plays++;
        started.add(event.el);
        const from = waitingSince.get(event.el);
        if (from !== undefined) stalledMs += event.t - from;
        waitingSince.delete(event.el);
      }
      if (event.type === "waiting" && event.active && started.has(event.el)) {
        stalls++;
        waitingSince.set(event.el, event.t);
      }
    }
    return { stalls, stalledMs, plays };
  }, since);
}

/** The page's clock now, ms. */
export const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.now());
