import { playDrums } from "./drum-part.ts";
import { type Bar, type NoteEvent, planBars } from "./form.ts";
import { playBass, playChord } from "./harmony-part.ts";
import { composeMelody } from "./melody.ts";
import { createRandom, deriveSeed } from "./random.ts";
import type { SectionKind, SongSpec } from "./song.ts";
import { STYLES } from "./styles.ts";
import { scaleNote } from "./theory.ts";
import type { VoiceName } from "./voices.ts";

/** Bars needed to cover `lengthSec` seconds at the spec's tempo. */
export function countBars(spec: SongSpec, lengthSec: number): number {
  return Math.max(1, Math.ceil(lengthSec / ((4 * 60) / spec.bpm)));
}

/** Splits bars into runs of consecutive bars of the same section. */
export function groupSections(bars: readonly Bar[]): Bar[][] {
  const groups: Bar[][] = [];
  for (const bar of bars) {
    if (bar.barInSection === 0 || groups.length === 0) groups.push([]);
    groups.at(-1)?.push(bar);
  }
  return groups;
}

/** Melody register (scale steps above the tonic) and density factor per section. */
const MELODY_SHAPE: Record<SectionKind, { center: number; density: number } | null> = {
  intro: null,
  verse: { center: 7, density: 0.85 },
  chorus: { center: 10, density: 1 },
  bridge: { center: 8, density: 0.6 },
  outro: null,
};

/**
 * Places every note of a song: chords, bass, drums and melody over the form laid out across
 * `lengthSec` seconds. Intros are chords alone, choruses add a layer and a higher melody,
 * bridges drop the drums and hold the bass, outros let the drums play out their first half.
 * Deterministic: the same spec and length always give the same notes.
 */
export function arrangeSong(spec: SongSpec, lengthSec: number): NoteEvent[] {
  const style = STYLES[spec.style];
  const bars = planBars(spec.sections, spec.progression, countBars(spec, lengthSec));
  const harmony = createRandom(deriveSeed(spec.seed, "harmony"));
  const drums = createRandom(deriveSeed(spec.seed, "drums"));
  const events: NoteEvent[] = [];
  for (const bar of bars) {
    const beat = bar.index * 4;
    const chorus = bar.kind === "chorus";
    const quiet = bar.kind === "intro" || bar.kind === "bridge";
    const chordVoice = quiet && style.chordVoice === "guitar" ? "pad" : style.chordVoice;
    const chordRhythm = chordVoice === style.chordVoice ? style.chordRhythm : "hold";
    events.push(...playChord(harmony, spec, bar, beat, chordVoice, chordRhythm, style.chordSize));
    if (chorus && style.chorusLayer) {
      const { voice, rhythm } = style.chorusLayer;
      events.push(...playChord(harmony, spec, bar, beat, voice, rhythm, style.chordSize));
    }
    const drumsPlaying =
      bar.kind === "verse" || chorus || (bar.kind === "outro" && bar.barInSection < bar.sectionBars / 2);
    const pattern = chorus ? style.chorusDrums : style.verseDrums;
    const kickSteps =
      Object.entries(pattern ?? {}).find(([name]) => name.startsWith("kick"))?.[1] ?? "x...............";
    if (bar.kind !== "intro" || style.bassPattern === "roots") {
      const bassPattern = drumsPlaying || style.bassPattern === "walking" ? style.bassPattern : "roots";
      events.push(...playBass(harmony, spec, style, bar, beat, bassPattern, kickSteps));
    }
    if (drumsPlaying && pattern) {
      const next = bars[bar.index + 1];
      const fill = style.fills && next !== undefined && next.kind !== bar.kind;
      const crash = style.fills && bar.barInSection === 0 && (chorus || bar.kind === "verse");
      events.push(...playDrums(drums, pattern, beat, { fill, crash }));
    }
  }
  for (const section of groupSections(bars)) events.push(...playMelody(spec, section));
  return tieSustainedNotes(events);
}

/** Voices that hold a chord rather than re-strike it when the next bar repeats it. */
const SUSTAINED = new Set<VoiceName>(["pad", "slowPad", "drone"]);

/**
 * Joins each sustained-voice note to a following note of the same voice and pitches that starts
 * exactly where it ends, so pads and drones hold a repeated chord. Keeps event order.
 */
function tieSustainedNotes(events: readonly NoteEvent[]): NoteEvent[] {
  const sounding = new Map<string, NoteEvent>();
  const tied: NoteEvent[] = [];
  for (const event of events) {
    const key = `${event.voice}:${event.midi}:${event.chord?.join(",")}`;
    const previous = SUSTAINED.has(event.voice) ? sounding.get(key) : undefined;
    if (previous && Math.abs(previous.beat + previous.beats - event.beat) < 1e-6) {
      previous.beats += event.beats;
      continue;
    }
    const copy = { ...event };
    if (SUSTAINED.has(event.voice)) sounding.set(key, copy);
    tied.push(copy);
  }
  return tied;
}

/** The melody of one section (none in intros and outros), the same every time the section recurs. */
function playMelody(spec: SongSpec, section: readonly Bar[]): NoteEvent[] {
  const first = section[0];
  const shape = first && MELODY_SHAPE[first.kind];
  if (!first || !shape) return [];
  const style = STYLES[spec.style];
  const random = createRandom(deriveSeed(spec.seed, `melody:${first.kind}`));
  const roots = section.map((bar) => bar.chordRoot);
  const density = style.melodyDensity * shape.density;
  const voice = first.kind === "chorus" ? style.chorusLeadVoice : style.leadVoice;
  return composeMelody(random, roots, style.chordSize, density, shape.center).flatMap((notes, i) =>
    notes.map((note) => ({
      voice,
      beat: (first.index + i) * 4 + note.beat,
      beats: note.beats * 0.92,
      midi: scaleNote(spec.key, spec.mode, note.step),
      velocity: note.velocity * (first.kind === "chorus" ? 1 : 0.85),
    })),
  );
}
