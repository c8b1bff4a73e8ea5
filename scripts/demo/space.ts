import type { Mix } from "./mix.ts";

/** Room and echo settings of a style. */
export interface SpaceSettings {
  /** Echo delay in beats (0 = no echo). */
  echoBeats: number;
  /** Echo feedback 0..1 (share of each repeat fed back). */
  echoFeedback: number;
  /** Echo level added to the dry bus, linear. */
  echoLevel: number;
  /** Reverb level added to the dry bus, linear. */
  reverbLevel: number;
  /** Reverb decay: comb feedback 0..1 (0.84 ≈ a medium room, 0.93 ≈ a hall). */
  reverbDecay: number;
}

/**
 * A delay line with its read/write position and a one-pole low-pass state. Plain data on
 * purpose: V8 updates object fields in place, where mutated closure variables would allocate.
 */
interface DelayLine {
  line: Float32Array;
  index: number;
  damped: number;
}

const createDelayLine = (length: number): DelayLine => ({
  line: new Float32Array(Math.max(1, length)),
  index: 0,
  damped: 0,
});

/** One sample through a damped feedback comb (`feedback` 0..1): returns its output. */
function runComb(comb: DelayLine, input: number, feedback: number): number {
  const { line, index } = comb;
  const delayed = line[index] ?? 0;
  comb.damped += 0.3 * (delayed - comb.damped);
  line[index] = input + comb.damped * feedback;
  comb.index = index + 1 === line.length ? 0 : index + 1;
  return delayed;
}

/** One sample through a Schroeder all-pass with gain 0.5. */
function runAllpass(allpass: DelayLine, input: number): number {
  const { line, index } = allpass;
  const delayed = line[index] ?? 0;
  line[index] = input + delayed * 0.5;
  allpass.index = index + 1 === line.length ? 0 : index + 1;
  return delayed - input;
}

/** Freeverb's comb and all-pass lengths at 44.1 kHz, different per side so the room is wide. */
const ROOMS = [
  { combs: [1557, 1617, 1491, 1422], allpasses: [225, 556] },
  { combs: [1277, 1356, 1188, 1116], allpasses: [341, 441] },
] as const;

/**
 * Renders the mono send bus through a small Schroeder reverb (four damped combs into two
 * all-passes per side) and a ping-pong echo, and adds both to the dry bus. `bpm` sets the echo
 * time so repeats land on the beat grid.
 */
export function applySpace(mix: Mix, space: SpaceSettings, bpm: number): void {
  if (space.reverbLevel > 0) {
    for (const channel of [0, 1] as const) addReverb(mix, channel, space.reverbDecay, space.reverbLevel);
  }
  if (space.echoBeats > 0 && space.echoLevel > 0) addEcho(mix, space, bpm);
}

/** One side of the reverb, added to `channel` (0 = left, 1 = right) of the dry bus. */
function addReverb(mix: Mix, channel: 0 | 1, decay: number, level: number): void {
  const room = ROOMS[channel];
  const [c1, c2, c3, c4] = room.combs.map(createDelayLine) as [DelayLine, DelayLine, DelayLine, DelayLine];
  const [a1, a2] = room.allpasses.map(createDelayLine) as [DelayLine, DelayLine];
  const { stereo, send } = mix;
  for (let i = 0; i < mix.frames; i++) {
    const dry = (send[i] ?? 0) * 0.25;
    const combs =
      runComb(c1, dry, decay) + runComb(c2, dry, decay) + runComb(c3, dry, decay) + runComb(c4, dry, decay);
    const frame = 2 * i + channel;
    stereo[frame] = (stereo[frame] ?? 0) + level * runAllpass(a2, runAllpass(a1, combs));
  }
}

/** Ping-pong echo: new sound enters on the left and each repeat crosses to the other side, a little darker. */
function addEcho(mix: Mix, space: SpaceSettings, bpm: number): void {
  const length = Math.round(((space.echoBeats * 60) / bpm) * mix.sampleRate);
  const left = new Float32Array(length);
  const right = new Float32Array(length);
  const { echoFeedback: feedback, echoLevel: level } = space;
  const { stereo, send } = mix;
  let toneLeft = 0;
  let toneRight = 0;
  for (let i = 0, index = 0; i < mix.frames; i++) {
    const repeatLeft = left[index] ?? 0;
    const repeatRight = right[index] ?? 0;
    toneLeft += 0.5 * ((send[i] ?? 0) + feedback * repeatRight - toneLeft);
    toneRight += 0.5 * (feedback * repeatLeft - toneRight);
    left[index] = toneLeft;
    right[index] = toneRight;
    index = index + 1 === length ? 0 : index + 1;
    stereo[2 * i] = (stereo[2 * i] ?? 0) + level * repeatLeft;
    stereo[2 * i + 1] = (stereo[2 * i + 1] ?? 0) + level * repeatRight;
  }
}
