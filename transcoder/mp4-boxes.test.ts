import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveFfmpegPaths } from "./ffmpeg-path.ts";
import { readInitInfo, readSegmentDurationTicks, segmentDurationsMs } from "./mp4-boxes.ts";
import { type PackagedRendition, packageRenditions, resolvePackagerPath } from "./package.ts";
import { generateTestSource } from "./test-audio.ts";

function box(type: string, ...payload: Uint8Array[]): Uint8Array {
  const size = 8 + payload.reduce((sum, p) => sum + p.byteLength, 0);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, size);
  out.set(new TextEncoder().encode(type), 4);
  let at = 8;
  for (const p of payload) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function u32(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (const [i, value] of values.entries()) view.setUint32(i * 4, value);
  return out;
}

function u64(value: number): Uint8Array {
  return u32(Math.floor(value / 2 ** 32), value >>> 0);
}

describe("readInitInfo", () => {
  it("reads the timescale of a version-1 mdhd and the trex default duration", () => {
    const mdhd = box("mdhd", u32(0x01000000), u64(0), u64(0), u32(44100), u64(0), u32(0));
    const trex = box("trex", u32(0, 1, 1, 4608, 0, 0));
    const init = box("moov", box("trak", box("mdia", mdhd)), box("mvex", trex));
    expect(readInitInfo(init)).toEqual({ timescale: 44100, defaultSampleDuration: 4608 });
  });

  it("rejects a file without mdhd", () => {
    expect(() => readInitInfo(box("moov"))).toThrow(/no moov\/trak\/mdia\/mdhd/);
  });
});

describe("readSegmentDurationTicks", () => {
  const init = { timescale: 48000, defaultSampleDuration: 1 };

  it("uses the tfhd default duration when trun lists no durations", () => {
    // tfhd flags 0x08 (default_sample_duration) after track_ID; trun flags 0x200 (sizes only).
    const tfhd = box("tfhd", u32(0x000008, 1, 960));
    const trun = box("trun", u32(0x000200, 3, 100, 110, 120));
    const segment = box("moof", box("traf", tfhd, trun));
    expect(readSegmentDurationTicks(segment, init)).toBe(3 * 960);
  });

  it("sums per-sample durations, skipping data offset and the other per-sample fields", () => {
    const tfhd = box("tfhd", u32(0x000008, 1, 960));
    // flags: data_offset 0x01, first_sample_flags 0x04, duration 0x100, size 0x200, flags 0x400
    const trun = box("trun", u32(0x000705, 2, 8, 0, 960, 100, 0, 312, 90, 0));
    const segment = new Uint8Array([...box("styp", u32(0)), ...box("moof", box("traf", tfhd, trun))]);
    expect(readSegmentDurationTicks(segment, init)).toBe(960 + 312);
  });

  it("rejects a segment without a fragment", () => {
    expect(() => readSegmentDurationTicks(box("mdat", u32(1)), init)).toThrow(/no moof\/traf/);
  });
});

describe("segmentDurationsMs", () => {
  it("rounds at cumulative boundaries so the total never drifts", () => {
    expect(segmentDurationsMs([44100 * 10 + 20, 44100 * 10 + 20, 22050], 44100)).toEqual([10000, 10001, 500]);
  });

  it("gives a segment of a few samples 1 ms, never 0", () => {
    expect(segmentDurationsMs([480000, 10], 48000)).toEqual([10000, 1]);
    expect(segmentDurationsMs([0], 48000)).toEqual([0]);
  });
});

describe("mp4 boxes of shaka-packaged CMAF", () => {
  let work: string;
  let opus: PackagedRendition;
  let flac: PackagedRendition;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "cadenza-mp4-boxes-test-"));
    const { ffmpeg } = resolveFfmpegPaths();
    const source = join(work, "source.wav");
    await generateTestSource(ffmpeg, source, 12);
    const encode = [
      "-v",
      "error",
      "-i",
      source,
      "-c:a",
      "libopus",
      "-b:a",
      "64k",
      // Older ffmpeg (such as the npm-shipped 4.x fallback) calls Opus-in-MP4 experimental.
      "-strict",
      "experimental",
      "-f",
      "mp4",
      join(work, "opus.mp4"),
    ];
    encode.push("-c:a", "flac", "-strict", "experimental", "-f", "mp4", join(work, "flac.mp4"));
    await promisify(execFile)(ffmpeg, encode);
    const inputs = ["opus", "flac"].map((name) => ({ name, path: join(work, `${name}.mp4`) }));
    [opus, flac] = (await packageRenditions(resolvePackagerPath(), inputs, join(work, "cmaf"))) as [
      PackagedRendition,
      PackagedRendition,
    ];
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  async function ticksOf(rendition: PackagedRendition) {
    const info = readInitInfo(await readFile(rendition.initPath));
    const ticks = await Promise.all(
      rendition.segmentPaths.map(async (path) => readSegmentDurationTicks(await readFile(path), info)),
    );
    return { info, ticks };
  }

  it("times Opus segments in 48 kHz ticks: 12 s of source plus at most the pre-skip and one frame", async () => {
    const { info, ticks } = await ticksOf(opus);
    expect(info.timescale).toBe(48000);
    expect(ticks).toHaveLength(2);
    const total = ticks.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(12 * 48000);
    expect(total).toBeLessThanOrEqual(12 * 48000 + 312 + 960);
    expect(segmentDurationsMs(ticks, info.timescale)[0]).toBeCloseTo(10000, -2);
  });

  it("times FLAC segments in source-rate ticks that add up to every source sample", async () => {
    const { info, ticks } = await ticksOf(flac);
    expect(info.timescale).toBe(44100);
    expect(ticks.reduce((a, b) => a + b, 0)).toBe(12 * 44100);
    expect(segmentDurationsMs(ticks, info.timescale).reduce((a, b) => a + b, 0)).toBe(12000);
  });
});
