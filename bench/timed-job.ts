import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { type JobTools, runJob } from "../transcoder/run-job.ts";
import { cpuSecondsSoFar } from "./cpu-time.ts";
import { MemoryWorkerClient } from "./memory-worker-client.ts";

/** One timed run. */
export interface TimedRun {
  /** Wall time, seconds. */
  wallSeconds: number;
  /** CPU time of this process and its children over the run, seconds. */
  cpuSeconds: number;
  /** Full job only: wall seconds per phase, in job order. */
  phases?: Record<string, number>;
}

// runJob logs one line as each step begins; the time between two lines is the earlier step's.
const PHASE_OF_STEP: Record<string, string> = {
  start: "download (facts from the upload probe)",
  probe: "prepare",
  encode: "ffmpeg ladder + loudness",
  loudness: "shaka package",
  package: "measure segments",
  upload: "upload to memory",
  publish: "publish + remove temp dir",
};

/** Times `run` in wall and CPU seconds. */
export async function timeRun(run: () => Promise<void>): Promise<TimedRun> {
  const cpuBefore = cpuSecondsSoFar();
  const started = performance.now();
  await run();
  return { wallSeconds: (performance.now() - started) / 1000, cpuSeconds: cpuSecondsSoFar() - cpuBefore };
}

/**
 * Runs the real transcoder job (`runJob`) on `original` against an in-memory Worker, times it
 * and each of its phases, and checks what it published: every rung, the source's duration
 * (± 50 ms), and every listed object uploaded.
 */
export async function timeFullJob(
  original: Uint8Array,
  tools: JobTools,
  workDir: string,
  expectedMs: number,
): Promise<TimedRun> {
  const jobId = `bench-${Date.now()}`;
  // Production jobs get the source's facts from the upload probe (see docs/transcoder-protocol.md).
  const facts = { codec: "flac", duration_ms: expectedMs, sample_rate: 44100, channels: 2, bit_depth: 16 };
  const worker = new MemoryWorkerClient(original, jobId, facts);
  const tmpRoot = await mkdtemp(join(workDir, "job-"));
  const steps: Array<{ step: string; at: number }> = [];
  const log = (line: string) => {
    const step = /^\[job [^\]]+\] (\w+)/.exec(line)?.[1];
    if (step && step in PHASE_OF_STEP) steps.push({ step, at: performance.now() });
  };
  const timed = await timeRun(async () => {
    const outcome = await runJob(jobId, { worker, tools, tmpRoot, log, progressIntervalMs: 250 });
    if (outcome !== "succeeded") throw new Error(`the benchmarked job ended ${outcome}`);
    steps.push({ step: "end", at: performance.now() });
  });
  await rm(tmpRoot, { recursive: true, force: true });
  checkPublished(worker, expectedMs);
  const phases: Record<string, number> = {};
  for (let i = 0; i + 1 < steps.length; i++) {
    const { step, at } = steps[i] as { step: string; at: number };
    phases[PHASE_OF_STEP[step] as string] = ((steps[i + 1]?.at ?? at) - at) / 1000;
  }
  return { ...timed, phases };
}

function checkPublished(worker: MemoryWorkerClient, expectedMs: number): void {
  const description = worker.published;
  if (!description) throw new Error("the benchmarked job published nothing");
  if (description.renditions.length !== 5) {
    throw new Error(`expected 5 renditions, got ${description.renditions.map((r) => r.name).join(", ")}`);
  }
  if (Math.abs(description.duration_ms - expectedMs) > 50) {
    throw new Error(`published ${description.duration_ms} ms for a ${expectedMs} ms source`);
  }
  const listed = description.renditions.reduce((sum, r) => sum + 1 + r.segment_sizes.length, 0);
  if (worker.objects.size !== listed) {
    throw new Error(`uploaded ${worker.objects.size} objects, the description lists ${listed}`);
  }
}
