import type { DatabaseSync } from "node:sqlite";
import { slug as genreSlug, nameKey } from "../../workers/services/names.ts";
import { createRandom, deriveSeed, type Random } from "../demo/random.ts";
import {
  ACCENTED_WORDS,
  BAND_NOUNS,
  ENGLISH_WORDS,
  FIRST_NAMES,
  GENRES,
  LAST_NAMES,
  NON_LATIN_WORDS,
} from "./vocabulary.ts";

/**
 * A synthetic catalogue at scale, written straight into a catalogue database (the local D1 file,
 * or any SQLite with the migrations applied): artists, albums and tracks in realistic proportions
 * (about 12 tracks per artist, singles, EPs and albums), Zipf-distributed popularity, multi-word
 * titles from a varied vocabulary (diacritics, non-Latin scripts), release dates, genres,
 * markets, and listens on the service (`track_plays`, which search ranking reads): about 40 % of
 * tracks have been played, a few times in the tail and up to millions at the head. Everything
 * derives from `seed`: the same seed gives the same catalogue, ids included.
 *
 * Generated tracks carry metadata only — no audio: `current_encode_id` is
 * {@link SYNTHETIC_ENCODE_ID}, so browse and search treat them as published, while asking to
 * stream one gets "not playable". Their ids start with {@link GENERATED_ID_PREFIX}.
 */

/** The encode id generated tracks point at; no such encode exists. */
export const SYNTHETIC_ENCODE_ID = "synthetic-no-audio";
/** Every generated artist, album and track id starts with this. */
export const GENERATED_ID_PREFIX = "GEN";

export interface GenerateOptions {
  tracks: number;
  seed: number;
  /** Creation time stamped on every row, epoch ms. */
  nowMs: number;
  /** Called every few thousand rows with the share of tracks written so far (0..1). */
  onProgress?: (fraction: number, written: number) => void;
}

export interface GeneratedCounts {
  artists: number;
  albums: number;
  tracks: number;
}

/** Average tracks per artist (real catalogues: a long tail of one-single artists, a few with hundreds). */
const TRACKS_PER_ARTIST = 12;
const BATCH_ROWS = 5000;
const DAY_MS = 86_400_000;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Markets of tracks licensed everywhere but the US, and of EU-only ones (stored fenced: `,AT,DE,`). */
const NO_US = ",AR,AT,AU,BE,BR,CA,CH,CL,CO,DE,DK,ES,FI,FR,GB,IE,IN,IT,JP,KR,MX,NL,NO,NZ,PL,PT,SE,ZA,";
const EU_ONLY = ",AT,BE,DE,DK,ES,FI,FR,IE,IT,NL,PL,PT,SE,";

/** Deletes a previous run's rows (tracks, then albums and artists, by id prefix). */
export function deleteGenerated(db: DatabaseSync): number {
  const range = [GENERATED_ID_PREFIX, `${GENERATED_ID_PREFIX}~`];
  db.prepare("DELETE FROM track_plays WHERE track_id >= ? AND track_id < ?").run(...range);
  const removed = db.prepare("DELETE FROM tracks WHERE id >= ? AND id < ?").run(...range).changes;
  db.prepare("DELETE FROM artist_genres WHERE artist_id >= ? AND artist_id < ?").run(...range);
  db.prepare("DELETE FROM albums WHERE id >= ? AND id < ?").run(...range);
  db.prepare("DELETE FROM artists WHERE id >= ? AND id < ?").run(...range);
  return Number(removed);
}

/** How many generated tracks the database holds. */
export function countGenerated(db: DatabaseSync): number {
  const row = db
    .prepare("SELECT count(*) AS n FROM tracks WHERE id >= ? AND id < ?")
    .get(GENERATED_ID_PREFIX, `${GENERATED_ID_PREFIX}~`) as { n: number };
  return row.n;
}

