import type { ModeName } from "./theory.ts";

/** Styles the synthesiser can play; each has its own tempo feel, instruments and patterns. */
export type StyleName = "electronic" | "rock" | "jazz" | "ambient" | "hiphop";

/** Parts of a song form. Intros and bridges drop the drums; choruses are the fullest. */
export type SectionKind = "intro" | "verse" | "chorus" | "bridge" | "outro";

/** One section of a form. */
export interface Section {
  kind: SectionKind;
  /** Length in 4/4 bars. */
  bars: number;
}

/** Everything that makes one song sound like itself. */
export interface SongSpec {
  /** Seed for every random choice (melody, fills, noise). */
  seed: number;
  /** Tempo in beats per minute; bars are 4 beats. */
  bpm: number;
  /** Tonic as a MIDI note (57 = A3); bass sits one to two octaves below, the melody above. */
  key: number;
  /** Scale the melody and chords are drawn from. */
  mode: ModeName;
  /** One chord per bar as 1-based scale degrees, restarting at each section. */
  progression: number[];
  /** The form in order; repeated or trimmed to fit the requested length, the outro kept last. */
  sections: Section[];
  style: StyleName;
}
