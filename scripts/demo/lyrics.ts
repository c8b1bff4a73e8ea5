import { countBars, groupSections } from "./arrangement.ts";
import type { DemoCatalogTrack } from "./catalog.ts";
import { type Bar, createClock, planBars } from "./form.ts";
import { createRandom, deriveSeed, type Random } from "./random.ts";
import type { SectionKind } from "./song.ts";
import { STYLES } from "./styles.ts";

/** Bars per sung line: half of one of the melody's four-bar phrases (see composeMelody). */
export const BARS_PER_LINE = 2;

/** Sections with a melody, so with words; intros and outros are instrumental. */
export const SUNG_SECTIONS: ReadonlySet<SectionKind> = new Set(["verse", "chorus", "bridge"]);

/** Shown through an instrumental stretch after the singing, so the last line does not linger. */
export const INSTRUMENTAL_LINE = "♪";

const VERSE_LINES = [
  "Streetlights hum a tune I used to know",
  "Coffee going cold beside the window",
  "Every station plays the same old rain",
  "I keep your number written on my hand",
  "The last bus sighs and pulls away from town",
  "We were younger than the summer then",
  "Paper boats go sailing down the gutter",
  "Your jacket still hangs on the kitchen door",
  "Neon letters spelling out our names",
  "The radio is talking in its sleep",
  "Somebody's laughing two floors down",
  "I count the headlights crawling up the hill",
  "Footsteps echo where the market was",
  "The city breathes in slow and deep",
  "Postcards from a place we never went",
  "I watch the tide forget the shore",
];

const CHORUS_LINES = [
  "Hold on, hold on, the night is young",
  "Sing it loud until the morning comes",
  "We don't need a map to find our way",
  "Light me up and let the silence go",
  "All the roads lead back to you",
  "Turn it up, the stars are listening",
  "Don't let go, don't let go",
  "We are gold beneath the evening sky",
];

const BRIDGE_LINES = [
  "And if the world stands still tonight",
  "Maybe we were never meant to know",
  "Every ending is a door",
  "Slow it down and let it breathe",
  "Somewhere past the edge of town",
  "Close your eyes, it's almost here",
];

/**
 * Time-synced lyrics (LRC) for a demo track, following its song as the synthesiser lays it out:
 * one line per two bars of every sung section, starting on the bar where the melody's phrase
 * (or half-phrase) starts, timed by the same clock the audio is rendered with. The chorus is the
 * same words every time and opens with the title; an instrumental outro gets a ♪ line.
 * Deterministic: the same track always gives the same text.
 */
export function demoLyrics(track: DemoCatalogTrack): string {
  const { song } = track;
  const style = STYLES[song.style];
  const clock = createClock(song.bpm, style.swing, style.swingUnitBeats);
  const random = createRandom(deriveSeed(song.seed, "lyrics"));
  const chorus = [track.title, ...shuffled(random, CHORUS_LINES)];
  const verseLine = deck(random, VERSE_LINES);
  const bridgeLine = deck(random, BRIDGE_LINES);
  const lines = [`[ti:${track.title}]`, `[ar:${track.artist}]`, `[al:${track.album}]`, "[by:Cadenza demo]"];
  let sung = false;
  for (const section of groupSections(
    planBars(song.sections, song.progression, countBars(song, track.durationSec)),
  )) {
    const first = section[0] as Bar;
    if (!SUNG_SECTIONS.has(first.kind)) {
      if (sung) lines.push(`${timestamp(clock(first.index * 4))}${INSTRUMENTAL_LINE}`);
      continue;
    }
    for (let line = 0; line * BARS_PER_LINE < section.length; line++) {
      const bar = section[line * BARS_PER_LINE] as Bar;
      const text =
        first.kind === "chorus"
          ? chorus[line % chorus.length]
          : first.kind === "verse"
            ? verseLine()
            : bridgeLine();
      lines.push(`${timestamp(clock(bar.index * 4))}${text}`);
    }
    sung = true;
  }
  return `${lines.join("\n")}\n`;
}

/** Draws lines from `bank` in shuffled order, reshuffling once every line has been used. */
function deck(random: Random, bank: readonly string[]): () => string {
  let order: string[] = [];
  return () => {
    if (order.length === 0) order = shuffled(random, bank);
    return order.shift() as string;
  };
}

function shuffled(random: Random, items: readonly string[]): string[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [copy[i], copy[j]] = [copy[j] as string, copy[i] as string];
  }
  return copy;
}

/** `[mm:ss.xx]` for a time in seconds, to the nearest hundredth. */
export function timestamp(seconds: number): string {
  const hundredths = Math.round(seconds * 100);
  const minutes = Math.floor(hundredths / 6000);
  const rest = (hundredths % 6000) / 100;
  return `[${String(minutes).padStart(2, "0")}:${rest.toFixed(2).padStart(5, "0")}]`;
}
