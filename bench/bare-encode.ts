import { buildEncodeArgs, type EncodePlan } from "../transcoder/ffmpeg-args.ts";
import { runProcess } from "../transcoder/run-process.ts";

/**
 * The baselines of the transcode benchmark: plain ffmpeg encodes of the job's ladder with no
 * loudness meter, no progress pipe and no packaging. The arguments are derived from the job's own
 * `buildEncodeArgs`, so both encode with exactly the same codec settings and container.
 */

/**
 * The job's one-process arguments minus the loudness branch and the progress pipe. With one
 * rung the source maps straight to the encoder (no filter graph); with more, `asplit` feeds them.
 */
export function buildBareEncodeArgs(plan: EncodePlan): string[] {
  const { args } = buildEncodeArgs(plan);
  const meter = ["-map", "[loud]", "-f", "null", "-"];
  const tail = args.slice(-meter.length);
  const graphAt = args.indexOf("-filter_complex");
  const progressAt = args.indexOf("-progress");
  if (tail.join(" ") !== meter.join(" ") || graphAt < 0 || progressAt < 0) {
    throw new Error("transcoder/ffmpeg-args.ts changed shape: update bench/bare-encode.ts to match");
  }
  const n = plan.ladder.length;
  const split = `[0:a:0]asplit=${n}${plan.ladder.map((_, i) => `[r${i}]`).join("")}`;
  const bare = args.slice(0, -meter.length).map((arg) => (arg === "[r0]" && n === 1 ? "0:a:0" : arg));
  bare.splice(graphAt, 2, ...(n === 1 ? [] : ["-filter_complex", split]));
  bare.splice(bare.indexOf("-progress"), 2);
  return bare;
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
