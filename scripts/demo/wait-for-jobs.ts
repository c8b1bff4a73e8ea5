import type { TranscodeJob } from "../cadenza-client.ts";
import type { JobsProgress, PendingJob } from "./progress.ts";

/** What waiting needs: a way to read a job, a clock, and a way to pause. */
export interface WaitDependencies {
  getJob: (jobId: string) => Promise<TranscodeJob>;
  /** Milliseconds since some fixed point. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** How long and how often to poll. */
export interface WaitOptions {
  /** Give up when the jobs have not all finished after this many milliseconds. */
  timeoutMs: number;
  /** Pause between polls, milliseconds. */
  pollIntervalMs: number;
  /** Called after every poll. */
  onProgress: (progress: JobsProgress) => void;
}

/**
 * Polls every unfinished job until all have succeeded. Rejects as soon as one fails (naming the
 * track and the transcoder's error) or when `timeoutMs` passes first (naming what is still
 * waiting). Resolves with the succeeded jobs.
 */
export async function waitForJobs(
  jobs: readonly PendingJob[],
  deps: WaitDependencies,
  options: WaitOptions,
): Promise<TranscodeJob[]> {
  const deadline = deps.now() + options.timeoutMs;
  const latest = new Map<string, TranscodeJob>();
  for (;;) {
    const open = jobs.filter((job) => latest.get(job.jobId)?.status !== "succeeded");
    const polled = await Promise.all(open.map((job) => deps.getJob(job.jobId)));
    for (const job of polled) latest.set(job.id, job);
    const failed = jobs.find((job) => latest.get(job.jobId)?.status === "failed");
    if (failed) {
      const reason = latest.get(failed.jobId)?.error ?? "no reason given";
      throw new Error(`transcoding "${failed.title}" failed (job ${failed.jobId}): ${reason}`);
    }
    const states = jobs.map((job) => latest.get(job.jobId));
    const done = states.filter((job) => job?.status === "succeeded").length;
    const progress = states.reduce(
      (sum, job) => sum + (job?.status === "succeeded" ? 1 : (job?.progress ?? 0)),
      0,
    );
    options.onProgress({ done, total: jobs.length, fraction: jobs.length ? progress / jobs.length : 1 });
    if (done === jobs.length) return states.filter((job): job is TranscodeJob => job !== undefined);
    if (deps.now() >= deadline) {
      const waiting = jobs
        .filter((job) => latest.get(job.jobId)?.status !== "succeeded")
        .map((job) => `"${job.title}" (${latest.get(job.jobId)?.status ?? "unknown"})`);
      throw new Error(
        `gave up after ${Math.round(options.timeoutMs / 1000)} s: ${done}/${jobs.length} transcodes finished; ` +
          `still waiting for ${waiting.join(", ")}. Is the transcoder running?`,
      );
    }
    await deps.sleep(options.pollIntervalMs);
  }
}
