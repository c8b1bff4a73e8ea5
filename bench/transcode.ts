import { mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EncodePlan } from "../transcoder/ffmpeg-args.ts";
import { detectFfmpegMajorVersion, resolveFfmpegPaths } from "../transcoder/ffmpeg-path.ts";
import { MUSIC_LADDER } from "../transcoder/ladder.ts";
import { resolvePackagerPath } from "../transcoder/package.ts";
import { probeSource } from "../transcoder/probe.ts";
import type { JobTools } from "../transcoder/run-job.ts";
import { buildBareEncodeArgs, encodeBareInOneProcess, encodeBarePerRung } from "./bare-encode.ts";
import { writeBenchSong } from "./bench-song.ts";
import type { BenchReport } from "./report.ts";
import { runInterleaved } from "./stats.ts";
import { timeFullJob, timeRun } from "./timed-job.ts";
import { summarizeTranscode } from "./transcode-report.ts";

/** Length of the synthesised source, seconds. */
export const SOURCE_SECONDS = 120;
/** Timed runs of each variant (full job and both baselines), interleaved. */
const ROUNDS = 3;

/**
 * The transcode benchmark: the whole transcoder job against plain ffmpeg encodes of the same
 * ladder, on one 2-minute synthesised song, in interleaved rounds.
 */
export async function benchTranscode(log: (line: string) => void): Promise<BenchReport> {
  const work = await mkdtemp(join(tmpdir(), "cadenza-bench-transcode-"));
  try {
    const sourcePath = join(work, "source.flac");
    log(`synthesising a ${SOURCE_SECONDS} s song`);
    await writeBenchSong(sourcePath, SOURCE_SECONDS);
    const original = await readFile(sourcePath);
    const { ffmpeg, ffprobe } = resolveFfmpegPaths();
    const tools: JobTools = {
      ffmpeg,
      ffprobe,
      packager: resolvePackagerPath(),
      ffmpegMajorVersion: await detectFfmpegMajorVersion(ffmpeg),
    };
    const plan: EncodePlan = {
      inputPath: sourcePath,
      outputDir: join(work, "bare"),
      ladder: MUSIC_LADDER,
      source: await probeSource(ffprobe, sourcePath),
      ffmpegMajorVersion: tools.ffmpegMajorVersion,
    };
    const bare = (encode: (ffmpeg: string, plan: EncodePlan) => Promise<void>) => async () => {
      await mkdir(plan.outputDir);
      const timed = await timeRun(() => encode(ffmpeg, plan));
      await checkBareOutputs(plan);
      await rm(plan.outputDir, { recursive: true, force: true });
      return timed;
    };
    const variants = {
      full: () => timeFullJob(original, tools, work, SOURCE_SECONDS * 1000),
      perRung: bare(encodeBarePerRung),
      oneProcess: bare(encodeBareInOneProcess),
    };
    log("warm-up round (untimed): binaries and page cache");
    await runInterleaved(1, variants);
    const samples = await runInterleaved(ROUNDS, variants, (name, round, run) =>
      log(`round ${round + 1} ${name}: ${run.wallSeconds.toFixed(2)} s`),
    );
    return summarizeTranscode(samples, {
      sourceSeconds: SOURCE_SECONDS,
      rounds: ROUNDS,
      sourceBytes: original.byteLength,
      oneProcessArgs: buildBareEncodeArgs(plan),
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Every rung's file exists and is not empty, so a baseline cannot "win" by writing nothing. */
async function checkBareOutputs(plan: EncodePlan): Promise<void> {
  for (const rung of plan.ladder) {
    const path = join(plan.outputDir, `${rung.name}.mp4`);
    if ((await stat(path)).size === 0) throw new Error(`the bare encode wrote an empty ${path}`);
  }
}
