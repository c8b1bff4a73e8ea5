import type { Section, SectionKind } from "./song.ts";
import type { VoiceName } from "./voices.ts";

/** One bar of a laid-out song. */
export interface Bar {
  /** Bar number from the start of the song, from 0. */
  index: number;
  kind: SectionKind;
  /** Position within its section, from 0. */
  barInSection: number;
  /** Length of its section as laid out, in bars. */
  sectionBars: number;
  /** Chord root as a 0-based scale step (0 = tonic). */
  chordRoot: number;
  /** Chord root of the following bar (the same chord at the end of the song). */
  nextChordRoot: number;
}

/** A note placed in the song, before swing and rendering. */
export interface NoteEvent {
  voice: VoiceName;
  /** Start in beats from the start of the song (straight time; swing is applied when rendering). */
  beat: number;
  /** Held length in beats. */
  beats: number;
  /** MIDI note (drums ignore it). */
  midi: number;
  /** Further MIDI notes struck with `midi` in the same voice, for chord instruments. */
  chord?: readonly number[];
  /** Loudness 0..1. */
  velocity: number;
  /** Pan override, −1 (left) to 1 (right). */
  pan?: number;
}

/**
 * Lays `sections` out over exactly `totalBars` bars: the form plays once, then repeats without
 * its intro until the space before the outro is filled; the outro (at most a quarter of the
 * song) always ends it. Sections that do not fit are cut short.
 */
export function layOutSections(sections: readonly Section[], totalBars: number): Section[] {
  const last = sections.at(-1);
  const outro = last?.kind === "outro" ? last : undefined;
  const body = outro ? sections.slice(0, -1) : [...sections];
  const repeat = body.filter((section) => section.kind !== "intro");
  const outroBars = outro ? Math.min(outro.bars, Math.max(1, Math.floor(totalBars / 4))) : 0;
  const laidOut: Section[] = [];
  let filled = 0;
  for (let i = 0; filled < totalBars - outroBars && body.length > 0; i++) {
    const source = i < body.length ? body : repeat.length > 0 ? repeat : body;
    const section = source[(i < body.length ? i : i - body.length) % source.length];
    if (!section) break;
    const bars = Math.min(section.bars, totalBars - outroBars - filled);
    laidOut.push({ kind: section.kind, bars });
    filled += bars;
  }
  if (outro) laidOut.push({ kind: "outro", bars: totalBars - filled });
  return laidOut.filter((section) => section.bars > 0);
}

/**
 * The bars of a song: sections laid out over `totalBars`, with one chord per bar taken from
 * `progression` (1-based degrees), restarting each section; bridges start halfway through it
 * so they sound like somewhere else.
 */
export function planBars(
  sections: readonly Section[],
  progression: readonly number[],
  totalBars: number,
): Bar[] {
  const degrees = progression.length > 0 ? progression : [1];
  const bars: Bar[] = [];
  for (const section of layOutSections(sections, totalBars)) {
    const offset = section.kind === "bridge" ? Math.floor(degrees.length / 2) : 0;
    for (let barInSection = 0; barInSection < section.bars; barInSection++) {
      const degree = degrees[(barInSection + offset) % degrees.length] ?? 1;
      bars.push({
        index: bars.length,
        kind: section.kind,
        barInSection,
        sectionBars: section.bars,
        chordRoot: degree - 1,
        nextChordRoot: degree - 1,
      });
    }
  }
  for (const [i, bar] of bars.entries()) bar.nextChordRoot = bars[i + 1]?.chordRoot ?? bar.chordRoot;
  return bars;
}

/**
 * Seconds from the song's start for a beat position at `bpm`, with swing: within each pair of
 * `unitBeats` notes, the second is delayed by `swing` of a unit (0.33 ≈ a triplet feel).
 */
export function createClock(bpm: number, swing: number, unitBeats: number): (beat: number) => number {
  const secondsPerBeat = 60 / bpm;
  const pair = 2 * unitBeats;
  const middle = 0.5 * (1 + swing);
  return (beat) => {
    const pairs = Math.floor(beat / pair);
    const position = (beat - pairs * pair) / pair;
    const warped = position < 0.5 ? position * 2 * middle : middle + (position - 0.5) * 2 * (1 - middle);
    return (pairs + warped) * pair * secondsPerBeat;
  };
}
