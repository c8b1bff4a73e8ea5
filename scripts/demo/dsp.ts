/** Sample-level building blocks for the instruments: envelopes, oscillators, a filter, noise. */

/**
 * Attack–decay–sustain–release gain (0..1) at `t` seconds after note-on, for a note held
 * `holdSec` seconds; attack, decay and release in seconds, sustain as a level 0..1.
 */
export function adsr(
  t: number,
  holdSec: number,
  attackSec: number,
  decaySec: number,
  sustain: number,
  releaseSec: number,
): number {
  const held = Math.min(t, holdSec);
  let level: number;
  if (held < attackSec) level = held / attackSec;
  else if (held < attackSec + decaySec) level = 1 - ((1 - sustain) * (held - attackSec)) / decaySec;
  else level = sustain;
  if (t <= holdSec) return level;
  const released = 1 - (t - holdSec) / releaseSec;
  return released > 0 ? level * released : 0;
}

/**
 * Per-sample multiplier of an exponential decay with time constant `tauSec` (after `tauSec`
 * seconds of multiplying, a level has fallen to 1/e), for `sampleRate` Hz.
 */
export function decayFactor(tauSec: number, sampleRate: number): number {
  return Math.exp(-1 / (tauSec * sampleRate));
}

const SINE_TABLE_SIZE = 4096;
const SINE_TABLE = Float32Array.from({ length: SINE_TABLE_SIZE + 1 }, (_, i) =>
  Math.sin((2 * Math.PI * i) / SINE_TABLE_SIZE),
);

/** Sine of a phase in cycles (1 = one period), from an interpolated table: ~−130 dB error, far cheaper than Math.sin. */
export function sine(phaseCycles: number): number {
  const position = (phaseCycles - Math.floor(phaseCycles)) * SINE_TABLE_SIZE;
  const index = position | 0;
  const below = SINE_TABLE[index] ?? 0;
  return below + ((SINE_TABLE[index + 1] ?? 0) - below) * (position - index);
}

/** A cheap tanh-like saturator: smooth, odd, and exactly ±1 beyond |x| = 3. */
export function saturate(x: number): number {
  if (x <= -3) return -1;
  if (x >= 3) return 1;
  const squared = x * x;
  return (x * (27 + squared)) / (27 + 9 * squared);
}

/** Wraps an oscillator phase in cycles that has just passed 1 back into [0, 1). */
export function wrapPhase(phase: number): number {
  return phase >= 1 ? phase - 1 : phase;
}

/** PolyBLEP correction that removes most aliasing from a naive saw or square step. */
function polyBlep(phase: number, increment: number): number {
  if (phase < increment) {
    const x = phase / increment;
    return x + x - x * x - 1;
  }
  if (phase > 1 - increment) {
    const x = (phase - 1) / increment;
    return x * x + x + x + 1;
  }
  return 0;
}

/** Band-limited sawtooth (−1..1) at a phase in [0, 1) advancing `increment` cycles per sample. */
export function saw(phase: number, increment: number): number {
  return 2 * phase - 1 - polyBlep(phase, increment);
}

/** Band-limited pulse (−1..1) with duty `width` (0.5 = square). */
export function pulse(phase: number, increment: number, width: number): number {
  const shifted = phase + (1 - width) >= 1 ? phase - width : phase + (1 - width);
  return saw(phase, increment) - saw(shifted, increment);
}

/** Triangle (−1..1) at a phase in [0, 1); soft enough in timbre to skip band-limiting. */
export function triangle(phase: number): number {
  return phase < 0.5 ? 4 * phase - 1 : 3 - 4 * phase;
}

/**
 * State of a state-variable filter (Simper's trapezoidal form): stable at any cutoff, with the
 * low-, band- and high-pass outputs of the last sample in `low`, `band` and `high`. Plain data
 * on purpose: V8 updates object fields in place, where closure variables would allocate.
 */
export interface Filter {
  sampleRate: number;
  a1: number;
  a2: number;
  a3: number;
  k: number;
  ic1: number;
  ic2: number;
  low: number;
  band: number;
  high: number;
}

/** A state-variable filter for `sampleRate` Hz, tuned to `cutoffHz` and resonance `q`. */
export function createFilter(sampleRate: number, cutoffHz: number, q: number): Filter {
  const filter = { sampleRate, a1: 0, a2: 0, a3: 0, k: 1, ic1: 0, ic2: 0, low: 0, band: 0, high: 0 };
  tuneFilter(filter, cutoffHz, q);
  return filter;
}

/** Sets cutoff in Hz (clamped below Nyquist) and resonance Q (0.5 = soft, 5 = ringing). */
export function tuneFilter(filter: Filter, cutoffHz: number, q: number): void {
  const g = Math.tan((Math.PI * Math.min(cutoffHz, filter.sampleRate * 0.45)) / filter.sampleRate);
  filter.k = 1 / q;
  filter.a1 = 1 / (1 + g * (g + filter.k));
  filter.a2 = g * filter.a1;
  filter.a3 = g * filter.a2;
}

/** Filters one sample, updating `low`, `band` and `high`. */
export function runFilter(filter: Filter, input: number): void {
  const v3 = input - filter.ic2;
  const v1 = filter.a1 * filter.ic1 + filter.a2 * v3;
  const v2 = filter.ic2 + filter.a2 * filter.ic1 + filter.a3 * v3;
  filter.ic1 = 2 * v1 - filter.ic1;
  filter.ic2 = 2 * v2 - filter.ic2;
  filter.low = v2;
  filter.band = v1;
  filter.high = input - filter.k * v1 - v2;
}

/** State of a white-noise source (32-bit xorshift). */
export interface Noise {
  state: number;
}

/** A seeded white-noise source; never a zero state, which would stay silent. */
export function createNoise(seed: number): Noise {
  return { state: seed | 0 || 0x2545f491 };
}

/** The next noise sample, uniform in [−1, 1). */
export function nextNoise(noise: Noise): number {
  let x = noise.state;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  noise.state = x | 0;
  return noise.state / 2147483648;
}

/** Constant-power gains [left, right] for a pan position from −1 (left) to 1 (right). */
export function panGains(pan: number): [number, number] {
  const angle = ((Math.max(-1, Math.min(1, pan)) + 1) * Math.PI) / 4;
  return [Math.cos(angle), Math.sin(angle)];
}

/**
 * Soft clipper: linear below `knee`, then a tanh curve that approaches but never reaches 1, so
 * loud peaks round off instead of wrapping or clipping hard.
 */
export function softClip(x: number, knee: number): number {
  const magnitude = Math.abs(x);
  if (magnitude <= knee) return x;
  const rounded = knee + (1 - knee) * Math.tanh((magnitude - knee) / (1 - knee));
  return x < 0 ? -rounded : rounded;
}
