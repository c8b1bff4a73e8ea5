import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { describeRendition } from "./describe-encode.ts";
import { encodeLadder } from "./encode.ts";
import { UndecodableInputError } from "./errors.ts";
import { ladderFor } from "./ladder.ts";
import { createLimiter } from "./limiter.ts";
import { measureRendition } from "./measure-rendition.ts";
import { packageRenditions } from "./package.ts";
import { probeSource, type SourceInfo } from "./probe.ts";
import { createProgressReporter, type ProgressReporter } from "./progress-reporter.ts";
import { type EncodeDescription, renditionObjectKey, type SourceFacts, type StartedJob } from "./protocol.ts";
import { WorkerCallError, type WorkerClient } from "./worker-client.ts";

/** The binaries a job runs. */
export interface JobTools {
  ffmpeg: string;
  ffprobe: string;
  /** shaka-packager binary. */
  packager: string;
  /** Major version of `ffmpeg` (decides `-strict experimental`). */
  ffmpegMajorVersion: number;
}

export interface RunJobDeps {
  worker: WorkerClient;
  tools: JobTools;
  /** One line per step; the job id is already in it. */
  log?: (line: string) => void;
  /** Where the job's temporary directory goes; default: the OS temp dir. */
  tmpRoot?: string;
  /** Objects uploaded at once. */
  uploadConcurrency?: number;
  /** Minimum time between two progress reports, in milliseconds. */
  progressIntervalMs?: number;
}

/** `failed`: the input can never be transcoded and the Worker was told so. */
export type JobOutcome = "succeeded" | "failed";

// Share of the progress bar each step ends at: encoding is the long part.
const ENCODED = 0.8;
const PACKAGED = 0.9;

/**
 * Runs one transcode job end to end: start, download, probe, encode, package, upload, publish.
 * Returns `failed` after telling the Worker when the input is undecodable; throws on anything
 * transient (Worker unreachable, 5xx, a local fault) so the Queue retries. Publishes only after
 * every object is uploaded, so a crash at any point leaves nothing half-published.
 */
export async function runJob(jobId: string, deps: RunJobDeps): Promise<JobOutcome> {
  const log = (line: string) => deps.log?.(`[job ${jobId}] ${line}`);
  const { worker } = deps;
  const job = await worker.start(jobId);
  log(`start: status ${job.status}, encode ${job.encode_id}, kind ${job.kind}`);
  if (job.status === "succeeded") return "succeeded";

  const dir = await mkdtemp(join(deps.tmpRoot ?? tmpdir(), "cadenza-job-"));
  const progress = createProgressReporter({
    send: (value) => worker.reportProgress(jobId, job.encode_id, value),
    minIntervalMs: deps.progressIntervalMs,
    onError: (error) => log(`progress report failed (ignored): ${(error as Error).message}`),
  });
  try {
    let description: EncodeDescription;
    let files: Array<{ key: string; path: string }>;
    try {
      ({ description, files } = await transcode(job, dir, deps, progress, log));
    } catch (error) {
      if (!(error instanceof UndecodableInputError)) throw error;
      await progress.flush();
      log(`fail: ${error.message}`);
      await worker.fail(jobId, job.encode_id, error.message);
      return "failed";
    }

    log(`upload: ${files.length} objects`);
    await uploadAll(worker, files, deps.uploadConcurrency ?? 4, (done) =>
      progress.update(PACKAGED + ((1 - PACKAGED) * done) / files.length),
    );
    progress.update(1);
    await progress.flush();
    log(`publish: encode ${job.encode_id}, ${description.duration_ms} ms`);
    await worker.publish(jobId, description);
    return "succeeded";
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Uploads every file, a few at once. After the first failure the rest are skipped, and it throws
 * only once nothing is in flight, so the caller may delete the files.
 */
async function uploadAll(
  worker: WorkerClient,
  files: ReadonlyArray<{ key: string; path: string }>,
  concurrency: number,
  onUploaded: (count: number) => void,
): Promise<void> {
  const limiter = createLimiter(concurrency);
  let uploaded = 0;
  let failed = false;
  const results = await Promise.allSettled(
    files.map((file) =>
      limiter.run(async () => {
        if (failed) return;
        try {
          await worker.putObject(file.key, await readFile(file.path));
        } catch (error) {
          failed = true;
          throw error;
        }
        onUploaded(++uploaded);
      }),
    ),
  );
  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
}

async function downloadOriginal(worker: WorkerClient, key: string, path: string): Promise<void> {
  let body: ReadableStream<Uint8Array>;
  try {
    body = await worker.fetchOriginal(key);
  } catch (error) {
    // The original is gone for good: no retry will bring it back.
    if (error instanceof WorkerCallError && error.status === 404) {
      throw new UndecodableInputError(`the original ${key} does not exist`);
    }
    throw error;
  }
  await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), createWriteStream(path));
}

