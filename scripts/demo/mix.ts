import { panGains } from "./dsp.ts";

/**
 * A stereo mix being built: the dry signal, already interleaved (L, R, L, R, …) so mastering can
 * work in place, and a mono effect-send bus. Few, large buffers on purpose: touching fresh
 * memory is a large share of the cost of rendering a song.
 */
export interface Mix {
  /** Sample rate in Hz. */
  sampleRate: number;
  /** Length in sample frames (one frame = one left + one right sample). */
  frames: number;
  /** Interleaved stereo dry bus, `2 × frames` samples. */
  stereo: Float32Array;
  /** Mono bus feeding echo and reverb, `frames` samples. */
  send: Float32Array;
}

/** An empty mix of `frames` frames at `sampleRate` Hz. */
export function createMix(frames: number, sampleRate: number): Mix {
  return { sampleRate, frames, stereo: new Float32Array(2 * frames), send: new Float32Array(frames) };
}

/** Where and how loud a rendered voice lands in the mix. */
export interface Placement {
  /** First frame of the voice; earlier samples are dropped, as are samples past the end. */
  startFrame: number;
  /** Linear gain. */
  gain: number;
  /** −1 (left) to 1 (right). */
  pan: number;
  /** Share of the signal also sent to the effects bus, 0..1. */
  send: number;
  /** Samples of the voice to use (the rest is cut), or the whole voice when larger. */
  lengthFrames: number;
  /** The last this-many used samples fade linearly to silence, so a cut does not click. */
  fadeOutFrames: number;
}

/**
 * Adds a mono voice to the dry bus (and, scaled by `send`, to the effects bus). The voice is
 * only read, so one rendered note can be placed many times.
 */
export function addVoice(mix: Mix, voice: Float32Array, placement: Placement): void {
  const { startFrame, gain, pan, send } = placement;
  const [panLeft, panRight] = panGains(pan);
  const length = Math.min(voice.length, placement.lengthFrames);
  const from = Math.max(0, -startFrame);
  const to = Math.min(length, mix.frames - startFrame);
  const fadeFrom = Math.max(from, length - placement.fadeOutFrames);
  addPanned(mix.stereo, voice, startFrame, from, Math.min(to, fadeFrom), panLeft * gain, panRight * gain);
  if (send > 0) addScaled(mix.send, voice, startFrame, from, Math.min(to, fadeFrom), gain * send);
  for (let i = fadeFrom; i < to; i++) {
    const sample = ((voice[i] ?? 0) * gain * (length - i)) / placement.fadeOutFrames;
    const frame = startFrame + i;
    mix.stereo[2 * frame] = (mix.stereo[2 * frame] ?? 0) + sample * panLeft;
    mix.stereo[2 * frame + 1] = (mix.stereo[2 * frame + 1] ?? 0) + sample * panRight;
    mix.send[frame] = (mix.send[frame] ?? 0) + sample * send;
  }
}

/** Adds voice[from..to) to interleaved `stereo` from frame `offset` with per-side gains. */
function addPanned(
  stereo: Float32Array,
  voice: Float32Array,
  offset: number,
  from: number,
  to: number,
  left: number,
  right: number,
): void {
  for (let i = from; i < to; i++) {
    const sample = voice[i] ?? 0;
    const frame = 2 * (offset + i);
    stereo[frame] = (stereo[frame] ?? 0) + sample * left;
    stereo[frame + 1] = (stereo[frame + 1] ?? 0) + sample * right;
  }
}

/** Adds voice[from..to) × gain to the mono `bus` from frame `offset`. */
function addScaled(
  bus: Float32Array,
  voice: Float32Array,
  offset: number,
  from: number,
  to: number,
  gain: number,
): void {
  for (let i = from; i < to; i++) bus[offset + i] = (bus[offset + i] ?? 0) + (voice[i] ?? 0) * gain;
}

/** RMS of the dry bus (both channels), linear. */
export function measureRms(mix: Mix): number {
  let sum = 0;
  const { stereo } = mix;
  // An indexed loop: iterating a typed array with for…of is many times slower.
  for (let i = 0; i < stereo.length; i++) sum += (stereo[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, stereo.length));
}
