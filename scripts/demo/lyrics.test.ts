import { describe, expect, it } from "vitest";
import { countBars } from "./arrangement.ts";
import { listDemoTracks } from "./catalog.ts";
import { createClock, planBars } from "./form.ts";
import { BARS_PER_LINE, demoLyrics, INSTRUMENTAL_LINE, SUNG_SECTIONS, timestamp } from "./lyrics.ts";
import { STYLES } from "./styles.ts";

const TRACKS = listDemoTracks();

/** The timed lines of an LRC text: start in ms and text. */
function timedLines(lrc: string) {
  return lrc
    .split("\n")
    .map((line) => /^\[(\d{2}):(\d{2}\.\d{2})\](.*)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ ms: Math.round((Number(match[1]) * 60 + Number(match[2])) * 1000), text: match[3] }));
}

/** Every bar of a demo track with its start time in ms, as the synthesiser renders it. */
function barsOf(track: (typeof TRACKS)[number]) {
  const style = STYLES[track.song.style];
  const clock = createClock(track.song.bpm, style.swing, style.swingUnitBeats);
  return planBars(track.song.sections, track.song.progression, countBars(track.song, track.durationSec)).map(
    (bar) => ({ ...bar, ms: clock(bar.index * 4) * 1000 }),
  );
}

describe("demoLyrics", () => {
  it("gives every demo track the same LRC every time, with its title, artist and album tags", () => {
    for (const track of TRACKS) {
      const lrc = demoLyrics(track);
      expect(demoLyrics(track)).toBe(lrc);
      expect(lrc).toContain(`[ti:${track.title}]\n[ar:${track.artist}]\n[al:${track.album}]`);
    }
  });

  it("starts each sung line on a phrase boundary of a verse, chorus or bridge, in time order", () => {
    for (const track of TRACKS) {
      const bars = barsOf(track);
      const lines = timedLines(demoLyrics(track));
      const sung = lines.filter((line) => line.text !== INSTRUMENTAL_LINE);
      for (const line of sung) {
        const bar = bars.find((b) => Math.abs(b.ms - line.ms) <= 5);
        expect(bar, `${track.title} ${line.ms} ms`).toBeDefined();
        expect(SUNG_SECTIONS.has(bar?.kind ?? "intro")).toBe(true);
        expect((bar?.barInSection ?? 1) % BARS_PER_LINE).toBe(0);
      }
      const starts = lines.map((line) => line.ms);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      expect(Math.max(...starts)).toBeLessThan(track.durationSec * 1000);
    }
  });

  it("sings every phrase of every sung section and marks the instrumental outro", () => {
    const track = TRACKS.find((t) => t.title === "Interstate Hymn");
    if (!track) throw new Error("demo catalog changed: no Interstate Hymn");
    const bars = barsOf(track);
    const phraseStarts = bars.filter(
      (b) => SUNG_SECTIONS.has(b.kind) && b.barInSection % BARS_PER_LINE === 0,
    );
    const lines = timedLines(demoLyrics(track));
    expect(lines.filter((line) => line.text !== INSTRUMENTAL_LINE)).toHaveLength(phraseStarts.length);
    const outro = bars.find((b) => b.kind === "outro" && b.barInSection === 0);
    expect(lines.at(-1)).toEqual({ ms: Math.round((outro?.ms ?? 0) / 10) * 10, text: INSTRUMENTAL_LINE });
  });

  it("repeats the chorus word for word, opening with the title", () => {
    const track = TRACKS.find((t) => t.title === "Interstate Hymn");
    if (!track) throw new Error("demo catalog changed: no Interstate Hymn");
    const bars = barsOf(track);
    const lines = timedLines(demoLyrics(track));
    const chorusStarts = bars.filter((b) => b.kind === "chorus" && b.barInSection === 0);
    expect(chorusStarts.length).toBeGreaterThan(1);
    const chorusOf = (start: number) =>
      lines.filter((line) => {
        const bar = bars.find((b) => Math.abs(b.ms - line.ms) <= 5);
        return bar?.kind === "chorus" && bar.index >= start && bar.index < start + bar.sectionBars;
      });
    const first = chorusOf(chorusStarts[0]?.index ?? 0).map((line) => line.text);
    expect(first[0]).toBe("Interstate Hymn");
    for (const start of chorusStarts.slice(1)) {
      const again = chorusOf(start.index).map((line) => line.text);
      expect(again).toEqual(first.slice(0, again.length));
    }
  });
});

describe("timestamp", () => {
  it("writes [mm:ss.xx] to the nearest hundredth", () => {
    expect(timestamp(0)).toBe("[00:00.00]");
    expect(timestamp(7.0049)).toBe("[00:07.00]");
    expect(timestamp(61.236)).toBe("[01:01.24]");
    expect(timestamp(599.999)).toBe("[10:00.00]");
  });
});
