import { describe, expect, it } from "vitest";
import { chordSteps, isChordTone, midiToHz, scaleNote, voiceInRange } from "./theory.ts";

describe("music theory helpers", () => {
  it("walks a mode across octaves", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((step) => scaleNote(60, "major", step))).toEqual([
      60, 62, 64, 65, 67, 69, 71, 72,
    ]);
    expect(scaleNote(57, "minor", -1)).toBe(55);
    expect(scaleNote(50, "dorian", 5)).toBe(59);
  });

  it("stacks thirds inside the mode", () => {
    const notes = chordSteps(2, 4).map((step) => scaleNote(60, "major", step));
    expect(notes).toEqual([62, 65, 69, 72]); // D minor seventh in C major
    expect(isChordTone(6, 0, 4)).toBe(true);
    expect(isChordTone(6, 0, 3)).toBe(false);
    expect(isChordTone(-2, 1, 3)).toBe(true); // the fifth of ii, an octave down
  });

  it("voices notes closely above a floor and tunes A4 to 440 Hz", () => {
    expect(voiceInRange([72, 64, 79], 60)).toEqual([60, 64, 67]);
    expect(midiToHz(69)).toBe(440);
    expect(midiToHz(57)).toBeCloseTo(220);
  });
});
