import { describe, expect, it } from "vitest";
import {
  addToQueue,
  currentTrackId,
  EMPTY_STATE,
  positionAt,
  seek,
  setShuffle,
  settle,
  skipNext,
  skipPrevious,
  upcomingTrackIds,
} from "./player-state.ts";
import type { PlayerState } from "./protocol.ts";

/** A playing context of `n` tracks of 10 s each, on track `index`, `positionMs` in, at t = 0. */
function playing(n: number, index = 0, positionMs = 0, extra: Partial<PlayerState> = {}): PlayerState {
  return {
    ...EMPTY_STATE,
    context: {
      uri: "cadenza:album:a",
      track_ids: Array.from({ length: n }, (_, i) => `t${i}`),
      durations_ms: Array.from({ length: n }, () => 10_000),
    },
    order: Array.from({ length: n }, (_, i) => i),
    index,
    position_ms: positionMs,
    is_playing: true,
    device_id: "d",
    updated_at: 0,
    ...extra,
  };
}

describe("time passing", () => {
  it("moves on to the next track when one ends, carrying the time over", () => {
    const s = settle(playing(3), 12_500);
    expect(currentTrackId(s)).toBe("t1");
    expect(positionAt(s, 12_500)).toBe(2_500);
  });

  it("restarts the track under repeat-track", () => {
    const s = settle(playing(3, 0, 0, { repeat: "track" }), 25_000);
    expect(currentTrackId(s)).toBe("t0");
    expect(positionAt(s, 25_000)).toBe(5_000);
  });

  it("wraps under repeat-context and stops after the last track otherwise", () => {
    const wrapped = settle(playing(2, 1, 0, { repeat: "context" }), 13_000);
    expect(currentTrackId(wrapped)).toBe("t0");
    const stopped = settle(playing(2, 1), 13_000);
    expect(stopped).toMatchObject({ is_playing: false, index: 1 });
    expect(positionAt(stopped, 99_000)).toBe(10_000);
  });

  it("does nothing while paused", () => {
    const paused = { ...playing(3), is_playing: false };
    expect(settle(paused, 1_000_000)).toBe(paused);
  });
});

describe("queue", () => {
  it("plays queued tracks next, then resumes the context after the interrupted track", () => {
    let s = addToQueue(playing(3), { track_id: "q1", duration_ms: 5_000 });
    expect(upcomingTrackIds(s)).toEqual(["q1", "t1", "t2"]);
    s = skipNext(s, 1_000);
    expect(currentTrackId(s)).toBe("q1");
    s = settle(s, 1_000 + 5_000 + 100);
    expect(currentTrackId(s)).toBe("t1");
  });
});

describe("previous", () => {
  it("restarts the track after 3 s and goes back before that", () => {
    expect(positionAt(skipPrevious(playing(3, 1, 3_500), 0), 0)).toBe(0);
    expect(currentTrackId(skipPrevious(playing(3, 1, 3_500), 0))).toBe("t1");
    expect(currentTrackId(skipPrevious(playing(3, 1, 2_000), 0))).toBe("t0");
  });

  it("wraps from the first track to the last under repeat-context", () => {
    expect(currentTrackId(skipPrevious(playing(3, 0, 0, { repeat: "context" }), 0))).toBe("t2");
    expect(currentTrackId(skipPrevious(playing(3, 0, 0), 0))).toBe("t0");
  });
});

describe("shuffle", () => {
  it("keeps one random order, current track first, until toggled off", () => {
    let r = 0.1;
    const random = () => {
      r = (r * 7.3) % 1;
      return r;
    };
    const on = setShuffle(playing(8, 3), true, random);
    expect(on.order[0]).toBe(3);
    expect([...on.order].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(on.order).not.toEqual([3, 0, 1, 2, 4, 5, 6, 7]);
    // Skipping through follows that same order.
    const next = skipNext(on, 0);
    expect(next.index).toBe(on.order[1]);
    expect(setShuffle(on, true)).toBe(on);
    expect(setShuffle(on, false).order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe("seek", () => {
  it("clamps to the track", () => {
    expect(positionAt(seek(playing(1), 99_000, 0), 0)).toBe(10_000);
    expect(positionAt(seek(playing(1), -5, 0), 0)).toBe(0);
  });
});
