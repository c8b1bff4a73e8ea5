import { droneBass, sub808, synthBass, uprightBass } from "./bass-instruments.ts";
import { createCymbal, createKick, createSnare } from "./drums.ts";
import type { Instrument } from "./instrument.ts";
import { createMallet, electricPiano } from "./keys.ts";
import { createLead, createPad, powerChordGuitar, softFlute, synthPluck } from "./synths.ts";

/** An instrument with its default place in the mix. */
export interface Voice {
  instrument: Instrument;
  /** Linear gain into the mix. */
  gain: number;
  /** Default pan, −1 (left) to 1 (right); a note may override it. */
  pan: number;
  /** Share sent to echo and reverb, 0..1. */
  send: number;
  /** Whether a note cuts off the previous one still ringing, like one string or one cymbal. */
  mono: boolean;
}

const voice = (instrument: Instrument, gain: number, pan: number, send: number, mono = false): Voice => ({
  instrument,
  gain,
  pan,
  send,
  mono,
});

const clubKick = createKick({
  startHz: 170,
  endHz: 50,
  sweepSec: 0.03,
  decaySec: 0.22,
  drive: 1.5,
  click: 0.3,
});
const rockKick = createKick({
  startHz: 130,
  endHz: 58,
  sweepSec: 0.02,
  decaySec: 0.15,
  drive: 1.2,
  click: 0.6,
});
const boomKick = createKick({
  startHz: 120,
  endHz: 46,
  sweepSec: 0.05,
  decaySec: 0.4,
  drive: 2.2,
  click: 0.2,
});
const softKick = createKick({
  startHz: 100,
  endHz: 55,
  sweepSec: 0.02,
  decaySec: 0.12,
  drive: 1,
  click: 0.1,
});
const stickSnare = createSnare({ toneHz: 190, noiseHz: 2600, decaySec: 0.07, attackSec: 0.001, bursts: 1 });
const handClap = createSnare({ toneHz: 0, noiseHz: 1300, decaySec: 0.06, attackSec: 0.001, bursts: 3 });
const brushSnare = createSnare({ toneHz: 0, noiseHz: 3800, decaySec: 0.06, attackSec: 0.02, bursts: 1 });

/** Every voice a style can use, by name, balanced against each other. */
export const VOICES = {
  pad: voice(createPad(0.35, 0.9, 1400), 0.22, 0, 0.35),
  slowPad: voice(createPad(2.5, 3.5, 900), 0.4, 0, 0.7),
  keys: voice(electricPiano, 0.32, -0.15, 0.25),
  guitar: voice(powerChordGuitar, 0.3, -0.35, 0.1),
  pluck: voice(synthPluck, 0.3, 0.2, 0.45),
  lead: voice(createLead(2400), 0.4, 0.1, 0.3, true),
  brightLead: voice(createLead(4200), 0.34, 0.15, 0.35, true),
  bell: voice(createMallet(3.5, 2.2, 0), 0.22, 0.25, 0.8),
  vibes: voice(createMallet(4, 1.4, 5.5), 0.34, 0.2, 0.35),
  flute: voice(softFlute, 0.4, 0.1, 0.35, true),
  synthBass: voice(synthBass, 0.65, 0, 0, true),
  upright: voice(uprightBass, 0.45, -0.05, 0.05, true),
  sub808: voice(sub808, 0.55, 0, 0, true),
  drone: voice(droneBass, 0.38, 0, 0.2),
  kickClub: voice(clubKick, 0.8, 0, 0, true),
  kickRock: voice(rockKick, 0.75, 0, 0.05, true),
  kickBoom: voice(boomKick, 0.85, 0, 0, true),
  kickSoft: voice(softKick, 0.45, 0, 0.1, true),
  snare: voice(stickSnare, 1, 0.05, 0.25),
  clap: voice(handClap, 1.2, 0, 0.3),
  brush: voice(brushSnare, 0.55, 0.1, 0.15),
  hat: voice(createCymbal(7500, 0.025, 0), 0.25, 0.3, 0.05),
  openHat: voice(createCymbal(6500, 0.14, 0.1), 0.2, 0.3, 0.1),
  ride: voice(createCymbal(5000, 0.35, 0.35), 0.16, 0.35, 0.15, true),
  crash: voice(createCymbal(3800, 0.5, 0.2), 0.2, -0.3, 0.2),
} satisfies Record<string, Voice>;

/** Name of a voice in {@link VOICES}. */
export type VoiceName = keyof typeof VOICES;
