import type { RefObject } from "preact";
import { useEffect, useRef } from "preact/hooks";

/** Lyrics as `GET /api/lyrics/{trackId}` answers: lines with their start, ms (0 for plain lyrics). */
export interface LyricsBody {
  track_id: string;
  synced: boolean;
  language: string | null;
  lines: { start_ms: number; text: string }[];
}

/** After the listener scrolls the lyrics themselves, they are left alone this long, ms. */
const MANUAL_SCROLL_PAUSE_MS = 4000;

/**
 * The line sung at `positionMs`: the last one that has started (lines are in time order), or -1
 * before the first.
 */
export function currentLineIndex(lines: LyricsBody["lines"], positionMs: number): number {
  let low = 0;
  let high = lines.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((lines[mid]?.start_ms ?? 0) <= positionMs) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/**
 * Keeps line `current` of `list` centred as it changes: smoothly, or at once under
 * `prefers-reduced-motion`; not while the listener is scrolling the lyrics by hand.
 */
export function useFollowCurrentLine(list: RefObject<HTMLElement | null>, current: number): void {
  const pausedUntil = useRef(0);
  useEffect(() => {
    const pause = () => {
      pausedUntil.current = Date.now() + MANUAL_SCROLL_PAUSE_MS;
    };
    const scroller = list.current?.closest(".content") ?? document;
    const keys = (event: Event) => {
      if (["PageUp", "PageDown", "Home", "End"].includes((event as KeyboardEvent).key)) pause();
    };
    scroller.addEventListener("wheel", pause, { passive: true });
    scroller.addEventListener("touchmove", pause, { passive: true });
    scroller.addEventListener("keydown", keys);
    return () => {
      scroller.removeEventListener("wheel", pause);
      scroller.removeEventListener("touchmove", pause);
      scroller.removeEventListener("keydown", keys);
    };
  }, [list]);
  useEffect(() => {
    if (current < 0 || Date.now() < pausedUntil.current) return;
    const line = list.current?.children[current] as HTMLElement | undefined;
    const reduce = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    line?.scrollIntoView({ block: "center", behavior: reduce ? "auto" : "smooth" });
  }, [list, current]);
}
