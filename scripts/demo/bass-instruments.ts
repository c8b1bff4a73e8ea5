import {
  adsr,
  createFilter,
  decayFactor,
  runFilter,
  saturate,
  saw,
  sine,
  triangle,
  tuneFilter,
  wrapPhase,
} from "./dsp.ts";
import type { Instrument } from "./instrument.ts";

/** A synth bass: saw through an enveloped low-pass over a sine fundamental. */
export const synthBass: Instrument = {
  tailSec: 0.06,
  render(out, note, sampleRate) {
    const increment = note.hz / sampleRate;
    const filter = createFilter(sampleRate, 600, 1.4);
    const closing = decayFactor(0.08, sampleRate) ** 16;
    let sweep = 1100 * note.velocity;
    let phase = 0;
    for (let i = 0; i < out.length; i++) {
      if ((i & 15) === 0) {
        tuneFilter(filter, 140 + sweep, 1.4);
        sweep *= closing;
      }
      runFilter(filter, saw(phase, increment));
      const body = 0.55 * filter.low + 0.6 * sine(phase);
      phase = wrapPhase(phase + increment);
      out[i] = note.velocity * body * adsr(i / sampleRate, note.holdSec, 0.003, 0.2, 0.75, 0.05);
    }
  },
};

/** An upright bass: plucked sine body with a short, bright attack that fades into a round tone. */
export const uprightBass: Instrument = {
  tailSec: 0.1,
  render(out, note, sampleRate) {
    const increment = note.hz / sampleRate;
    const ring = decayFactor(0.7, sampleRate);
    const mute = decayFactor(0.03, sampleRate);
    const dull = decayFactor(0.05, sampleRate);
    const holdFrames = note.holdSec * sampleRate;
    let phase = 0;
    let level = note.velocity;
    let bright = 1;
    for (let i = 0; i < out.length; i++) {
      const tone = sine(phase) + (0.25 + 0.4 * bright) * sine(2 * phase) + 0.25 * bright * triangle(phase);
      out[i] = level * tone * Math.min(1, i / 90);
      phase = wrapPhase(phase + increment);
      level *= i < holdFrames ? ring : ring * mute;
      bright *= dull;
    }
  },
};

/** An 808-style sub: a sine that drops into pitch, saturated, ringing for the whole note. */
export const sub808: Instrument = {
  tailSec: 0.12,
  render(out, note, sampleRate) {
    const settle = decayFactor(0.025, sampleRate);
    const ring = decayFactor(1.8, sampleRate);
    let bend = 0.6;
    let level = 1;
    let phase = 0;
    for (let i = 0; i < out.length; i++) {
      phase = wrapPhase(phase + (note.hz * (1 + bend)) / sampleRate);
      const envelope = adsr(i / sampleRate, note.holdSec, 0.004, 0.6, 0.55, 0.1) * level;
      out[i] = note.velocity * saturate(1.8 * sine(phase)) * envelope;
      bend *= settle;
      level *= ring;
    }
  },
};

/** A drone bass for ambient beds: sine and triangle with slow swells. */
export const droneBass: Instrument = {
  tailSec: 2.5,
  render(out, note, sampleRate) {
    const increment = note.hz / sampleRate;
    let phase = 0;
    for (let i = 0; i < out.length; i++) {
      const tone = sine(phase) + 0.2 * triangle(wrapPhase(phase + 0.25));
      phase = wrapPhase(phase + increment);
      out[i] = 0.8 * note.velocity * tone * adsr(i / sampleRate, note.holdSec, 1.5, 1, 0.9, 2.5);
    }
  },
};
