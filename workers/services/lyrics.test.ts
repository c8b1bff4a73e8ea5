import { describe, expect, it } from "vitest";
import { LyricsError, MAX_LYRICS_BYTES, parseLrc, parseLyrics, parsePlainLyrics } from "./lyrics.ts";

describe("parseLrc", () => {
  it("reads [mm:ss.xx], [mm:ss.xxx] and [mm:ss] tags and sorts lines by time", () => {
    const lyrics = parseLrc("[00:12.50]second\n[00:03.25]first\n[01:02.125]third\n[02:00]fourth");
    expect(lyrics).toEqual({
      synced: true,
      lines: [
        { start_ms: 3250, text: "first" },
        { start_ms: 12_500, text: "second" },
        { start_ms: 62_125, text: "third" },
        { start_ms: 120_000, text: "fourth" },
      ],
    });
  });

  it("gives a line with several timestamps one entry per time", () => {
    const lyrics = parseLrc("[00:10.00][00:40.00]La la la\n[00:20.00]Verse");
    expect(lyrics.lines).toEqual([
      { start_ms: 10_000, text: "La la la" },
      { start_ms: 20_000, text: "Verse" },
      { start_ms: 40_000, text: "La la la" },
    ]);
  });

  it("ignores metadata tags and applies [offset] (positive shows lines sooner, never before 0)", () => {
    const lrc =
      "[ar:Mara Quinn]\r\n[ti:Salt Glass]\r\n[al:Tidal Rooms]\r\n[by:someone]\r\n[offset:+500]\r\n[00:00.20]Start\r\n[00:10.00]Later";
    expect(parseLrc(lrc).lines).toEqual([
      { start_ms: 0, text: "Start" },
      { start_ms: 9500, text: "Later" },
    ]);
    expect(parseLrc("[offset:-250]\n[00:01.00]x").lines[0]?.start_ms).toBe(1250);
  });

  it("keeps a timed empty line as a pause, skips blank lines and strips word timings", () => {
    expect(parseLrc("[00:01.00]<00:01.00>Hello <00:01.50>world\n\n[00:05.00]").lines).toEqual([
      { start_ms: 1000, text: "Hello world" },
      { start_ms: 5000, text: "" },
    ]);
  });

  it.each([
    ["seconds past 59", "[00:01.00]ok\n[00:61.00]bad", /line 2: malformed timestamp \[00:61\.00\]/],
    ["a one-digit fraction", "[00:01.5]bad", /line 1: malformed timestamp/],
    ["a colon before the fraction", "[ti:x]\n\n[00:01:50]bad", /line 3: malformed/],
    ["a line without a timestamp", "[00:01.00]ok\nno time here", /line 2: no \[mm:ss\.xx\] timestamp/],
    ["a bad offset", "[offset:soon]\n[00:01.00]x", /line 1: \[offset:soon\]/],
    ["only metadata", "[ar:Someone]\n[ti:Nothing]", /no lyric lines/],
    ["only pauses", "[00:01.00]\n[00:02.00]  ", /no lyric lines/],
  ])("rejects %s, naming the line", (_why, lrc, message) => {
    expect(() => parseLrc(lrc)).toThrow(LyricsError);
    expect(() => parseLrc(lrc)).toThrow(message);
  });

  it(`rejects more than ${MAX_LYRICS_BYTES / 1024} KiB`, () => {
    const line = "[00:01.00]".padEnd(100, "x");
    const big = Array.from({ length: Math.ceil(MAX_LYRICS_BYTES / 100) + 1 }, () => line).join("\n");
    expect(() => parseLrc(big)).toThrow(/larger than 64 KiB/);
  });
});

describe("parsePlainLyrics", () => {
  it("keeps stanza breaks once and trims blank edges", () => {
    expect(parsePlainLyrics("\n\n  Line one  \nLine two\n\n\n\nLine three\n\n")).toEqual({
      synced: false,
      lines: [
        { start_ms: null, text: "Line one" },
        { start_ms: null, text: "Line two" },
        { start_ms: null, text: "" },
        { start_ms: null, text: "Line three" },
      ],
    });
  });

  it("rejects text with no words", () => {
    expect(() => parsePlainLyrics(" \n\t\n")).toThrow(/no lyric lines/);
  });
});

describe("parseLyrics", () => {
  it("reads LRC when a line starts with a timestamp, else plain text", () => {
    expect(parseLyrics("[ar:X]\n[00:01.00]Hi").synced).toBe(true);
    expect(parseLyrics("Hi [there]\nyou").synced).toBe(false);
  });

  it("holds LRC to LRC's rules once it looks timed", () => {
    expect(() => parseLyrics("[00:01.00]Hi\nuntimed")).toThrow(/line 2/);
  });
});