/** Writes the catalogue (see the module comment); returns how many rows of each it wrote. */
export function generateCatalog(db: DatabaseSync, options: GenerateOptions): GeneratedCounts {
  const random = createRandom(options.seed);
  const ids = createRandom(deriveSeed(options.seed, "ids"));
  // Listens draw from their own stream, so adding them left every other row as it was.
  const listens = createRandom(deriveSeed(options.seed, "listens"));
  const newId = () => {
    let id = GENERATED_ID_PREFIX;
    while (id.length < 22) id += BASE62[ids.int(62)];
    return id;
  };
  const artistCount = Math.max(1, Math.round(options.tracks / TRACKS_PER_ARTIST));
  const tracksPerArtist = allotTracks(options.tracks, artistCount, random);

  const insertGenre = db.prepare("INSERT INTO genres (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING");
  for (const genre of GENRES) insertGenre.run(slug(genre), genre);
  const insertArtist = db.prepare(
    "INSERT INTO artists (id, name, name_key, popularity, managed_by, kind, created_at) VALUES (?, ?, ?, ?, NULL, 'music', ?)",
  );
  const insertArtistGenre = db.prepare(
    "INSERT INTO artist_genres (artist_id, genre_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
  );
  const insertAlbum = db.prepare(
    `INSERT INTO albums (id, name, name_key, artist_id, album_type, release_date, release_date_precision,
       genre_id, cover_key, kind, created_at) VALUES (?, ?, ?, ?, ?, ?, 'day', ?, NULL, 'music', ?)`,
  );
  const insertTrack = db.prepare(
    `INSERT INTO tracks (id, title, album_id, artist_id, isrc, explicit, duration_ms, track_number,
       disc_number, popularity, markets, current_encode_id, uploaded_by, kind, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, NULL, 'music', ?)`,
  );
  const insertPlays = db.prepare(
    "INSERT INTO track_plays (track_id, plays, last_played_at) VALUES (?, ?, ?)",
  );

  const usedArtistKeys = new Set(
    (db.prepare("SELECT name_key FROM artists").all() as { name_key: string }[]).map((r) => r.name_key),
  );
  const counts: GeneratedCounts = { artists: 0, albums: 0, tracks: 0 };
  let pending = 0;
  db.exec("BEGIN");
  const commitEvery = () => {
    if (++pending < BATCH_ROWS) return;
    db.exec("COMMIT");
    db.exec("BEGIN");
    pending = 0;
    options.onProgress?.(counts.tracks / options.tracks, counts.tracks);
  };
  try {
    for (let rank = 1; rank <= artistCount; rank++) {
      const script = pickScript(random);
      const name = uniqueName(() => artistName(random, script), usedArtistKeys);
      const artistId = newId();
      const artistPopularity = zipfPopularity(rank, artistCount, random);
      const genres = pickGenres(random, script);
      insertArtist.run(artistId, name, nameKey(name), artistPopularity, options.nowMs);
      for (const genre of genres) insertArtistGenre.run(artistId, slug(genre));
      counts.artists++;
      commitEvery();
      const albumKeys = new Set<string>();
      let remaining = tracksPerArtist[rank - 1] as number;
      while (remaining > 0) {
        const size = Math.min(remaining, releaseSize(random));
        remaining -= size;
        const albumType = size <= 2 ? "single" : "album";
        const albumId = newId();
        const title = uniqueName(() => titleOf(random, script, 1, 4), albumKeys);
        const releaseDate = releaseDateOf(random);
        const markets = marketsOf(random, script);
        insertAlbum.run(
          albumId,
          title,
          nameKey(title),
          artistId,
          albumType,
          releaseDate,
          slug(genres[0] as string),
          options.nowMs,
        );
        counts.albums++;
        commitEvery();
        const age = 2026 - Number(releaseDate.slice(0, 4));
        for (let n = 1; n <= size; n++) {
          const trackTitle = size <= 2 && n === 1 ? title : titleOf(random, script, 1, 5);
          const popularity = clamp(Math.round(artistPopularity - age * 0.4 - random.range(0, 25)), 0, 100);
          const trackId = newId();
          insertTrack.run(
            trackId,
            trackTitle,
            albumId,
            artistId,
            `XXGEN${String(counts.tracks).padStart(7, "0")}`,
            random.chance(0.12) ? 1 : 0,
            Math.round(
              clamp(random.range(150_000, 270_000) + random.range(-60_000, 60_000), 45_000, 600_000),
            ),
            n,
            popularity,
            markets,
            SYNTHETIC_ENCODE_ID,
            options.nowMs,
          );
          const plays = playsOf(popularity, listens);
          if (plays > 0) insertPlays.run(trackId, plays, options.nowMs - listens.int(90 * DAY_MS));
          counts.tracks++;
          commitEvery();
        }
      }
    }
    db.exec("COMMIT");
  } catch (err) {
    db.exec("ROLLBACK");
    throw err;
  }
  options.onProgress?.(1, counts.tracks);
  return counts;
}

type Script = "latin" | "accented" | "cjk" | "other";

function pickScript(random: Random): Script {
  const u = random.next();
  return u < 0.78 ? "latin" : u < 0.9 ? "accented" : u < 0.96 ? "cjk" : "other";
}

/** Spreads `total` tracks over artists with a heavy head: the most popular artists have the most. */
function allotTracks(total: number, artists: number, random: Random): number[] {
  const weights = Array.from({ length: artists }, (_, i) => (1 / (i + 1) ** 0.35) * random.range(0.5, 1.5));
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.max(1, Math.floor((w / sum) * total)));
  let diff = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % artists) {
    if (diff > 0) {
      counts[i] = (counts[i] as number) + 1;
      diff--;
    } else if ((counts[i] as number) > 1) {
      counts[i] = (counts[i] as number) - 1;
      diff++;
    }
  }
  return counts;
}

