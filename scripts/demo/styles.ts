import type { StyleName } from "./song.ts";
import type { SpaceSettings } from "./space.ts";
import type { VoiceName } from "./voices.ts";

/**
 * One bar of drums: voice → 16 sixteenth-note steps, `x` a full hit, `-` a medium one, `o` a
 * ghost note, `.` a rest.
 */
export type DrumPattern = Partial<Record<VoiceName, string>>;

/** How chords are played within a bar. */
export type ChordRhythm = "hold" | "eighths" | "comp" | "arp" | "broken" | "lazy";

/** How the bass follows the chord roots. */
export type BassPattern = "roots" | "eighths" | "offbeat" | "walking" | "kick";

/** Everything a style decides about instruments, rhythm and space. */
export interface StylePreset {
  /** Delay of swung off-beats as a share of the swing unit (0 = straight, 0.33 ≈ triplet feel). */
  swing: number;
  /** Length in beats of the note value that swings (0.5 = eighths, 0.25 = sixteenths). */
  swingUnitBeats: number;
  /** Notes per chord: 3 = triads, 4 = sevenths. */
  chordSize: 3 | 4;
  chordVoice: VoiceName;
  chordRhythm: ChordRhythm;
  /** Extra chord layer in choruses (and its rhythm), or null. */
  chorusLayer: { voice: VoiceName; rhythm: ChordRhythm } | null;
  bassVoice: VoiceName;
  bassPattern: BassPattern;
  leadVoice: VoiceName;
  chorusLeadVoice: VoiceName;
  /** Average melody notes per bar. */
  melodyDensity: number;
  /** Drums for verses and outros, or null for none at all. */
  verseDrums: DrumPattern | null;
  chorusDrums: DrumPattern | null;
  /** Whether the drummer plays fills into the next section. */
  fills: boolean;
  space: SpaceSettings;
}

/** The five styles: each differs audibly in tempo feel, instruments and pattern. */
export const STYLES: Record<StyleName, StylePreset> = {
  electronic: {
    swing: 0,
    swingUnitBeats: 0.5,
    chordSize: 3,
    chordVoice: "pad",
    chordRhythm: "hold",
    chorusLayer: { voice: "pluck", rhythm: "arp" },
    bassVoice: "synthBass",
    bassPattern: "offbeat",
    leadVoice: "lead",
    chorusLeadVoice: "brightLead",
    melodyDensity: 3,
    verseDrums: { kickClub: "x...x...x...x...", clap: "....x.......x...", hat: "..x...x...x...x." },
    chorusDrums: {
      kickClub: "x...x...x...x...",
      clap: "....x.......x...",
      hat: "x-x-x-x-x-x-x-x-",
      openHat: "..x...x...x...x.",
    },
    fills: true,
    space: { echoBeats: 0.75, echoFeedback: 0.4, echoLevel: 0.35, reverbLevel: 0.25, reverbDecay: 0.84 },
  },
  rock: {
    swing: 0,
    swingUnitBeats: 0.5,
    chordSize: 3,
    chordVoice: "guitar",
    chordRhythm: "eighths",
    chorusLayer: { voice: "pad", rhythm: "hold" },
    bassVoice: "synthBass",
    bassPattern: "eighths",
    leadVoice: "lead",
    chorusLeadVoice: "lead",
    melodyDensity: 3,
    verseDrums: { kickRock: "x.....x.x.......", snare: "....x.......x...", hat: "x-x-x-x-x-x-x-x-" },
    chorusDrums: { kickRock: "x.....x.x.x.....", snare: "....x.......x..o", ride: "x-x-x-x-x-x-x-x-" },
    fills: true,
    space: { echoBeats: 0, echoFeedback: 0, echoLevel: 0, reverbLevel: 0.3, reverbDecay: 0.8 },
  },
  jazz: {
    swing: 0.33,
    swingUnitBeats: 0.5,
    chordSize: 4,
    chordVoice: "keys",
    chordRhythm: "comp",
    chorusLayer: null,
    bassVoice: "upright",
    bassPattern: "walking",
    leadVoice: "vibes",
    chorusLeadVoice: "vibes",
    melodyDensity: 4,
    verseDrums: { ride: "x...x.x.x...x.x.", hat: "....o.......o...", brush: "o.o.o.o.o.o.o.o." },
    chorusDrums: {
      ride: "x...x.x.x...x.x.",
      hat: "....-.......-...",
      brush: "o.o.x.o.o.o.x.o.",
      kickSoft: "o......o........",
    },
    fills: false,
    space: { echoBeats: 0, echoFeedback: 0, echoLevel: 0, reverbLevel: 0.35, reverbDecay: 0.82 },
  },
  ambient: {
    swing: 0,
    swingUnitBeats: 0.5,
    chordSize: 4,
    chordVoice: "slowPad",
    chordRhythm: "hold",
    chorusLayer: { voice: "bell", rhythm: "broken" },
    bassVoice: "drone",
    bassPattern: "roots",
    leadVoice: "bell",
    chorusLeadVoice: "bell",
    melodyDensity: 1.2,
    verseDrums: null,
    chorusDrums: null,
    fills: false,
    space: { echoBeats: 1.5, echoFeedback: 0.55, echoLevel: 0.45, reverbLevel: 0.55, reverbDecay: 0.93 },
  },
  hiphop: {
    swing: 0.22,
    swingUnitBeats: 0.25,
    chordSize: 4,
    chordVoice: "keys",
    chordRhythm: "lazy",
    chorusLayer: { voice: "pad", rhythm: "hold" },
    bassVoice: "sub808",
    bassPattern: "kick",
    leadVoice: "flute",
    chorusLeadVoice: "flute",
    melodyDensity: 2.5,
    verseDrums: { kickBoom: "x......x..x.....", clap: "....x.......x...", hat: "x.x.x.x.x.x.x.x." },
    chorusDrums: {
      kickBoom: "x......x..x..x..",
      clap: "....x.......x...",
      hat: "x-x-x-xox-x-x-xo",
      openHat: "..............x.",
    },
    fills: false,
    space: { echoBeats: 0.5, echoFeedback: 0.3, echoLevel: 0.2, reverbLevel: 0.2, reverbDecay: 0.8 },
  },
};
