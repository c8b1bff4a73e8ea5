import { createFilter, createNoise, decayFactor, nextNoise, runFilter, saturate, sine } from "./dsp.ts";
import type { Instrument } from "./instrument.ts";

/** Drums ring this many decay time constants (≈ −35 dB) before they are cut. */
const RING_TAUS = 4;

/** Shape of a kick: a sine swept from `startHz` down to `endHz`. */
export interface KickShape {
  /** Pitch at the hit, Hz. */
  startHz: number;
  /** Pitch it settles on, Hz. */
  endHz: number;
  /** Time constant of the sweep, seconds. */
  sweepSec: number;
  /** Time constant of the body's decay, seconds. */
  decaySec: number;
  /** Saturation drive (1 = clean). */
  drive: number;
  /** Level of the beater click, 0..1. */
  click: number;
}

/** A kick drum: pitch-swept sine plus a short noise click, optionally saturated. */
export function createKick(shape: KickShape): Instrument {
  return {
    tailSec: shape.decaySec * RING_TAUS,
    render(out, note, sampleRate) {
      const noise = createNoise(note.seed);
      const norm = saturate(shape.drive);
      const settle = decayFactor(shape.sweepSec, sampleRate);
      const ring = decayFactor(shape.decaySec, sampleRate);
      const clickFade = decayFactor(0.003, sampleRate);
      let sweep = shape.startHz - shape.endHz;
      let level = note.velocity;
      let click = shape.click * note.velocity;
      let phase = 0;
      for (let i = 0; i < out.length; i++) {
        phase += (shape.endHz + sweep) / sampleRate;
        const body = saturate(shape.drive * sine(phase)) / norm;
        out[i] = (level * body + click * nextNoise(noise)) * Math.min(1, i / 40);
        sweep *= settle;
        level *= ring;
        click *= clickFade;
      }
    },
  };
}

/** Shape of a noise drum (snare, clap, brush). */
export interface SnareShape {
  /** Pitch of the shell's tone in Hz, 0 for none. */
  toneHz: number;
  /** Centre of the band-passed noise, Hz. */
  noiseHz: number;
  /** Time constant of the noise decay, seconds. */
  decaySec: number;
  /** Seconds for the noise to swell in (brushes swell, sticks do not). */
  attackSec: number;
  /** Clap-style re-triggers: the number of quick bursts before the tail (1 = a single hit). */
  bursts: number;
}

/** Seconds between the bursts of a clap. */
const BURST_GAP_SEC = 0.011;

/** A snare, clap or brush: band-passed noise over an optional quickly fading tone. */
export function createSnare(shape: SnareShape): Instrument {
  return {
    tailSec: shape.decaySec * RING_TAUS + BURST_GAP_SEC * (shape.bursts - 1),
    render(out, note, sampleRate) {
      const noise = createNoise(note.seed);
      const band = createFilter(sampleRate, shape.noiseHz, 0.8);
      const ring = decayFactor(shape.decaySec, sampleRate);
      const toneFade = decayFactor(0.04, sampleRate);
      const burstFrames = Math.round(BURST_GAP_SEC * sampleRate);
      const lastBurst = burstFrames * (shape.bursts - 1);
      const attackFrames = shape.attackSec * sampleRate;
      let level = note.velocity;
      let tone = 0.6 * note.velocity;
      for (let i = 0; i < out.length; i++) {
        runFilter(band, nextNoise(noise));
        if (i < lastBurst && i % burstFrames === 0) level = note.velocity;
        const rattle = (band.band + 0.35 * band.high) * level * Math.min(1, i / attackFrames);
        out[i] = rattle + (shape.toneHz > 0 ? tone * sine((shape.toneHz * i) / sampleRate) : 0);
        level *= ring;
        tone *= toneFade;
      }
    },
  };
}

/**
 * A cymbal (hats, ride, crash): high-passed noise above `cutoffHz`, decaying with time constant
 * `decaySec`, plus `ring` (0..1) of inharmonic partials for a metallic ping.
 */
export function createCymbal(cutoffHz: number, decaySec: number, ring: number): Instrument {
  return {
    tailSec: decaySec * RING_TAUS,
    render(out, note, sampleRate) {
      const noise = createNoise(note.seed);
      const filter = createFilter(sampleRate, cutoffHz, 0.7);
      const fade = decayFactor(decaySec, sampleRate);
      const ping = ring * 0.25;
      let level = note.velocity;
      for (let i = 0; i < out.length; i++) {
        runFilter(filter, nextNoise(noise));
        const t = i / sampleRate;
        const metal = ping > 0 ? ping * (sine(3170 * t) + sine(4590 * t) + sine(5960 * t)) : 0;
        out[i] = level * (filter.high + metal) * Math.min(1, i / 15);
        level *= fade;
      }
    },
  };
}
