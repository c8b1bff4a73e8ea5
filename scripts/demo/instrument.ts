/** One note for an instrument to play. */
export interface VoiceNote {
  /** Pitch in Hz (drums ignore it). */
  hz: number;
  /**
   * Further pitches in Hz struck with `hz` as one voice: chord instruments (pads, keys, mallets)
   * play them all through one envelope and filter; the others ignore them.
   */
  chordHz: readonly number[];
  /** Seconds between note-on and note-off. */
  holdSec: number;
  /** Loudness 0..1. */
  velocity: number;
  /** Seed for the note's noise and phases, so a render is reproducible. */
  seed: number;
}

/** Something that can render a note as mono samples. */
export interface Instrument {
  /** Seconds the voice keeps sounding after note-off. */
  tailSec: number;
  /**
   * Writes the whole voice — `holdSec + tailSec` seconds, i.e. `out.length` samples at
   * `sampleRate` Hz — into `out`, overwriting it.
   */
  render(out: Float32Array, note: VoiceNote, sampleRate: number): void;
}

/** Every pitch of a note in Hz: its own, then its chord's. */
export function pitchesOf(note: VoiceNote): number[] {
  return [note.hz, ...note.chordHz];
}