/**
 * Listens of a track of `popularity` (0..100, a log scale of plays): 10^(popularity / 20 + 1)
 * give or take a factor of 3, so ~10 at 0 and ~10^6 at 100; a track in the tail (below 10) has
 * been played at all with chance 0.4.
 */
function playsOf(popularity: number, random: Random): number {
  if (popularity < 10 && !random.chance(0.4)) return 0;
  return Math.max(1, Math.round(10 ** (popularity / 20 + 1) * random.range(1 / 3, 3)));
}

/** Spotify-like 0..100 popularity for the artist of popularity rank `rank` (Zipf plays, log scale). */
function zipfPopularity(rank: number, of: number, random: Random): number {
  const score = 1 - Math.log(rank) / Math.log(of + 1);
  return clamp(Math.round(100 * score ** 1.5 + random.range(-3, 3)), 0, 100);
}

function releaseSize(random: Random): number {
  const u = random.next();
  if (u < 0.45) return 1 + random.int(2);
  if (u < 0.7) return 4 + random.int(3);
  return 8 + random.int(7);
}

function releaseDateOf(random: Random): string {
  const year = 2026 - Math.floor(66 * random.next() ** 2.5);
  const month = 1 + random.int(12);
  const day = 1 + random.int(28);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function marketsOf(random: Random, script: Script): string | null {
  const u = random.next();
  if (script === "cjk" && u < 0.3) return random.chance(0.5) ? ",JP," : ",KR,";
  if (u < 0.8) return null;
  return u < 0.92 ? NO_US : EU_ONLY;
}

function pickGenres(random: Random, script: Script): string[] {
  const first =
    script === "cjk" && random.chance(0.6) ? random.pick(["J-Pop", "K-Pop"]) : random.pick(GENRES);
  return random.chance(0.35) ? [first, random.pick(GENRES)] : [first];
}

/** A word with Zipf-like reuse: common words come up far more often than rare ones. */
function word(random: Random, list: readonly string[]): string {
  const index = Math.floor(list.length * random.next() ** 2.2);
  return list[Math.min(index, list.length - 1)] as string;
}

function titleOf(random: Random, script: Script, minWords: number, maxWords: number): string {
  if (script === "cjk" || (script === "other" && random.chance(0.7))) {
    return Array.from({ length: 1 + random.int(2) }, () => word(random, NON_LATIN_WORDS)).join(
      script === "cjk" ? "" : " ",
    );
  }
  const count = minWords + random.int(maxWords - minWords + 1);
  const words = Array.from({ length: count }, () =>
    script === "accented" && random.chance(0.4) ? word(random, ACCENTED_WORDS) : word(random, ENGLISH_WORDS),
  );
  return words.map(capitalise).join(" ");
}

function artistName(random: Random, script: Script): string {
  if (script === "cjk" || script === "other") return titleOf(random, script, 1, 2);
  const u = random.next();
  if (u < 0.45) return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
  if (u < 0.7) return `The ${capitalise(word(random, ENGLISH_WORDS))} ${random.pick(BAND_NOUNS)}`;
  if (u < 0.85) return capitalise(word(random, script === "accented" ? ACCENTED_WORDS : ENGLISH_WORDS));
  return `${random.pick(["DJ", "Lil", "MC", "Young"])} ${capitalise(word(random, ENGLISH_WORDS))}`;
}

/** A name whose key is not yet in `used` (retries, then numbers it as "Name II", "Name III" …). */
function uniqueName(make: () => string, used: Set<string>): string {
  let name = make();
  for (let attempt = 0; used.has(nameKey(name)) && attempt < 4; attempt++) name = make();
  const base = name;
  for (let n = 2; used.has(nameKey(name)); n++) name = `${base} ${roman(n)}`;
  used.add(nameKey(name));
  return name;
}

function roman(n: number): string {
  const table: [number, string][] = [
    [1000, "M"],
    [900, "CM"],
    [500, "D"],
    [400, "CD"],
    [100, "C"],
    [90, "XC"],
    [50, "L"],
    [40, "XL"],
    [10, "X"],
    [9, "IX"],
    [5, "V"],
    [4, "IV"],
    [1, "I"],
  ];
  let out = "";
  for (const [value, symbol] of table) {
    while (n >= value) {
      out += symbol;
      n -= value;
    }
  }
  return out;
}

const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

/** A genre's id, as the upload path makes it. */
function slug(genre: string): string {
  return genreSlug(genre) ?? "unknown";
}
