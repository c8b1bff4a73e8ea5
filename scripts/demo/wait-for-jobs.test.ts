import { describe, expect, it } from "vitest";
import type { TranscodeJob } from "../cadenza-client.ts";
import type { JobsProgress } from "./progress.ts";
import { waitForJobs } from "./wait-for-jobs.ts";

const JOBS = [
  { jobId: "a", title: "Night Shift" },
  { jobId: "b", title: "Salt Glass" },
];

/** A fake server whose jobs advance one scripted state per poll, and a clock that sleeps instantly. */
function fakeServer(script: Record<string, Partial<TranscodeJob>[]>) {
  let clockMs = 0;
  const polls: Record<string, number> = {};
  return {
    getJob: async (id: string): Promise<TranscodeJob> => {
      const states = script[id] ?? [];
      const index = Math.min(polls[id] ?? 0, states.length - 1);
      polls[id] = (polls[id] ?? 0) + 1;
      return { id, track_id: `t-${id}`, status: "queued", progress: 0, ...states[index] };
    },
    now: () => clockMs,
    sleep: async (ms: number) => {
      clockMs += ms;
    },
    polls,
  };
}

const options = (reports: JobsProgress[] = []) => ({
  timeoutMs: 10_000,
  pollIntervalMs: 1000,
  onProgress: (progress: JobsProgress) => reports.push(progress),
});

describe("waitForJobs", () => {
  it("resolves when every job has succeeded, reporting progress along the way", async () => {
    const server = fakeServer({
      a: [
        { status: "running", progress: 0.5 },
        { status: "succeeded", progress: 1 },
      ],
      b: [{ status: "queued" }, { status: "running", progress: 0.2 }, { status: "succeeded", progress: 1 }],
    });
    const reports: JobsProgress[] = [];
    const done = await waitForJobs(JOBS, server, options(reports));
    expect(done.map((job) => job.status)).toEqual(["succeeded", "succeeded"]);
    expect(reports[0]).toEqual({ done: 0, total: 2, fraction: 0.25 });
    expect(reports.at(-1)).toEqual({ done: 2, total: 2, fraction: 1 });
    expect(server.polls.a).toBe(2);
  });

  it("rejects naming the track and the reason when a job fails", async () => {
    const server = fakeServer({
      a: [{ status: "failed", error: "no audio stream" }],
      b: [{ status: "running" }],
    });
    await expect(waitForJobs(JOBS, server, options())).rejects.toThrow(
      /"Night Shift" failed \(job a\): no audio stream/,
    );
  });

  it("gives up after the timeout, naming what it still waits for", async () => {
    const server = fakeServer({ a: [{ status: "succeeded", progress: 1 }], b: [{ status: "queued" }] });
    await expect(waitForJobs(JOBS, server, options())).rejects.toThrow(
      /after 10 s: 1\/2 .*"Salt Glass" \(queued\)/,
    );
  });
});
