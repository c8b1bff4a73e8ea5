import type { Random } from "./random.ts";
import { type Hit, parseRhythm } from "./rhythm.ts";
import { isChordTone } from "./theory.ts";

/** A melody note within one bar. */
export interface MelodyNote {
  /** Start within the bar, in beats (0..4). */
  beat: number;
  /** Length in beats. */
  beats: number;
  /** Pitch as a scale step from the tonic (may be negative or above 7). */
  step: number;
  /** Loudness 0..1. */
  velocity: number;
}

/** One-bar melody rhythms (see {@link parseRhythm}), from sparse to busy. */
const CELLS = [
  "x===============",
  "x=======x=======",
  "x===========x===",
  "x=====x=========",
  "x===x===x=======",
  "x=====x=x=======",
  "....x===x=====x=",
  "x===x===x=====x=",
  "x=x===x=x=======",
  "..x=x=x===..x===",
  "x==x==x=x=x=====",
  "x=x=x===x=x=x===",
].map(parseRhythm);

/** Phrase endings: a long note, leaving a breath before the next phrase. */
const CADENCES = ["x===========....", "x===x=========..", "x=x=x=========..", "x=======........"].map(
  parseRhythm,
);

const MOVES = [-2, -1, -1, 0, 1, 1, 2, 3, -3];

/** A cell whose note count is near `density` notes per bar. */
function pickCell(random: Random, density: number): Hit[] {
  const near = CELLS.filter((cell) => Math.abs(cell.length - density) <= 1.2);
  return random.pick(near.length > 0 ? near : CELLS);
}

/** The chord tone of the chord on `rootStep` nearest to `step`, preferring upward on ties. */
function nearestChordTone(step: number, rootStep: number, chordSize: number): number {
  for (let distance = 0; distance < 4; distance++) {
    if (isChordTone(step + distance, rootStep, chordSize)) return step + distance;
    if (isChordTone(step - distance, rootStep, chordSize)) return step - distance;
  }
  return step;
}

/**
 * Composes a section's melody in four-bar phrases shaped A B A′ cadence: the third bar replays
 * the first bar's rhythm and contour over its own chord, and each phrase ends on a held chord
 * tone. Strong beats and long notes land on chord tones; the line moves mostly by step around
 * `centerStep`. `chordRoots` holds each bar's chord root (scale steps); returns notes per bar.
 */
export function composeMelody(
  random: Random,
  chordRoots: readonly number[],
  chordSize: number,
  density: number,
  centerStep: number,
): MelodyNote[][] {
  const motif = pickCell(random, density);
  const answer = pickCell(random, density);
  const cadence = random.pick(CADENCES);
  const motifMoves = motif.map(() => random.pick(MOVES));
  const bars: MelodyNote[][] = [];
  let step = centerStep;
  for (const [index, root] of chordRoots.entries()) {
    const position = index % 4;
    const isLast = index === chordRoots.length - 1 || position === 3;
    const cell = isLast ? cadence : position === 1 ? answer : motif;
    const notes: MelodyNote[] = [];
    for (const [noteIndex, [beat, beats]] of cell.entries()) {
      const move = position === 1 ? random.pick(MOVES) : (motifMoves[noteIndex] ?? 0);
      step = Math.max(centerStep - 4, Math.min(centerStep + 6, step + move));
      const strong = beat % 2 === 0 || beats >= 1.5;
      if (strong) step = nearestChordTone(step, root, chordSize);
      if (isLast && noteIndex === cell.length - 1) step = nearestChordTone(step, root, 3);
      const accent = beat % 1 === 0 ? 0.85 : 0.7;
      notes.push({ beat, beats, step, velocity: Math.min(1, accent + random.range(-0.05, 0.08)) });
    }
    bars.push(notes);
  }
  return bars;
}
