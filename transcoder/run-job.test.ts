import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectFfmpegMajorVersion, resolveFfmpegPaths } from "./ffmpeg-path.ts";
import { MUSIC_LADDER } from "./ladder.ts";
import { resolvePackagerPath } from "./package.ts";
import type { EncodeDescription, StartedJob } from "./protocol.ts";
import { type JobTools, runJob } from "./run-job.ts";
import { decodedDurationMs, generateTestSource } from "./test-audio.ts";
import type { WorkerClient } from "./worker-client.ts";

const SOURCE_S = 25;

type Call = { op: "start" | "fetch" | "progress" | "put" | "publish" | "fail"; arg?: unknown };

/** The Worker's /internal side, in memory: objects in a Map, every call recorded in order. */
class FakeWorker implements WorkerClient {
  readonly objects = new Map<string, Uint8Array>();
  readonly calls: Call[] = [];
  failPutNumber = Number.POSITIVE_INFINITY;
  readonly job: StartedJob;
  constructor(job: StartedJob) {
    this.job = job;
  }
  of(op: Call["op"]) {
    return this.calls.filter((call) => call.op === op);
  }
  async start() {
    this.calls.push({ op: "start" });
    return this.job;
  }
  async fetchOriginal(key: string) {
    this.calls.push({ op: "fetch", arg: key });
    const bytes = this.objects.get(key);
    if (!bytes) throw new Error(`no object ${key}`);
    return new Blob([new Uint8Array(bytes)]).stream();
  }
  async reportProgress(_jobId: string, _encodeId: string, progress: number) {
    this.calls.push({ op: "progress", arg: progress });
  }
  async putObject(key: string, body: Uint8Array) {
    if (this.of("put").length + 1 >= this.failPutNumber) throw new Error("the Worker answered 503");
    this.calls.push({ op: "put", arg: key });
    this.objects.set(key, new Uint8Array(body));
  }
  async publish(_jobId: string, description: EncodeDescription) {
    this.calls.push({ op: "publish", arg: description });
  }
  async fail(_jobId: string, _encodeId: string, error: string) {
    this.calls.push({ op: "fail", arg: error });
  }
}

function startedJob(originalKey: string, status = "running"): StartedJob {
  return { status, track_id: "t1", original_key: originalKey, encode_id: "e1", kind: "music" };
}

let work: string;
let tools: JobTools;
let source: Uint8Array;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "cadenza-run-job-test-"));
  const { ffmpeg, ffprobe } = resolveFfmpegPaths();
  tools = {
    ffmpeg,
    ffprobe,
    packager: resolvePackagerPath(),
    ffmpegMajorVersion: await detectFfmpegMajorVersion(ffmpeg),
  };
  await generateTestSource(ffmpeg, join(work, "source.wav"), SOURCE_S);
  source = await readFile(join(work, "source.wav"));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function runWith(worker: FakeWorker) {
  const tmpRoot = await mkdtemp(join(work, "jobs-"));
  const outcome = await runJob("j1", { worker, tools, tmpRoot, progressIntervalMs: 0 }).finally(async () => {
    expect(await readdir(tmpRoot)).toEqual([]); // the job's temp dir is gone, whatever happened
  });
  return outcome;
}

