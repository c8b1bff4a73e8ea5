import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { resolveFfmpegPaths } from "../../transcoder/ffmpeg-path.ts";

/** Vorbis comments written into a demo FLAC. */
export interface TrackTags {
  title: string;
  artist: string;
  album: string;
  genre: string;
  /** Release date, `YYYY-MM-DD`. */
  date: string;
  /** Track number on the album, from 1. */
  track: number;
  /** International Standard Recording Code, e.g. `XXCDZ2600001`. */
  isrc?: string;
}

/**
 * ffmpeg arguments that read interleaved stereo f32le at `sampleRate` Hz from stdin and write a
 * 16-bit FLAC with `tags` to `path`.
 */
export function buildFlacArgs(sampleRate: number, path: string, tags: TrackTags): string[] {
  const metadata: [string, string][] = [
    ["title", tags.title],
    ["artist", tags.artist],
    ["album", tags.album],
    ["genre", tags.genre],
    ["date", tags.date],
    ["track", String(tags.track)],
  ];
  if (tags.isrc) metadata.push(["ISRC", tags.isrc]);
  return [
    ...["-hide_banner", "-loglevel", "error", "-y"],
    ...["-f", "f32le", "-ar", String(sampleRate), "-ac", "2", "-i", "pipe:0"],
    // 16 bits keeps a 150 s demo track around 10 MB, well under the upload limit.
    ...["-c:a", "flac", "-sample_fmt", "s16"],
    ...metadata.flatMap(([key, value]) => ["-metadata", `${key}=${value}`]),
    path,
  ];
}

/**
 * Encodes interleaved stereo float samples (−1..1) at `sampleRate` Hz to a tagged FLAC file at
 * `path` by piping them through ffmpeg (`FFMPEG_PATH`, else the one on PATH). Rejects with
 * ffmpeg's own message if it fails.
 */
export function writeFlac(
  pcm: Float32Array,
  sampleRate: number,
  path: string,
  tags: TrackTags,
): Promise<void> {
  // FFMPEG_PATH first, then PATH: the transcoder's resolver, so both find the same binary.
  const ffmpeg = spawn(resolveFfmpegPaths().ffmpeg, buildFlacArgs(sampleRate, path, tags), {
    stdio: ["pipe", "ignore", "pipe"],
  });
  let stderr = "";
  ffmpeg.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    ffmpeg.on("error", (err) => reject(new Error(`could not run ffmpeg: ${err.message}`)));
    // ffmpeg exiting early surfaces here as EPIPE; its exit status tells the real story.
    ffmpeg.stdin.on("error", () => {});
    ffmpeg.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`ffmpeg exited with ${code} writing ${path}: ${stderr.trim()}`));
    });
    ffmpeg.stdin.end(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  });
}

/**
 * A complete 16-bit PCM WAV file (RIFF header + little-endian samples) holding interleaved
 * float samples, clamped to −1..1 and rounded to the nearest step.
 */
export function encodeWav(pcm: Float32Array, sampleRate: number, channels = 2): Buffer {
  const dataBytes = pcm.length * 2;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write("RIFF", 0, "ascii");
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write("WAVE", 8, "ascii");
  wav.write("fmt ", 12, "ascii");
  wav.writeUInt32LE(16, 16); // size of the fmt chunk
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(channels, 22);
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * channels * 2, 28); // bytes per second
  wav.writeUInt16LE(channels * 2, 32); // bytes per frame
  wav.writeUInt16LE(16, 34);
  wav.write("data", 36, "ascii");
  wav.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < pcm.length; i++) {
    const sample = Math.max(-1, Math.min(1, pcm[i] ?? 0));
    wav.writeInt16LE(Math.round(sample < 0 ? sample * 32768 : sample * 32767), 44 + 2 * i);
  }
  return wav;
}

/** Writes interleaved float samples as a 16-bit PCM WAV file at `path` (no ffmpeg needed). */
export async function writeWav(
  pcm: Float32Array,
  sampleRate: number,
  path: string,
  channels = 2,
): Promise<void> {
  await writeFile(path, encodeWav(pcm, sampleRate, channels));
}
