import { decayFactor, sine, wrapPhase } from "./dsp.ts";
import { type Instrument, pitchesOf } from "./instrument.ts";

const TWO_PI = 2 * Math.PI;

/** An electric piano: two-operator FM per pitch whose brightness fades as the note decays. */
export const electricPiano: Instrument = {
  tailSec: 0.25,
  render(out, note, sampleRate) {
    out.fill(0);
    const brightness = decayFactor(0.25, sampleRate);
    const release = decayFactor(0.06, sampleRate);
    const holdFrames = note.holdSec * sampleRate;
    // The tine's metallic ping only matters for the first few milliseconds.
    const tineFrames = Math.min(out.length, Math.round(0.1 * sampleRate));
    const tineFade = decayFactor(0.02, sampleRate);
    for (const hz of pitchesOf(note)) {
      const increment = hz / sampleRate;
      const sustain = decayFactor(0.6 + 120 / hz, sampleRate);
      let phase = 0;
      let level = note.velocity;
      let bright = (note.velocity * 1.4) / TWO_PI;
      let tine = 0.12;
      for (let i = 0; i < out.length; i++) {
        let sample = sine(phase + (0.04 + bright) * sine(phase));
        if (i < tineFrames) {
          sample += tine * sine(14 * phase);
          tine *= tineFade;
        }
        out[i] = (out[i] ?? 0) + level * sample * Math.min(1, i / 100);
        phase = wrapPhase(phase + increment);
        level *= i < holdFrames ? sustain : sustain * release;
        bright *= brightness;
      }
    }
  },
};

/**
 * A mallet (bell or vibraphone): FM per pitch at an inharmonic `ratio`, ringing with time
 * constant `ringSec`, with optional tremolo in Hz.
 */
export function createMallet(ratio: number, ringSec: number, tremoloHz: number): Instrument {
  return {
    tailSec: 1,
    render(out, note, sampleRate) {
      out.fill(0);
      const ring = decayFactor(ringSec, sampleRate);
      const damp = decayFactor(0.3, sampleRate);
      const brightness = decayFactor(ringSec * 0.15, sampleRate);
      const holdFrames = note.holdSec * sampleRate;
      for (const hz of pitchesOf(note)) {
        const increment = hz / sampleRate;
        let phase = 0;
        let modulator = 0;
        let level = note.velocity;
        let index = 1.6 / TWO_PI;
        for (let i = 0; i < out.length; i++) {
          out[i] = (out[i] ?? 0) + level * sine(phase + index * sine(modulator)) * Math.min(1, i / 150);
          phase = wrapPhase(phase + increment);
          modulator = wrapPhase(modulator + increment * ratio);
          level *= i < holdFrames ? ring : ring * damp;
          index *= brightness;
        }
      }
      if (tremoloHz <= 0) return;
      for (let i = 0; i < out.length; i++)
        out[i] = (out[i] ?? 0) * (0.8 + 0.2 * sine((tremoloHz * i) / sampleRate));
    },
  };
}
