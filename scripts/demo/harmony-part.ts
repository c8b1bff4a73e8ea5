import type { Bar, NoteEvent } from "./form.ts";
import type { Random } from "./random.ts";
import { type Hit, parseRhythm } from "./rhythm.ts";
import type { SongSpec } from "./song.ts";
import type { BassPattern, ChordRhythm, StylePreset } from "./styles.ts";
import { chordSteps, scaleNote, voiceInRange } from "./theory.ts";
import type { VoiceName } from "./voices.ts";

/** Jazz comping figures, one picked per bar (see {@link parseRhythm}). */
const COMPS = [
  "x=====..........",
  "......x=....x==.",
  "x=........x===..",
  "....x=....x=..x=",
  "..x===..x=......",
].map(parseRhythm);

/** Chord rhythms that do not depend on chance. */
const FIXED_RHYTHMS: Record<Exclude<ChordRhythm, "comp" | "arp" | "broken">, Hit[]> = {
  hold: parseRhythm("x==============="),
  eighths: parseRhythm("x=x=x=x=x=x=x=x="),
  lazy: parseRhythm("x=====....x====="),
};

/** Share of a rhythm's written length that short chords actually sound (held chords ring on). */
const ARTICULATION = 0.85;

/** MIDI notes of the bar's chord, voiced close above `key − 5`. */
function chordNotes(spec: SongSpec, bar: Bar, size: number): number[] {
  const notes = chordSteps(bar.chordRoot + 1, size).map((step) => scaleNote(spec.key, spec.mode, step));
  return voiceInRange(notes, spec.key - 5);
}

/** The chord as notes of `voice` in `rhythm` for one bar starting at `barBeat`. */
export function playChord(
  random: Random,
  spec: SongSpec,
  bar: Bar,
  barBeat: number,
  voice: VoiceName,
  rhythm: ChordRhythm,
  size: number,
): NoteEvent[] {
  const notes = chordNotes(spec, bar, size);
  if (rhythm === "arp" || rhythm === "broken") {
    // Arpeggios climb the chord over two octaves: sixteenths for "arp", quarters for "broken".
    const up = [...notes, ...notes.map((note) => note + 12)];
    const perBeat = rhythm === "arp" ? 4 : 1;
    return Array.from({ length: 4 * perBeat }, (_, i) => ({
      voice,
      beat: barBeat + i / perBeat,
      beats: 0.9 / perBeat,
      midi: (up[i % up.length] ?? spec.key) + 12,
      velocity: i % 4 === 0 ? 0.9 : 0.65,
      pan: i % 2 === 0 ? -0.4 : 0.4,
    }));
  }
  const written = rhythm === "comp" ? random.pick(COMPS) : FIXED_RHYTHMS[rhythm];
  const figure =
    rhythm === "hold" ? written : written.map(([start, beats]): Hit => [start, beats * ARTICULATION]);
  const velocity = (hit: number) => (rhythm === "eighths" && hit % 2 === 1 ? 0.7 : 0.85);
  if (voice === "guitar") {
    // The power chord of the root, low: the instrument adds the fifth and the octave.
    const root = placeNote(scaleNote(spec.key, spec.mode, bar.chordRoot), spec.key - 17);
    return figure.map(([start, beats], hit) => ({
      voice,
      beat: barBeat + start,
      beats,
      midi: root,
      velocity: velocity(hit),
    }));
  }
  // Alternate chord tones go left and right: two voices per chord give the chord its width.
  const sides = [notes.filter((_, i) => i % 2 === 0), notes.filter((_, i) => i % 2 === 1)];
  return figure.flatMap(([start, beats], hit) =>
    sides.flatMap(([midi, ...chord], side) =>
      midi === undefined
        ? []
        : [
            {
              voice,
              beat: barBeat + start,
              beats,
              midi,
              chord,
              velocity: velocity(hit),
              pan: side === 0 ? -0.4 : 0.4,
            },
          ],
    ),
  );
}

/** `midi` moved by octaves into [low, low + 12). */
function placeNote(midi: number, low: number): number {
  return voiceInRange([midi], low)[0] ?? low;
}

/** The bass note of a scale step, placed between `key − 24` and `key − 12`. */
function bassNote(spec: SongSpec, step: number): number {
  return placeNote(scaleNote(spec.key, spec.mode, step), spec.key - 24);
}

/**
 * The bass line for one bar: `pattern` decides the rhythm; walking lines move through chord
 * tones and approach the next bar's root by a semitone; `kick` follows the kick drum's steps.
 */
export function playBass(
  random: Random,
  spec: SongSpec,
  style: StylePreset,
  bar: Bar,
  barBeat: number,
  pattern: BassPattern,
  kickSteps: string,
): NoteEvent[] {
  const root = bassNote(spec, bar.chordRoot);
  const next = bassNote(spec, bar.nextChordRoot);
  const note = (beat: number, beats: number, midi: number, velocity = 0.85): NoteEvent => ({
    voice: style.bassVoice,
    beat: barBeat + beat,
    beats,
    midi,
    velocity,
  });
  switch (pattern) {
    case "roots":
      return [note(0, 4, root)];
    case "eighths":
      return Array.from({ length: 8 }, (_, i) =>
        note(i / 2, 0.42, i === 7 && random.chance(0.4) ? root + 7 : root, i % 2 ? 0.75 : 0.9),
      );
    case "offbeat":
      return [0, 1, 2, 3].map((beat) =>
        note(beat + 0.5, 0.4, beat === 3 && random.chance(0.3) ? root + 12 : root),
      );
    case "walking": {
      const third = bassNote(spec, bar.chordRoot + 2);
      const fifth = bassNote(spec, bar.chordRoot + 4);
      const approach = next + (random.chance(0.5) ? 1 : -1);
      return [
        note(0, 0.95, root),
        note(1, 0.95, random.pick([third, fifth])),
        note(2, 0.95, fifth),
        note(3, 0.95, approach, 0.75),
      ];
    }
    case "kick": {
      const hits = [...kickSteps].flatMap((char, i) => (char === "." ? [] : [i]));
      return hits.map((step, i) => {
        const end = hits[i + 1] ?? 16;
        const midi = i === hits.length - 1 && random.chance(0.25) ? root + 12 : root;
        return note(step / 4, (end - step) / 4, midi, 0.95);
      });
    }
  }
}
