import type { Section, SongSpec, StyleName } from "./song.ts";
import type { ModeName } from "./theory.ts";

/** One demo recording and the song it is synthesised from. */
export interface DemoTrack {
  title: string;
  /** Length of the rendered audio in seconds (45–150, so the first `npm run dev` stays quick). */
  durationSec: number;
  /** International Standard Recording Code; `XX` is the ISRC agency's code for test recordings. */
  isrc: string;
  explicit: boolean;
  /** ISO 3166-1 alpha-2 markets it may play in; omitted = the album's markets. */
  markets?: readonly string[];
  song: SongSpec;
}

/** One demo release. */
export interface DemoAlbum {
  title: string;
  artist: string;
  genre: string;
  /** `YYYY-MM-DD`. */
  releaseDate: string;
  /** ISO 3166-1 alpha-2 markets it is licensed in; omitted = worldwide. */
  markets?: readonly string[];
  tracks: readonly DemoTrack[];
}

/** A track with everything its upload needs from its album. */
export interface DemoCatalogTrack extends DemoTrack {
  artist: string;
  album: string;
  genre: string;
  releaseDate: string;
  /** Position on the album, from 1. */
  trackNumber: number;
}

const POP: Section[] = [
  { kind: "intro", bars: 4 },
  { kind: "verse", bars: 8 },
  { kind: "chorus", bars: 8 },
  { kind: "verse", bars: 8 },
  { kind: "chorus", bars: 8 },
  { kind: "bridge", bars: 4 },
  { kind: "chorus", bars: 8 },
  { kind: "outro", bars: 4 },
];
const SHORT: Section[] = [
  { kind: "intro", bars: 2 },
  { kind: "verse", bars: 8 },
  { kind: "chorus", bars: 8 },
  { kind: "bridge", bars: 4 },
  { kind: "chorus", bars: 8 },
  { kind: "outro", bars: 4 },
];
const HEAD: Section[] = [
  { kind: "intro", bars: 4 },
  { kind: "verse", bars: 8 },
  { kind: "chorus", bars: 8 },
  { kind: "bridge", bars: 8 },
  { kind: "verse", bars: 8 },
  { kind: "outro", bars: 4 },
];
const DRIFT: Section[] = [
  { kind: "intro", bars: 4 },
  { kind: "verse", bars: 8 },
  { kind: "chorus", bars: 8 },
  { kind: "bridge", bars: 4 },
  { kind: "outro", bars: 4 },
];

/** A song in one line: style, tempo (BPM), tonic (MIDI note), mode, chord degrees, form. */
const song = (
  style: StyleName,
  bpm: number,
  key: number,
  mode: ModeName,
  progression: number[],
  sections: Section[],
): Omit<SongSpec, "seed"> => ({ style, bpm, key, mode, progression, sections });

/** Demo track number `n` (1-based over the catalog): its ISRC and song seed both derive from it. */
const track = (
  n: number,
  title: string,
  durationSec: number,
  spec: Omit<SongSpec, "seed">,
  rights: { explicit?: boolean; markets?: readonly string[] } = {},
): DemoTrack => ({
  title,
  durationSec,
  isrc: `XXCDZ26${String(n).padStart(5, "0")}`,
  explicit: rights.explicit ?? false,
  ...(rights.markets ? { markets: rights.markets } : {}),
  song: { seed: n * 7919, ...spec },
});

const EXPLICIT = { explicit: true };

/** Licensed everywhere the demo label has a deal — which does not include the US. */
const NO_US = (
  "CA MX BR AR CL CO GB IE FR DE AT CH NL BE LU ES PT IT SE NO DK FI IS PL CZ HU GR TR " +
  "JP KR TW HK SG AU NZ ZA NG KE IN PH ID MY TH"
).split(" ");

