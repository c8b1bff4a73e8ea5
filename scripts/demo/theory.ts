/** Seven-note modes (and the natural-minor alias) as semitone offsets from the root. */
const MODE_STEPS = {
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  phrygian: [0, 1, 3, 5, 7, 8, 10],
  lydian: [0, 2, 4, 6, 7, 9, 11],
  mixolydian: [0, 2, 4, 5, 7, 9, 10],
  harmonicMinor: [0, 2, 3, 5, 7, 8, 11],
} as const satisfies Record<string, readonly number[]>;

export type ModeName = keyof typeof MODE_STEPS;

/**
 * The MIDI note of a 0-based scale step counted from `key` (a MIDI note); steps below 0 or
 * above 6 continue into lower or higher octaves (7 = the root an octave up).
 */
export function scaleNote(key: number, mode: ModeName, step: number): number {
  const octave = Math.floor(step / 7);
  const offset = MODE_STEPS[mode][step - octave * 7] ?? 0;
  return key + octave * 12 + offset;
}

/** Scale steps of the chord on a 1-based `degree`, stacked in thirds inside the mode (3 = triad, 4 = seventh). */
export function chordSteps(degree: number, size: number): number[] {
  return Array.from({ length: size }, (_, i) => degree - 1 + 2 * i);
}

/** Whether scale step `step` belongs to the chord whose root is step `rootStep` (3 or 4 notes). */
export function isChordTone(step: number, rootStep: number, size: number): boolean {
  const interval = (((step - rootStep) % 7) + 7) % 7;
  return interval === 0 || interval === 2 || interval === 4 || (size > 3 && interval === 6);
}

/** Moves each MIDI note by octaves into [low, low + 12) and sorts them: a close voicing. */
export function voiceInRange(notes: readonly number[], low: number): number[] {
  return notes.map((note) => low + ((((note - low) % 12) + 12) % 12)).sort((a, b) => a - b);
}

/** Frequency in Hz of a MIDI note (A4 = 69 = 440 Hz, equal temperament). */
export function midiToHz(midi: number): number {
  return 440 * 2 ** ((midi - 69) / 12);
}
