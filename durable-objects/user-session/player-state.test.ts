import { describe, expect, it } from "vitest";
import {
  adDue,
  addToQueue,
  currentTrackId,
  EMPTY_STATE,
  moveInQueue,
  musicMsSinceAd,
  positionAt,
  rebase,
  removeFromQueue,
  seek,
  setShuffle,
  settle,
  skipNext,
  skipPrevious,
  upcomingContextTrackIds,
  upcomingTrackIds,
} from "./player-state.ts";
import { AD_INTERVAL_MS, type PlayerState } from "./protocol.ts";

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

describe("ads", () => {
  const ADS = [
    { ad_id: "ad1", track_id: "ad-audio-1", duration_ms: 15_000 },
    { ad_id: "ad2", track_id: "ad-audio-2", duration_ms: 20_000 },
  ];
  const free = { listener: { product: "free" as const, country: "DE" } };
  const premium = { listener: { product: "premium" as const, country: "DE" } };
  /** 200 tracks of 10 s, repeat off: 15 minutes is the 90th boundary. */
  const album = (extra: Partial<PlayerState>) => playing(200, 0, 0, extra);

  it("plays one between two tracks once a free listener has heard 15 minutes of music", () => {
    const before = settle(album(free), AD_INTERVAL_MS - 1);
    expect(before.ad).toBeNull();
    expect(currentTrackId(before)).toBe("t89");
    const during = settle(album(free), AD_INTERVAL_MS + 5_000, ADS);
    expect(during).toMatchObject({ ad: { ad_id: "ad1", music_position_ms: 0 }, ad_turn: 1 });
    expect(currentTrackId(during)).toBe("ad-audio-1");
    expect(positionAt(during, AD_INTERVAL_MS + 5_000)).toBe(5_000);
    // The music that waits behind the ad is next.
    expect(upcomingTrackIds(during).slice(0, 2)).toEqual(["t90", "t91"]);
    // After the ad the music goes on, and the clock starts again.
    const after = settle(during, AD_INTERVAL_MS + 15_000 + 2_000, ADS);
    expect(after.ad).toBeNull();
    expect(currentTrackId(after)).toBe("t90");
    expect(positionAt(after, AD_INTERVAL_MS + 17_000)).toBe(2_000);
    expect(musicMsSinceAd(after, AD_INTERVAL_MS + 17_000)).toBe(2_000);
  });

  it("rotates through the catalogue, one ad per 15 minutes of music", () => {
    // Music 0..900 s, ad1 900..915 s, music 915..1815 s, ad2 1815..1835 s, then music again.
    expect(settle(album(free), 1_000_000, ADS).ad).toBeNull();
    const second = settle(album(free), 1_816_000, ADS);
    expect(second).toMatchObject({ ad: { ad_id: "ad2" }, ad_turn: 2 });
    expect(settle(album(free), 1_836_000, ADS).ad).toBeNull();
  });

  it("never plays one for premium listeners, and plays on without ads when the catalogue is empty", () => {
    expect(settle(album(premium), 3 * AD_INTERVAL_MS, ADS).ad).toBeNull();
    const none = settle(album(free), AD_INTERVAL_MS + 5_000, []);
    expect(none.ad).toBeNull();
    expect(currentTrackId(none)).toBe("t90");
  });

  it("counts only time spent playing music, not paused time", () => {
    const paused = { ...album(free), is_playing: false, music_ms_since_ad: AD_INTERVAL_MS - 1_000 };
    expect(adDue(paused, 10 * AD_INTERVAL_MS)).toBe(false);
    const resumed = { ...paused, is_playing: true, updated_at: 50_000 };
    expect(adDue(resumed, 50_999)).toBe(false);
    expect(adDue(resumed, 51_000)).toBe(true);
    expect(rebase(resumed, 51_000).music_ms_since_ad).toBe(AD_INTERVAL_MS);
  });

  it("puts a due ad before the track a skip lands on", () => {
    const due = { ...album(free), music_ms_since_ad: AD_INTERVAL_MS - 100 };
    const skipped = skipNext(due, 500, ADS);
    expect(skipped.ad?.ad_id).toBe("ad1");
    expect(upcomingTrackIds(skipped)[0]).toBe("t1");
  });
});

describe("editing the queue", () => {
  const queued = (...ids: string[]) =>
    playing(3, 0, 0, { queue: ids.map((id) => ({ track_id: id, duration_ms: 5000 })) });
  const ids = (s: PlayerState) => s.queue.map((q) => q.track_id);

  it("removes the queued track at a position and ignores a position outside the queue", () => {
    expect(ids(removeFromQueue(queued("a", "b", "c"), 1))).toEqual(["a", "c"]);
    const same = queued("a");
    expect(removeFromQueue(same, 1)).toBe(same);
    expect(removeFromQueue(same, -1)).toBe(same);
  });

  it("moves queued tracks before another, forwards and backwards, as a playlist reorder does", () => {
    expect(ids(moveInQueue(queued("a", "b", "c", "d"), 0, 3))).toEqual(["b", "c", "a", "d"]);
    expect(ids(moveInQueue(queued("a", "b", "c", "d"), 0, 4))).toEqual(["b", "c", "d", "a"]);
    expect(ids(moveInQueue(queued("a", "b", "c", "d"), 3, 0))).toEqual(["d", "a", "b", "c"]);
    expect(ids(moveInQueue(queued("a", "b", "c", "d"), 1, 4, 2))).toEqual(["a", "d", "b", "c"]);
  });

  it("leaves the queue alone for a move onto itself or outside it", () => {
    const s = queued("a", "b");
    expect(moveInQueue(s, 0, 1)).toBe(s);
    expect(moveInQueue(s, 0, 0)).toBe(s);
    expect(moveInQueue(s, 2, 0)).toBe(s);
    expect(moveInQueue(s, 0, 3)).toBe(s);
    expect(moveInQueue(s, 1, 0, 2)).toBe(s);
  });

  it("lists the context's next tracks apart from the queue, wrapping round to the current one under repeat-context", () => {
    expect(upcomingContextTrackIds(queued("a"), 10)).toEqual(["t1", "t2"]);
    expect(upcomingContextTrackIds(playing(3, 2, 0, { repeat: "context" }), 10)).toEqual(["t0", "t1", "t2"]);
    expect(upcomingContextTrackIds(playing(3, 0), 1)).toEqual(["t1"]);
    expect(upcomingTrackIds(queued("a"), 2)).toEqual(["a", "t1"]);
  });
});
