import { DEMO_ALBUMS } from "../scripts/demo/catalog.ts";
import { writeFlac } from "../scripts/demo/encode.ts";
import type { SongSpec } from "../scripts/demo/song.ts";
import { SAMPLE_RATE, synthesizeSong } from "../scripts/demo/synth.ts";

/**
 * The song every benchmark encodes: the demo catalog's first electronic track (drums, bass,
 * pads and a lead, so Opus has real music to work on, not a sine). Deterministic.
 */
const BENCH_SONG: SongSpec = (() => {
  const song = DEMO_ALBUMS.flatMap((album) => album.tracks).find((t) => t.song.style === "electronic")?.song;
  if (!song) throw new Error("the demo catalog has no electronic track");
  return song;
})();

/**
 * Synthesises `lengthSec` seconds of the bench song and writes it to `path` as a 16-bit stereo
 * 44.1 kHz FLAC, as the demo catalog's uploads are.
 */
export async function writeBenchSong(path: string, lengthSec: number): Promise<void> {
  const pcm = synthesizeSong(BENCH_SONG, lengthSec);
  await writeFlac(pcm, SAMPLE_RATE, path, {
    title: `Bench ${lengthSec} s`,
    artist: "Cadenza Bench",
    album: "Benchmarks",
    genre: "Electronic",
    date: "2026-01-01",
    track: 1,
  });
}
