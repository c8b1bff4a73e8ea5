import {
  adsr,
  createFilter,
  decayFactor,
  pulse,
  runFilter,
  saturate,
  saw,
  sine,
  triangle,
  tuneFilter,
  wrapPhase,
} from "./dsp.ts";
import { type Instrument, pitchesOf } from "./instrument.ts";

/**
 * A pad: two detuned saws per pitch through one slowly breathing low-pass. Attack and release
 * in seconds, cutoff in Hz.
 */
export function createPad(attackSec: number, releaseSec: number, cutoffHz: number): Instrument {
  return {
    tailSec: releaseSec,
    render(out, note, sampleRate) {
      out.fill(0);
      for (const hz of pitchesOf(note)) {
        const increment = hz / sampleRate;
        const detuned = increment * 1.006;
        let a = 0;
        let b = ((note.seed + hz) % 997) / 997;
        for (let i = 0; i < out.length; i++) {
          out[i] = (out[i] ?? 0) + saw(a, increment) + saw(b, detuned);
          a = wrapPhase(a + increment);
          b = wrapPhase(b + detuned);
        }
      }
      const filter = createFilter(sampleRate, cutoffHz, 0.9);
      const lfoPhase = (note.seed % 101) / 101;
      for (let i = 0; i < out.length; i++) {
        const t = i / sampleRate;
        if ((i & 63) === 0) tuneFilter(filter, cutoffHz * (1 + 0.35 * sine(0.15 * t + lfoPhase)), 0.9);
        runFilter(filter, out[i] ?? 0);
        out[i] = 0.5 * note.velocity * filter.low * adsr(t, note.holdSec, attackSec, 0.8, 0.8, releaseSec);
      }
    },
  };
}

/**
 * An overdriven guitar playing a power chord on `hz` (root, fifth, octave), saturated as one
 * sound — as through one amp — then darkened like a speaker cabinet.
 */
export const powerChordGuitar: Instrument = {
  tailSec: 0.08,
  render(out, note, sampleRate) {
    const root = note.hz / sampleRate;
    const fifth = root * 1.4983;
    const octave = root * 2.004;
    const filter = createFilter(sampleRate, 2600, 1.1);
    let a = 0;
    let b = 0.3;
    let c = 0.6;
    for (let i = 0; i < out.length; i++) {
      runFilter(filter, saturate(1.6 * (saw(a, root) + saw(b, fifth) + 0.7 * saw(c, octave))));
      a = wrapPhase(a + root);
      b = wrapPhase(b + fifth);
      c = wrapPhase(c + octave);
      out[i] = 0.8 * note.velocity * filter.low * adsr(i / sampleRate, note.holdSec, 0.004, 0.3, 0.65, 0.06);
    }
  },
};

/** A synth pluck: saw plus pulse with a fast-closing resonant filter. */
export const synthPluck: Instrument = {
  tailSec: 0.15,
  render(out, note, sampleRate) {
    const increment = note.hz / sampleRate;
    const filter = createFilter(sampleRate, 3000, 2);
    const closing = decayFactor(0.09, sampleRate) ** 16;
    let sweep = 4200 * note.velocity;
    let phase = 0;
    for (let i = 0; i < out.length; i++) {
      if ((i & 15) === 0) {
        tuneFilter(filter, 250 + sweep, 2);
        sweep *= closing;
      }
      runFilter(filter, saw(phase, increment) + 0.5 * pulse(phase, increment, 0.5));
      phase = wrapPhase(phase + increment);
      out[i] = 0.5 * note.velocity * filter.low * adsr(i / sampleRate, note.holdSec, 0.002, 0.25, 0.35, 0.12);
    }
  },
};

/** A singing lead: narrow pulse with delayed vibrato; `cutoffHz` sets its brightness. */
export function createLead(cutoffHz: number): Instrument {
  return {
    tailSec: 0.15,
    render(out, note, sampleRate) {
      const filter = createFilter(sampleRate, cutoffHz, 1);
      let phase = 0;
      for (let i = 0; i < out.length; i++) {
        const t = i / sampleRate;
        const vibrato = 1 + 0.004 * Math.min(1, Math.max(0, t - 0.2) * 3) * sine(5.5 * t);
        const increment = (note.hz * vibrato) / sampleRate;
        runFilter(filter, pulse(phase, increment, 0.3) + 0.4 * triangle(phase));
        phase = wrapPhase(phase + increment);
        out[i] = 0.5 * note.velocity * filter.low * adsr(t, note.holdSec, 0.015, 0.15, 0.8, 0.12);
      }
    },
  };
}

/** A breathy flute-like lead: sine with a little second harmonic, vibrato and attack chiff. */
export const softFlute: Instrument = {
  tailSec: 0.12,
  render(out, note, sampleRate) {
    const chiffFade = decayFactor(0.03, sampleRate);
    let phase = 0;
    let noise = note.seed >>> 0 || 1;
    let chiff = 0.5;
    for (let i = 0; i < out.length; i++) {
      const t = i / sampleRate;
      const increment = (note.hz * (1 + 0.005 * sine(5 * t) * Math.min(1, t * 2))) / sampleRate;
      noise = (Math.imul(noise, 1664525) + 1013904223) >>> 0;
      const breath = (noise / 4294967296 - 0.5) * (0.08 + chiff);
      const tone = sine(phase) + 0.2 * sine(2 * phase) + breath;
      phase = wrapPhase(phase + increment);
      chiff *= chiffFade;
      out[i] = 0.7 * note.velocity * tone * adsr(t, note.holdSec, 0.05, 0.2, 0.85, 0.12);
    }
  },
};
