import { arrangeSong } from "./arrangement.ts";
import { createClock } from "./form.ts";
import { masterMix } from "./master.ts";
import { createMix } from "./mix.ts";
import { renderNotes } from "./note-renderer.ts";
import { deriveSeed } from "./random.ts";
import type { SongSpec } from "./song.ts";
import { applySpace } from "./space.ts";
import { STYLES } from "./styles.ts";

export type { Section, SectionKind, SongSpec, StyleName } from "./song.ts";
export type { ModeName } from "./theory.ts";

/** Sample rate of everything the synthesiser produces, in Hz. */
export const SAMPLE_RATE = 44_100;

/**
 * Renders a song: interleaved stereo float samples (L, R, L, R, …) at {@link SAMPLE_RATE},
 * exactly `round(lengthSec × 44100)` frames, peaks below −1 dBFS and RMS near −16 dBFS.
 * Pure and deterministic: the same spec and length give bit-identical output.
 */
export function synthesizeSong(spec: SongSpec, lengthSec: number): Float32Array {
  const style = STYLES[spec.style];
  const frames = Math.max(0, Math.round(lengthSec * SAMPLE_RATE));
  const mix = createMix(frames, SAMPLE_RATE);
  const timing = {
    clock: createClock(spec.bpm, style.swing, style.swingUnitBeats),
    secondsPerBeat: 60 / spec.bpm,
  };
  renderNotes(mix, arrangeSong(spec, lengthSec), timing, deriveSeed(spec.seed, "notes"));
  applySpace(mix, style.space, spec.bpm);
  const hasIntro = spec.sections[0]?.kind === "intro";
  return masterMix(mix, {
    fadeInSec: hasIntro ? 1.5 : 0.05,
    fadeOutSec: Math.min(4, lengthSec * 0.1),
    targetRmsDbfs: -16,
    ceiling: 0.891,
  });
}
