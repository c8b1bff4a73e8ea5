import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Stack } from "../scripts/stack.ts";
import { resolveFfmpegPaths } from "../transcoder/ffmpeg-path.ts";
import type { Cadenza, Job } from "./api-client.ts";
import { type E2eStack, generateSong as generateSongFixture, startE2eStack } from "./fixtures.ts";

/**
 * The whole path with real parts: `wrangler dev` (workerd, D1, R2, Queues), the transcoder
 * process, ffmpeg and shaka-packager. A generated 35 s song goes in; every rendition comes out
 * through the signed edge path and is decoded with ffmpeg.
 */

const SOURCE_SECONDS = 35;
const NOMINAL_KBPS: Record<string, number> = { low: 24, normal: 96, high: 160, very_high: 320 };
const QUALITIES = ["low", "normal", "high", "very_high", "lossless"] as const;

let e2e: E2eStack;
let stack: Stack;
let cadenza: Cadenza;
let work: string;
let artistToken: string;
let premiumToken: string;

beforeAll(async () => {
  e2e = await startE2eStack("streaming");
  ({ stack, cadenza, work } = e2e);
  artistToken = await cadenza.account("e2e-artist@example.com", { role: "artist" });
  premiumToken = await cadenza.account("e2e-premium@example.com", { product: "premium", country: "US" });
});

afterAll(async () => {
  await e2e?.stop();
});

const generateSong = (seed: number, seconds: number) =>
  generateSongFixture(work, { seed, seconds, title: `End to End ${seed}` });

