import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDecodable, judgeDecode } from "./check-decodable.ts";
import { type FfmpegPaths, resolveFfmpegPaths } from "./ffmpeg-path.ts";
import { generateTestSource } from "./test-audio.ts";

describe("judgeDecode", () => {
  it("accepts audio that decodes to the length its headers announce", () => {
    expect(judgeDecode({ headerMs: 20036, decodedMs: 20000, stderr: "" })).toEqual({ ok: true });
  });

  it("accepts a file whose headers announce no length", () => {
    expect(judgeDecode({ headerMs: 0, decodedMs: 12000, stderr: "" })).toEqual({ ok: true });
  });

  it("calls audio that stops well before its announced length truncated", () => {
    expect(judgeDecode({ headerMs: 20000, decodedMs: 12016, stderr: "" })).toMatchObject({
      ok: false,
      reason: "truncated",
      message: "the file decodes to 12.0 s but announces 20.0 s",
    });
  });

  it("calls a cut-off last packet truncated", () => {
    const stderr = "[wav @ 0x55e5] Packet corrupt (stream = 0, dts = NOPTS).\n";
    expect(judgeDecode({ headerMs: 12000, decodedMs: 12000, stderr })).toMatchObject({ reason: "truncated" });
  });
});

describe("checkDecodable", () => {
  let work: string;
  let tools: FfmpegPaths;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "cadenza-check-decodable-test-"));
    tools = resolveFfmpegPaths();
    await generateTestSource(tools.ffmpeg, join(work, "full.wav"), 8);
    await promisify(execFile)(tools.ffmpeg, [
      "-v",
      "error",
      "-i",
      join(work, "full.wav"),
      join(work, "full.flac"),
    ]);
    for (const ext of ["wav", "flac"]) {
      const bytes = await readFile(join(work, `full.${ext}`));
      await writeFile(join(work, `cut.${ext}`), bytes.subarray(0, Math.floor(bytes.byteLength * 0.6)));
    }
    await writeFile(join(work, "junk.wav"), randomBytes(32 * 1024));
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it("reports a whole FLAC's decoded duration and format", async () => {
    expect(await checkDecodable(tools, join(work, "full.flac"))).toEqual({
      ok: true,
      duration_ms: 8000,
      codec: "flac",
      sample_rate: 44100,
      channels: 2,
      bit_depth: 16,
    });
  });

  it("finds a cut FLAC and a cut WAV truncated", async () => {
    expect(await checkDecodable(tools, join(work, "cut.flac"))).toMatchObject({
      ok: false,
      reason: "truncated",
    });
    expect(await checkDecodable(tools, join(work, "cut.wav"))).toMatchObject({
      ok: false,
      reason: "truncated",
    });
  });

  it("finds random bytes undecodable", async () => {
    expect(await checkDecodable(tools, join(work, "junk.wav"))).toMatchObject({
      ok: false,
      reason: "undecodable",
    });
  });
});
