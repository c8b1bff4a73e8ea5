import type { DemoCatalogTrack } from "./catalog.ts";
import { writeFlac } from "./encode.ts";
import { SAMPLE_RATE, synthesizeSong } from "./synth.ts";

/**
 * Synthesises a demo track (its full `durationSec`) and writes it to `path` as a 16-bit stereo
 * 44.1 kHz FLAC tagged with its title, artist, album, genre, date, track number and ISRC.
 */
export async function renderDemoTrack(track: DemoCatalogTrack, path: string): Promise<void> {
  const pcm = synthesizeSong(track.song, track.durationSec);
  await writeFlac(pcm, SAMPLE_RATE, path, {
    title: track.title,
    artist: track.artist,
    album: track.album,
    genre: track.genre,
    date: track.releaseDate,
    track: track.trackNumber,
    isrc: track.isrc,
  });
}
