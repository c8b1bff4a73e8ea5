import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveFfmpegPaths } from "../../transcoder/ffmpeg-path.ts";
import { buildFlacArgs, encodeWav, type TrackTags, writeFlac, writeWav } from "./encode.ts";

const TAGS: TrackTags = {
  title: "Café des Étoiles",
  artist: "東京スカイライン",
  album: "Nuits de Velours",
  genre: "Jazz",
  date: "2023-11-03",
  track: 3,
  isrc: "XXCDZ2600001",
};

/** 1.5 s of a 440 Hz stereo tone at 44.1 kHz, interleaved. */
const tone = (seconds: number, sampleRate = 44_100) =>
  Float32Array.from(
    { length: 2 * Math.round(seconds * sampleRate) },
    (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * Math.floor(i / 2)) / sampleRate),
  );

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cadenza-encode-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeFlac", () => {
  it("writes a FLAC that probes with the right duration, format and Vorbis comments", async () => {
    const path = join(dir, "tone.flac");
    await writeFlac(tone(1.5), 44_100, path, TAGS);
    const { stdout } = await promisify(execFile)(resolveFfmpegPaths().ffprobe, [
      ...["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path],
    ]);
    const probe = JSON.parse(stdout) as {
      format: { duration: string; tags: Record<string, string> };
      streams: { codec_name: string; sample_rate: string; channels: number }[];
    };
    expect(Math.abs(Number(probe.format.duration) - 1.5)).toBeLessThan(0.05);
    expect(probe.streams[0]).toMatchObject({ codec_name: "flac", sample_rate: "44100", channels: 2 });
    const tags = Object.fromEntries(Object.entries(probe.format.tags).map(([k, v]) => [k.toLowerCase(), v]));
    expect(tags).toMatchObject({
      title: TAGS.title,
      artist: TAGS.artist,
      album: TAGS.album,
      genre: "Jazz",
      date: "2023-11-03",
      track: "3",
      isrc: "XXCDZ2600001",
    });
  });

  it("leaves out the ISRC when there is none", () => {
    const { isrc: _, ...untagged } = TAGS;
    expect(buildFlacArgs(44_100, "out.flac", untagged).join(" ")).not.toContain("ISRC");
  });

  it("rejects with ffmpeg's message when the output cannot be written", async () => {
    await expect(writeFlac(tone(0.1), 44_100, join(dir, "missing", "x.flac"), TAGS)).rejects.toThrow(
      /ffmpeg exited/,
    );
  });
});

describe("writeWav", () => {
  it("writes a 16-bit PCM RIFF header that describes the samples", async () => {
    const path = join(dir, "tone.wav");
    const samples = tone(0.5, 22_050);
    await writeWav(samples, 22_050, path);
    const wav = await readFile(path);
    expect(wav.toString("ascii", 0, 4)).toBe("RIFF");
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.toString("ascii", 8, 16)).toBe("WAVEfmt ");
    expect(wav.readUInt16LE(20)).toBe(1);
    expect(wav.readUInt16LE(22)).toBe(2);
    expect(wav.readUInt32LE(24)).toBe(22_050);
    expect(wav.readUInt32LE(28)).toBe(22_050 * 4);
    expect(wav.readUInt16LE(32)).toBe(4);
    expect(wav.readUInt16LE(34)).toBe(16);
    expect(wav.toString("ascii", 36, 40)).toBe("data");
    expect(wav.readUInt32LE(40)).toBe(samples.length * 2);
    expect(wav.length).toBe(44 + samples.length * 2);
  });

  it("clamps and scales samples to full-scale 16-bit integers", () => {
    const wav = encodeWav(Float32Array.of(1, -1, 2, -2, 0.5, 0), 44_100);
    const ints = Array.from({ length: 6 }, (_, i) => wav.readInt16LE(44 + 2 * i));
    expect(ints).toEqual([32767, -32768, 32767, -32768, 16384, 0]);
  });
});