describe("runJob", () => {
  it("publishes every rung as CMAF that decodes to the source, after all uploads", async () => {
    const worker = new FakeWorker(startedJob("originals/t1/u1"));
    worker.objects.set("originals/t1/u1", source);

    expect(await runWith(worker)).toBe("succeeded");

    const publishes = worker.of("publish");
    expect(publishes).toHaveLength(1);
    const lastPut = worker.calls.findLastIndex((call) => call.op === "put");
    expect(worker.calls.findIndex((call) => call.op === "publish")).toBeGreaterThan(lastPut);
    const description = publishes[0]?.arg as EncodeDescription;
    expect(description.encode_id).toBe("e1");
    expect(Math.abs(description.duration_ms - SOURCE_S * 1000)).toBeLessThanOrEqual(50);
    expect(description.loudness.integrated_lufs).toBeGreaterThan(-70);
    expect(description.loudness.integrated_lufs).toBeLessThan(0);
    expect(description.loudness.true_peak_dbtp).toBeLessThan(1);
    expect(description.renditions.map((r) => r.name)).toEqual(MUSIC_LADDER.map((r) => r.name));

    for (const rendition of description.renditions) {
      const prefix = `audio/t1/e1/${rendition.name}/`;
      const init = worker.objects.get(`${prefix}init.mp4`);
      expect(init?.byteLength).toBe(rendition.init_size);
      expect(rendition.segment_sizes.length).toBeGreaterThanOrEqual(3);
      const segments = rendition.segment_sizes.map((size, n) => {
        const segment = worker.objects.get(`${prefix}${n}.m4s`);
        expect(segment?.byteLength, `${prefix}${n}.m4s`).toBe(size);
        expect(size).toBeGreaterThan(0);
        return segment ?? new Uint8Array();
      });
      const joined = join(work, `${rendition.name}.mp4`);
      await writeFile(joined, Buffer.concat([init ?? new Uint8Array(), ...segments]));
      const decodedMs = await decodedDurationMs(tools.ffmpeg, joined);
      expect(Math.abs(decodedMs - SOURCE_S * 1000), rendition.name).toBeLessThanOrEqual(50);

      const mediaBytes = segments.reduce((sum, s) => sum + s.byteLength, 0);
      const measuredBps = (mediaBytes * 8) / SOURCE_S;
      if (rendition.codec === "opus") {
        expect(rendition.codecs).toBe("opus");
        expect(rendition.sample_rate).toBe(48000);
        expect(Math.abs(measuredBps / (rendition.bitrate_kbps * 1000) - 1), rendition.name).toBeLessThan(0.2);
      } else {
        expect(rendition.codecs).toBe("fLaC");
        expect(rendition.sample_rate).toBe(44100);
      }
      expect(rendition.channels).toBe(2);
      expect(Math.abs(rendition.average_bitrate_bps / measuredBps - 1)).toBeLessThan(0.02);
      expect(rendition.peak_bitrate_bps).toBeGreaterThanOrEqual(rendition.average_bitrate_bps);
      const totalMs = rendition.segment_durations_ms.reduce((a, b) => a + b, 0);
      expect(Math.abs(totalMs - SOURCE_S * 1000)).toBeLessThanOrEqual(50);
    }

    const progress = worker.of("progress").map((call) => call.arg as number);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(1);
    expect(worker.of("fail")).toEqual([]);
  });

  it("fails the job without publishing when the input is not audio", async () => {
    const worker = new FakeWorker(startedJob("originals/t1/junk.wav"));
    // Fixed bytes: random ones now and then look like a container with no audio in it.
    worker.objects.set("originals/t1/junk.wav", Buffer.from("this is a text file, not audio\n".repeat(2048)));

    expect(await runWith(worker)).toBe("failed");

    expect(worker.of("fail")).toHaveLength(1);
    expect(worker.of("fail")[0]?.arg).toMatch(/ffprobe cannot read|cannot decode|no audio stream/);
    expect(worker.of("publish")).toEqual([]);
    expect(worker.of("put")).toEqual([]);
  });

  it("throws and publishes nothing when an upload fails, so the Queue retries", async () => {
    const worker = new FakeWorker(startedJob("originals/t1/u1"));
    worker.objects.set("originals/t1/u1", source);
    worker.failPutNumber = 5;

    await expect(runWith(worker)).rejects.toThrow(/503/);

    expect(worker.of("put").length).toBeLessThanOrEqual(7); // 4 before the failure, ≤ 3 in flight, none after
    expect(worker.of("publish")).toEqual([]);
    expect(worker.of("fail")).toEqual([]);
  });

  it("reuses the upload probe's facts instead of running ffprobe again", async () => {
    const facts = {
      codec: "pcm_s16le",
      duration_ms: SOURCE_S * 1000,
      sample_rate: 44100,
      channels: 2,
      bit_depth: 16,
    };
    const worker = new FakeWorker({ ...startedJob("originals/t1/u1"), source: facts });
    worker.objects.set("originals/t1/u1", source);
    const tmpRoot = await mkdtemp(join(work, "jobs-"));
    const withoutProbe = { ...tools, ffprobe: join(work, "no-such-ffprobe") };

    expect(await runJob("j1", { worker, tools: withoutProbe, tmpRoot, progressIntervalMs: 0 })).toBe(
      "succeeded",
    );

    const description = worker.of("publish")[0]?.arg as EncodeDescription;
    expect(description.renditions.find((r) => r.codec === "flac")?.sample_rate).toBe(44100);
  });

  it("stops at once when the job already succeeded", async () => {
    const worker = new FakeWorker(startedJob("originals/t1/u1", "succeeded"));

    expect(await runWith(worker)).toBe("succeeded");

    expect(worker.calls.map((call) => call.op)).toEqual(["start"]);
  });
});
