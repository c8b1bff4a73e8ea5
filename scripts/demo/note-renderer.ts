import type { NoteEvent } from "./form.ts";
import { addVoice, type Mix } from "./mix.ts";
import { deriveSeed } from "./random.ts";
import { midiToHz } from "./theory.ts";
import { VOICES } from "./voices.ts";

/** When the song's notes sound. */
export interface Timing {
  /** Seconds from the song's start of a beat position, swing included. */
  clock: (beat: number) => number;
  /** Length of one beat in seconds. */
  secondsPerBeat: number;
}

/**
 * Frames (≈ 4.5 ms) over which every note fades out at its end: where the next note of a mono
 * voice cuts it, and where a long decay is cut off, so neither clicks.
 */
const FADE_FRAMES = 200;

/** Velocities are rounded to this step so repeated notes can share one rendering. */
const VELOCITY_STEP = 1 / 32;

/**
 * Renders every note into the mix. Songs repeat themselves — the same drum hit, the same chord
 * in every chorus — so each distinct note (voice, pitches, length, velocity) is rendered once
 * and placed as often as it is played; its seed comes from that identity, which keeps the
 * result identical to rendering every note afresh. Mono voices cut their previous note.
 */
export function renderNotes(mix: Mix, events: readonly NoteEvent[], timing: Timing, seed: number): void {
  const rendered = new Map<string, Float32Array>();
  const nextBeats = findNextBeats(events);
  for (const [index, event] of events.entries()) {
    const startFrame = Math.round(timing.clock(event.beat) * mix.sampleRate);
    if (startFrame >= mix.frames) continue;
    const voice = VOICES[event.voice];
    const velocity = Math.max(VELOCITY_STEP, Math.round(event.velocity / VELOCITY_STEP) * VELOCITY_STEP);
    const key = `${event.voice}|${event.midi}|${event.chord?.join(",") ?? ""}|${event.beats}|${velocity}`;
    let samples = rendered.get(key);
    if (!samples) {
      const holdSec = event.beats * timing.secondsPerBeat;
      samples = new Float32Array(Math.ceil((holdSec + voice.instrument.tailSec) * mix.sampleRate));
      const hz = midiToHz(event.midi);
      const chordHz = (event.chord ?? []).map(midiToHz);
      voice.instrument.render(
        samples,
        { hz, chordHz, holdSec, velocity, seed: deriveSeed(seed, key) },
        mix.sampleRate,
      );
      rendered.set(key, samples);
    }
    const nextFrame = Math.round(timing.clock(nextBeats[index] ?? Number.POSITIVE_INFINITY) * mix.sampleRate);
    const choked = voice.mono && nextFrame - startFrame + FADE_FRAMES < samples.length;
    addVoice(mix, samples, {
      startFrame,
      gain: voice.gain,
      pan: event.pan ?? voice.pan,
      send: voice.send,
      lengthFrames: choked ? nextFrame - startFrame + FADE_FRAMES : samples.length,
      fadeOutFrames: Math.min(FADE_FRAMES, samples.length),
    });
  }
}

/** For each event, the start beat of the next later note of the same voice (Infinity if none). */
function findNextBeats(events: readonly NoteEvent[]): number[] {
  const byVoice = new Map<string, number[]>();
  for (const [index, event] of events.entries()) {
    const list = byVoice.get(event.voice) ?? [];
    list.push(index);
    byVoice.set(event.voice, list);
  }
  const next = events.map(() => Number.POSITIVE_INFINITY);
  for (const indices of byVoice.values()) {
    const byBeat = [...indices].sort((a, b) => (events[a]?.beat ?? 0) - (events[b]?.beat ?? 0));
    let following = Number.POSITIVE_INFINITY;
    for (let k = byBeat.length - 1; k >= 0; k--) {
      const index = byBeat[k] ?? 0;
      const beat = events[index]?.beat ?? 0;
      next[index] = following;
      if (beat < following) following = beat;
    }
  }
  return next;
}
