import { softClip } from "./dsp.ts";
import { type Mix, measureRms } from "./mix.ts";

/** Final levelling of a mix. */
export interface MasterSettings {
  /** Fade-in length in seconds. */
  fadeInSec: number;
  /** Fade-out length in seconds, ending at the last frame. */
  fadeOutSec: number;
  /** Loudness the mix is scaled to before limiting, as RMS in dBFS (−16 is a calm streaming level). */
  targetRmsDbfs: number;
  /** Highest sample magnitude allowed, linear (0.891 = −1 dBFS). */
  ceiling: number;
}

/** S-shaped fade gain for a position 0..1. */
const smooth = (x: number): number => (x >= 1 ? 1 : x <= 0 ? 0 : x * x * (3 - 2 * x));

/**
 * Masters the mix in place and returns its interleaved stereo samples: removes DC, scales to
 * the target RMS, fades in and out, and soft-clips everything towards the ceiling, so no
 * sample reaches it.
 */
export function masterMix(mix: Mix, settings: MasterSettings): Float32Array {
  const { stereo, frames } = mix;
  removeDc(stereo, 0);
  removeDc(stereo, 1);
  const rms = measureRms(mix);
  const { ceiling } = settings;
  const gain = rms > 0 ? 10 ** (settings.targetRmsDbfs / 20) / rms / ceiling : 0;
  const fadeInFrames = Math.max(1, settings.fadeInSec * mix.sampleRate);
  const fadeOutFrames = Math.max(1, settings.fadeOutSec * mix.sampleRate);
  const fadeOutFrom = frames - 1 - fadeOutFrames;
  for (let i = 0; i < frames; i++) {
    let scale = gain;
    if (i < fadeInFrames) scale *= smooth(i / fadeInFrames);
    if (i > fadeOutFrom) scale *= smooth((frames - 1 - i) / fadeOutFrames);
    stereo[2 * i] = ceiling * softClip((stereo[2 * i] ?? 0) * scale, 0.6);
    stereo[2 * i + 1] = ceiling * softClip((stereo[2 * i + 1] ?? 0) * scale, 0.6);
  }
  return stereo;
}

/** A one-pole DC blocker (corner ≈ 3.5 Hz at 44.1 kHz) over one channel of interleaved stereo, in place. */
function removeDc(stereo: Float32Array, channel: 0 | 1): void {
  let previousInput = 0;
  let previousOutput = 0;
  for (let i = channel; i < stereo.length; i += 2) {
    const input = stereo[i] ?? 0;
    previousOutput = input - previousInput + 0.9995 * previousOutput;
    previousInput = input;
    stereo[i] = previousOutput;
  }
}