/** The demo catalog: invented artists across five genres; the audio is synthesised. */
export const DEMO_ALBUMS: readonly DemoAlbum[] = [
  {
    title: "Nuits de Velours",
    artist: "Élodie Marchand",
    genre: "Jazz",
    releaseDate: "2023-11-03",
    tracks: [
      track(1, "Café des Étoiles", 84, song("jazz", 138, 53, "major", [2, 5, 1, 6], HEAD)),
      track(2, "Pluie sur Montmartre", 70, song("jazz", 112, 50, "dorian", [1, 4, 2, 5], HEAD)),
      track(3, "Minuit, quai Voltaire", 92, song("jazz", 152, 55, "major", [1, 6, 2, 5], HEAD)),
    ],
  },
  {
    title: "ネオンの雨",
    artist: "東京スカイライン",
    genre: "Electronic",
    releaseDate: "2024-06-21",
    tracks: [
      track(4, "真夜中のドライブ", 96, song("electronic", 118, 54, "minor", [1, 6, 3, 7], POP)),
      track(5, "シティライト", 80, song("electronic", 124, 57, "major", [4, 5, 3, 6], POP)),
      track(6, "ネオンの雨", 88, song("electronic", 128, 52, "dorian", [1, 4, 1, 5], POP)),
    ],
  },
  {
    title: "Mileage",
    artist: "The Rust Belt Radio",
    genre: "Rock",
    releaseDate: "2022-09-09",
    tracks: [
      track(7, "Rust & Chrome", 72, song("rock", 138, 52, "mixolydian", [1, 7, 4, 1], SHORT), EXPLICIT),
      track(8, "Interstate Hymn", 88, song("rock", 124, 57, "major", [1, 5, 6, 4], POP)),
      track(9, "Last Call at Dalton's", 60, song("rock", 146, 50, "minor", [1, 6, 7, 5], SHORT), EXPLICIT),
    ],
  },
  {
    title: "Tidal Rooms",
    artist: "Mara Quinn",
    genre: "Ambient",
    releaseDate: "2021-03-12",
    tracks: [
      track(10, "Low Tide, First Light", 112, song("ambient", 66, 50, "lydian", [1, 2, 1, 5], DRIFT)),
      track(11, "Salt Glass", 90, song("ambient", 72, 55, "major", [1, 4, 6, 4], DRIFT)),
    ],
  },
  {
    title: "Late Bus Home",
    artist: "Kojo Mensah",
    genre: "Hip-Hop",
    releaseDate: "2025-02-14",
    tracks: [
      track(12, "Night Shift", 70, song("hiphop", 86, 53, "minor", [1, 4, 6, 5], SHORT), EXPLICIT),
      track(13, "Corner Store Philosophy", 78, song("hiphop", 90, 56, "dorian", [1, 4, 1, 7], SHORT), {
        explicit: true,
        markets: NO_US,
      }),
      track(14, "Late Bus Home", 56, song("hiphop", 82, 51, "minor", [6, 7, 1, 1], SHORT)),
    ],
  },
  {
    title: "Stadtrand",
    artist: "Nordlicht Kollektiv",
    genre: "Electronic",
    releaseDate: "2024-10-04",
    // Licensed only in German-speaking Europe.
    markets: ["DE", "AT", "CH"],
    tracks: [
      track(15, "Stadtrand", 76, song("electronic", 120, 55, "phrygian", [1, 2, 1, 7], POP)),
      track(16, "Kaltfront", 64, song("rock", 140, 52, "minor", [1, 1, 6, 7], SHORT)),
    ],
  },
];

/** Every demo track in album order, with its album's details and its effective markets. */
export function listDemoTracks(albums: readonly DemoAlbum[] = DEMO_ALBUMS): DemoCatalogTrack[] {
  return albums.flatMap((album) =>
    album.tracks.map((track, index) => {
      const markets = track.markets ?? album.markets;
      return {
        ...track,
        ...(markets ? { markets } : {}),
        artist: album.artist,
        album: album.title,
        genre: album.genre,
        releaseDate: album.releaseDate,
        trackNumber: index + 1,
      };
    }),
  );
}

/** Whether a demo track may be played in `country` (ISO 3166-1 alpha-2). */
export function isAvailableIn(track: Pick<DemoTrack, "markets">, country: string): boolean {
  return track.markets === undefined || track.markets.includes(country.toUpperCase());
}

/** A demo ad: a short synthesised jingle free listeners hear between tracks. */
export interface DemoAd {
  title: string;
  advertiser: string;
  durationSec: number;
  song: SongSpec;
}

/** The demo ads catalogue (ads may last at most 60 s). */
export const DEMO_ADS: readonly DemoAd[] = [
  {
    title: "Go Premium: no ads, ever",
    advertiser: "Cadenza",
    durationSec: 12,
    song: {
      seed: 424_242,
      ...song("electronic", 128, 57, "major", [1, 5, 6, 4], [{ kind: "chorus", bars: 8 }]),
    },
  },
];
