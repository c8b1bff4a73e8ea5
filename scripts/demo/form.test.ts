import { describe, expect, it } from "vitest";
import { createClock, layOutSections, planBars } from "./form.ts";
import type { Section } from "./song.ts";

const FORM: Section[] = [
  { kind: "intro", bars: 4 },
  { kind: "verse", bars: 8 },
  { kind: "chorus", bars: 8 },
  { kind: "outro", bars: 4 },
];

const total = (sections: Section[]) => sections.reduce((sum, s) => sum + s.bars, 0);

describe("layOutSections", () => {
  it("plays the form as written when it fits exactly", () => {
    expect(layOutSections(FORM, 24)).toEqual(FORM);
  });

  it("repeats the form without its intro to fill a longer song, keeping the outro last", () => {
    const laidOut = layOutSections(FORM, 40);
    expect(total(laidOut)).toBe(40);
    expect(laidOut.map((s) => s.kind)).toEqual(["intro", "verse", "chorus", "verse", "chorus", "outro"]);
  });

  it("cuts a long form short but still ends on the outro", () => {
    const laidOut = layOutSections(FORM, 15);
    expect(total(laidOut)).toBe(15);
    expect(laidOut.at(-1)?.kind).toBe("outro");
  });

  it("works for a form without an outro", () => {
    const laidOut = layOutSections([{ kind: "verse", bars: 4 }], 10);
    expect(laidOut.map((s) => s.bars)).toEqual([4, 4, 2]);
  });
});

describe("planBars", () => {
  it("restarts the progression in each section and starts bridges halfway through it", () => {
    const bars = planBars(
      [
        { kind: "verse", bars: 3 },
        { kind: "bridge", bars: 2 },
      ],
      [1, 4, 5, 6],
      5,
    );
    expect(bars.map((b) => b.chordRoot)).toEqual([0, 3, 4, 4, 5]);
    expect(bars.map((b) => b.nextChordRoot)).toEqual([3, 4, 4, 5, 5]);
  });
});

describe("createClock", () => {
  it("keeps straight time without swing", () => {
    const clock = createClock(120, 0, 0.5);
    expect(clock(0)).toBe(0);
    expect(clock(1.5)).toBeCloseTo(0.75);
  });

  it("delays swung off-beats towards the triplet and leaves beats alone", () => {
    const clock = createClock(60, 1 / 3, 0.5);
    expect(clock(2)).toBeCloseTo(2);
    expect(clock(2.5)).toBeCloseTo(2 + 2 / 3);
  });

  it("swings sixteenths when the swing unit is a sixteenth", () => {
    const clock = createClock(60, 0.2, 0.25);
    expect(clock(0.5)).toBeCloseTo(0.5);
    expect(clock(0.25)).toBeCloseTo(0.3);
  });
});