/** Decodes a file to PCM with ffmpeg and returns its duration from the sample count, seconds. */
function decodedSeconds(path: string): number {
  const result = spawnSync(
    resolveFfmpegPaths().ffmpeg,
    ["-v", "error", "-i", path, "-f", "s16le", "-ac", "1", "-ar", "48000", "-"],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  expect(result.status, result.stderr.toString()).toBe(0);
  expect(result.stderr.toString().trim(), "decoder errors").toBe("");
  return result.stdout.length / 2 / 48000;
}

interface Manifest {
  quality: string;
  codec: string;
  duration: number;
  init_url: string;
  hls_url: string;
  chunks: { url: string; size: number; start_time: number; end_time: number }[];
}

describe("upload → transcode → stream", () => {
  let trackId: string;
  const progressSeen: number[] = [];

  it("accepts a generated 35 s song and transcodes it with visible progress", async () => {
    const res = await cadenza.upload(artistToken, await generateSong(1, SOURCE_SECONDS), "e2e.flac");
    expect(res.status).toBe(202);
    const { track_id, job_id } = (await res.json()) as { track_id: string; job_id: string };
    trackId = track_id;
    const job = await cadenza.waitForJob(artistToken, job_id, (j) => {
      progressSeen.push(j.progress);
    });
    expect(job.error).toBeUndefined();
    expect(job.status).toBe("succeeded");
    expect(job.progress).toBe(1);
    expect(
      progressSeen.some((p) => p > 0 && p < 1),
      `progress values seen: ${progressSeen.join(",")}`,
    ).toBe(true);
    const listed = await cadenza.json<{ items: { id: string; name: string; duration_ms: number }[] }>(
      "/api/tracks?limit=50",
      {
        token: premiumToken,
      },
    );
    const item = listed.items.find((t) => t.id === trackId);
    expect(item?.name).toBe("End to End 1");
    expect(Math.abs((item?.duration_ms ?? 0) - SOURCE_SECONDS * 1000)).toBeLessThan(50);
  });

  it.each(QUALITIES)(
    "streams %s: every segment decodes to the source duration at the nominal bitrate",
    async (quality) => {
      expect(trackId).toBeDefined();
      const manifest = await cadenza.json<Manifest>(`/stream/${trackId}/manifest?quality=${quality}`, {
        token: premiumToken,
      });
      expect(manifest.quality).toBe(quality);
      expect(manifest.codec).toBe(quality === "lossless" ? "flac" : "opus");
      const parts: Uint8Array[] = [
        new Uint8Array(await (await cadenza.request(manifest.init_url)).arrayBuffer()),
      ];
      let mediaBytes = 0;
      for (const chunk of manifest.chunks) {
        const res = await cadenza.request(chunk.url);
        expect(res.status).toBe(200);
        const bytes = new Uint8Array(await res.arrayBuffer());
        expect(bytes.length).toBe(chunk.size);
        expect(bytes.length).toBeGreaterThan(0);
        mediaBytes += bytes.length;
        parts.push(bytes);
      }
      const path = join(work, `${trackId}-${quality}.mp4`);
      writeFileSync(path, Buffer.concat(parts));
      const seconds = decodedSeconds(path);
      expect(Math.abs(seconds - SOURCE_SECONDS) * 1000, `decoded ${seconds} s`).toBeLessThanOrEqual(50);
      const kbps = (mediaBytes * 8) / SOURCE_SECONDS / 1000;
      console.info(
        `[e2e] ${quality}: decoded ${seconds.toFixed(4)} s, ${manifest.chunks.length} segments, ${kbps.toFixed(1)} kbps`,
      );
      if (quality === "lossless") {
        expect(kbps).toBeGreaterThan(320);
      } else {
        const nominal = NOMINAL_KBPS[quality] as number;
        expect(Math.abs(kbps - nominal) / nominal, `measured ${kbps.toFixed(1)} kbps`).toBeLessThanOrEqual(
          0.2,
        );
      }
    },
  );

  it("serves an HLS master that names every rendition with CODECS and BANDWIDTH", async () => {
    const manifest = await cadenza.json<Manifest>(`/stream/${trackId}/manifest`, { token: premiumToken });
    const master = await (await cadenza.request(manifest.hls_url)).text();
    const variants = [
      ...master.matchAll(/#EXT-X-STREAM-INF:BANDWIDTH=(\d+),AVERAGE-BANDWIDTH=(\d+),CODECS="(opus|fLaC)"/g),
    ];
    expect(variants.map((v) => v[3])).toEqual(["opus", "opus", "opus", "opus", "fLaC"]);
    for (const v of variants) expect(Number(v[1])).toBeGreaterThanOrEqual(Number(v[2]));
  });
});

describe("crash safety", () => {
  it("ends with exactly one published encode when the transcoder is killed mid-job and the job re-runs", async () => {
    const res = await cadenza.upload(artistToken, await generateSong(2, 30), "crash.flac");
    expect(res.status).toBe(202);
    const { track_id, job_id } = (await res.json()) as { track_id: string; job_id: string };
    let crashed = false;
    const job = await cadenza.waitForJob(artistToken, job_id, async (j: Job) => {
      if (!crashed && j.status === "running") {
        crashed = true;
        await stack.crashAndRestartTranscoder();
      }
    });
    expect(crashed).toBe(true);
    expect(job.status).toBe("succeeded");
    const storage = await cadenza.json<{ current_encode_id: string; encodes: Record<string, number> }>(
      `/internal/admin/tracks/${track_id}/storage`,
      { token: cadenza.serviceToken },
    );
    // Only the published encode is left in R2: the crashed attempt's objects were removed.
    expect(Object.keys(storage.encodes)).toEqual([storage.current_encode_id]);
    const manifest = await cadenza.json<Manifest>(`/stream/${track_id}/manifest?quality=normal`, {
      token: premiumToken,
    });
    expect(manifest.chunks.length).toBe(3);
  });
});

describe("bad input end to end", () => {
  it("refuses a truncated FLAC with 422 and leaves nothing behind", async () => {
    const whole = await generateSong(3, 8);
    const before = await cadenza.json<{ total: number }>("/api/tracks?limit=1", { token: artistToken });
    const res = await cadenza.upload(artistToken, whole.slice(0, Math.floor(whole.length * 0.6)), "cut.flac");
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { status: number } }).error.status).toBe(422);
    const after = await cadenza.json<{ total: number }>("/api/tracks?limit=1", { token: artistToken });
    expect(after.total).toBe(before.total);
  });
});