/** Everything up to the upload: the publish description and the files it lists. */
async function transcode(
  job: StartedJob,
  dir: string,
  deps: RunJobDeps,
  progress: ProgressReporter,
  log: (line: string) => void,
) {
  const { tools } = deps;
  const original = join(dir, `original${extname(job.original_key)}`);
  await downloadOriginal(deps.worker, job.original_key, original);
  // The upload probe already decoded this file; only jobs without its facts pay for ffprobe.
  const source = job.source ? sourceInfoFrom(job.source) : await probeSource(tools.ffprobe, original);
  log(
    `probe: ${source.durationMs} ms, ${source.sampleRate} Hz, ${source.channels} ch, ${source.bitDepth} bit${job.source ? " (from the upload probe)" : ""}`,
  );

  const ladder = ladderFor(job.kind);
  const encodedDir = join(dir, "encoded");
  await mkdir(encodedDir);
  const plan = {
    inputPath: original,
    outputDir: encodedDir,
    ladder,
    source,
    ffmpegMajorVersion: tools.ffmpegMajorVersion,
  };
  log(`encode: ${ladder.map((rung) => rung.name).join(", ")}`);
  const encoded = await encodeLadder(tools.ffmpeg, plan, source.durationMs, (f) =>
    progress.update(f * ENCODED),
  );
  log(
    `loudness: ${encoded.loudness.integrated_lufs} LUFS, true peak ${encoded.loudness.true_peak_dbtp} dBTP`,
  );

  const cmafDir = join(dir, "cmaf");
  const inputs = encoded.outputs.map((output) => ({ name: output.rung.name, path: output.path }));
  const packaged = await packageRenditions(tools.packager, inputs, cmafDir);
  progress.update(PACKAGED);
  log(`package: ${packaged.map((p) => `${p.name} ${p.segmentPaths.length} segments`).join(", ")}`);

  const renditions = [];
  const files: Array<{ key: string; path: string }> = [];
  for (const [i, output] of encoded.outputs.entries()) {
    const rendition = packaged[i];
    if (!rendition) throw new Error(`packager lost rendition ${output.rung.name}`);
    renditions.push(describeRendition(output.rung, output.format, await measureRendition(rendition)));
    for (const path of [rendition.initPath, ...rendition.segmentPaths]) {
      files.push({ key: renditionObjectKey(job, rendition.name, basename(path)), path });
    }
  }
  // Lossless keeps every source sample, so its length is the decoded duration; Opus adds padding.
  const lossless = renditions.find((r) => r.codec === "flac");
  const durationMs = lossless ? lossless.segment_durations_ms.reduce((a, b) => a + b, 0) : source.durationMs;
  const description: EncodeDescription = {
    encode_id: job.encode_id,
    duration_ms: durationMs,
    loudness: encoded.loudness,
    renditions,
  };
  return { description, files };
}

function sourceInfoFrom(facts: SourceFacts): SourceInfo {
  return {
    codec: facts.codec,
    durationMs: facts.duration_ms,
    sampleRate: facts.sample_rate,
    channels: facts.channels,
    bitDepth: facts.bit_depth,
  };
}
