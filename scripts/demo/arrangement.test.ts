import { describe, expect, it } from "vitest";
import { arrangeSong, countBars } from "./arrangement.ts";
import { planBars } from "./form.ts";
import type { SongSpec } from "./song.ts";
import { scaleNote } from "./theory.ts";

const SPEC: SongSpec = {
  seed: 3,
  bpm: 100,
  key: 57,
  mode: "dorian",
  progression: [1, 4, 5, 1],
  sections: [
    { kind: "intro", bars: 2 },
    { kind: "verse", bars: 4 },
    { kind: "chorus", bars: 4 },
    { kind: "outro", bars: 2 },
  ],
  style: "rock",
};
const LENGTH_SEC = 12 * 2.4;
const events = arrangeSong(SPEC, LENGTH_SEC);
const bars = planBars(SPEC.sections, SPEC.progression, countBars(SPEC, LENGTH_SEC));
const pitchClass = (midi: number) => ((midi % 12) + 12) % 12;
const barOf = (beat: number) => bars[Math.floor(beat / 4)];

describe("arrangeSong", () => {
  it("is deterministic", () => {
    expect(arrangeSong(SPEC, LENGTH_SEC)).toEqual(events);
  });

  it("puts the bass on each bar's chord root on the downbeat", () => {
    const downbeats = events.filter((e) => e.voice === "synthBass" && e.beat % 4 === 0);
    expect(downbeats.length).toBeGreaterThan(4);
    for (const note of downbeats) {
      const root = scaleNote(SPEC.key, SPEC.mode, barOf(note.beat)?.chordRoot ?? 0);
      expect(pitchClass(note.midi)).toBe(pitchClass(root));
    }
  });

  it("keeps the melody in the scale, silent in the intro and higher in the chorus", () => {
    const scale = new Set(
      [0, 1, 2, 3, 4, 5, 6].map((step) => pitchClass(scaleNote(SPEC.key, SPEC.mode, step))),
    );
    const melody = events.filter((e) => e.voice === "lead");
    expect(melody.every((e) => scale.has(pitchClass(e.midi)))).toBe(true);
    const inSection = (kind: string) => melody.filter((e) => barOf(e.beat)?.kind === kind);
    expect(inSection("intro")).toEqual([]);
    const mean = (notes: typeof melody) => notes.reduce((sum, e) => sum + e.midi, 0) / notes.length;
    expect(mean(inSection("chorus"))).toBeGreaterThan(mean(inSection("verse")));
  });

  it("plays a drum fill into the chorus", () => {
    const lastVerseBar = bars.filter((b) => b.kind === "verse").at(-1)?.index ?? 0;
    const lastBeat = events.filter(
      (e) => e.voice === "snare" && e.beat >= lastVerseBar * 4 + 3 && e.beat < lastVerseBar * 4 + 4,
    );
    expect(lastBeat).toHaveLength(4);
  });
});
