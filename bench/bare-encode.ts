import { buildEncodeArgs, type EncodePlan } from "../transcoder/ffmpeg-args.ts";
import { runProcess } from "../transcoder/run-process.ts";

/**
 * The baselines of the transcode benchmark: plain ffmpeg encodes of the job's ladder with no
 * loudness meter, no progress pipe and no packaging. The arguments are derived from the job's own
 * `buildEncodeArgs`, so both encode with exactly the same codec settings and container.
 */

/** The job's own ladder arguments minus the progress pipe (loudness runs in another process). */
export function buildBareEncodeArgs(plan: EncodePlan): string[] {
  const { args } = buildEncodeArgs(plan);
  const progressAt = args.indexOf("-progress");
  if (progressAt < 0)
    throw new Error("transcoder/ffmpeg-args.ts changed shape: update bench/bare-encode.ts to match");
  return [...args.slice(0, progressAt), ...args.slice(progressAt + 2)];
}

/** Runs one ffmpeg process that encodes every rung of `plan` (the single-process baseline). */
export async function encodeBareInOneProcess(ffmpeg: string, plan: EncodePlan): Promise<void> {
  await runProcess(ffmpeg, buildBareEncodeArgs(plan));
}

/** Runs one ffmpeg process per rung, back to back (the naive baseline). */
export async function encodeBarePerRung(ffmpeg: string, plan: EncodePlan): Promise<void> {
  for (const rung of plan.ladder) {
    await runProcess(ffmpeg, buildBareEncodeArgs({ ...plan, ladder: [rung] }));
  }
}
