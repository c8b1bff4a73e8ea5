import { describe, expect, it } from "vitest";
import type { TrackPlayCount } from "../../durable-objects/user-session/protocol.ts";
import { byRecency, pickActivity } from "./friend-activity.ts";
import { rangeStart, rankArtists, rankGenres, rankTracks, totalsOf } from "./listening.ts";

const count = (track_id: string, plays: number, last: number, extra: Partial<TrackPlayCount> = {}) =>
  ({
    track_id,
    kind: "music",
    artist_id: `artist-of-${track_id}`,
    plays,
    ms_played: plays * 60_000,
    last_played_at: last,
    ...extra,
  }) satisfies TrackPlayCount;

describe("rankings", () => {
  it("ranks tracks by plays, ties to the most recently played, leaving out episodes and unknown kinds", () => {
    const ranked = rankTracks([
      count("a", 2, 100),
      count("b", 3, 50),
      count("c", 2, 200),
      count("episode", 9, 300, { kind: "episode" }),
      count("legacy", 9, 300, { kind: null, artist_id: null }),
    ]);
    expect(ranked.map((c) => c.track_id)).toEqual(["b", "c", "a"]);
  });

  it("sums an artist's tracks and never ranks a podcast publisher", () => {
    const ranked = rankArtists([
      count("a1", 2, 100, { artist_id: "A" }),
      count("a2", 2, 150, { artist_id: "A" }),
      count("b1", 4, 120, { artist_id: "B" }),
      count("e", 10, 500, { kind: "episode", artist_id: "P" }),
    ]);
    expect(ranked).toEqual([
      { artistId: "A", plays: 4, lastPlayedAt: 150 },
      { artistId: "B", plays: 4, lastPlayedAt: 120 },
    ]);
  });

  it("tallies genres by their artists' plays, an artist counting in each of its genres", () => {
    const genres = rankGenres(
      [
        { artistId: "A", plays: 4, lastPlayedAt: 0 },
        { artistId: "B", plays: 3, lastPlayedAt: 0 },
        { artistId: "C", plays: 1, lastPlayedAt: 0 },
      ],
      new Map([
        ["A", ["Jazz"]],
        ["B", ["Jazz", "Soul"]],
      ]),
    );
    expect(genres).toEqual([
      { genre: "Jazz", plays: 7 },
      { genre: "Soul", plays: 3 },
    ]);
  });

  it("totals plays and whole minutes, and reaches back per time range", () => {
    expect(totalsOf([count("a", 2, 0, { ms_played: 150_000 }), count("b", 1, 0)])).toEqual({
      plays: 3,
      minutes: 3,
    });
    const now = 1_000 * 24 * 3600_000;
    expect(now - rangeStart("short_term", now)).toBe(28 * 24 * 3600_000);
    expect(rangeStart("long_term", now)).toBe(0);
  });
});

describe("friend activity", () => {
  const known = new Map([
    ["now", "Now"],
    ["last", "Last"],
  ]);
  const trackOf = (id: string) => known.get(id) ?? null;

  it("prefers what plays now, then the last play, and only tracks still playable", () => {
    const nowPlaying = { track_id: "now", context_uri: "cadenza:album:x", started_at: 20 };
    const last = { track_id: "last", context_uri: null, played_at: 10 };
    expect(pickActivity({ now_playing: nowPlaying, last_play: last }, trackOf)).toEqual({
      track: "Now",
      contextUri: "cadenza:album:x",
      isPlaying: true,
      timestamp: 20,
    });
    expect(
      pickActivity({ now_playing: { ...nowPlaying, track_id: "gone" }, last_play: last }, trackOf),
    ).toEqual({
      track: "Last",
      contextUri: null,
      isPlaying: false,
      timestamp: 10,
    });
    expect(pickActivity(null, trackOf)).toEqual({
      track: null,
      contextUri: null,
      isPlaying: false,
      timestamp: null,
    });
  });

  it("orders who plays now first, then the most recent, then those with nothing", () => {
    const entry = (isPlaying: boolean, timestamp: number | null) => ({
      track: null,
      contextUri: null,
      isPlaying,
      timestamp,
    });
    const sorted = [entry(false, null), entry(false, 5), entry(true, 1), entry(false, 9)].sort(byRecency);
    expect(sorted.map((e) => [e.isPlaying, e.timestamp])).toEqual([
      [true, 1],
      [false, 9],
      [false, 5],
      [false, null],
    ]);
  });
});
