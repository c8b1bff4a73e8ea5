import { type BenchReport, markdownTable } from "./report.ts";
import { fixed, median } from "./stats.ts";
import type { TimedRun } from "./timed-job.ts";

/** Largest accepted full-job / bare-encode wall-time ratio. */
export const TRANSCODE_RATIO_GOAL = 1.15;

type Variant = "full" | "perRung" | "oneProcess";

const LABEL: Record<Variant, string> = {
  full: "full job (runJob: download, ladder + loudness, shaka, measure, upload)",
  perRung: "bare: one ffmpeg per rung, back to back",
  oneProcess: "bare: one ffmpeg, 5 outputs",
};

export interface TranscodeRunInfo {
  /** Length of the source, seconds. */
  sourceSeconds: number;
  rounds: number;
  /** Size of the source FLAC, bytes. */
  sourceBytes: number;
  /** Arguments of the single-process bare encode, shown so the baseline can be checked. */
  oneProcessArgs: string[];
}

/** Turns the interleaved samples into figures: medians, the headline ratio and a phase breakdown. */
export function summarizeTranscode(
  samples: Record<Variant, TimedRun[]>,
  info: TranscodeRunInfo,
): BenchReport {
  const minutes = info.sourceSeconds / 60;
  const wall = (v: Variant) => median(samples[v].map((run) => run.wallSeconds));
  const cpu = (v: Variant) => median(samples[v].map((run) => run.cpuSeconds));
  const perMinute = (v: Variant) =>
    `${fixed(wall(v) / minutes, 2)} s/min (${fixed(wall(v), 2)} s for ${info.sourceSeconds} s)`;
  const faster: Variant = wall("oneProcess") <= wall("perRung") ? "oneProcess" : "perRung";
  const slower: Variant = faster === "oneProcess" ? "perRung" : "oneProcess";
  const ratio = wall("full") / wall(faster);
  const pairedRatios = samples.full.map(
    (run, i) => run.wallSeconds / (samples[faster][i]?.wallSeconds ?? NaN),
  );

  const perVariant = (Object.keys(LABEL) as Variant[]).map((v) => [
    LABEL[v],
    samples[v].map((run) => fixed(run.wallSeconds, 2)).join(", "),
    fixed(wall(v), 2),
    fixed(cpu(v), 2),
    fixed(cpu(v) / wall(v), 2),
  ]);
  const phaseNames = Object.keys(samples.full[0]?.phases ?? {});
  const phases = phaseNames.map((phase) => {
    const seconds = median(samples.full.map((run) => run.phases?.[phase] ?? NaN));
    return [phase, fixed(seconds, 3), `${fixed((100 * seconds) / wall("full"), 1)} %`];
  });

  return {
    name: "transcode",
    title: `Transcode: ${info.sourceSeconds} s song, full job vs bare ffmpeg`,
    figures: [
      { metric: "full job, median wall time", value: perMinute("full") },
      { metric: "bare, one ffmpeg per rung (naive)", value: perMinute("perRung") },
      { metric: "bare, one ffmpeg with 5 outputs", value: perMinute("oneProcess") },
      {
        metric: `ratio full / faster bare (${faster === "oneProcess" ? "one process" : "per rung"})`,
        value: `${fixed(ratio, 3)}× (rounds: ${pairedRatios.map((r) => fixed(r, 2)).join(", ")})`,
        goal: `≤ ${TRANSCODE_RATIO_GOAL}`,
        pass: ratio <= TRANSCODE_RATIO_GOAL,
      },
      {
        metric: `ratio full / other bare (${slower === "oneProcess" ? "one process" : "per rung"})`,
        value: `${fixed(wall("full") / wall(slower), 3)}×`,
      },
      { metric: "full job speed", value: `${fixed(info.sourceSeconds / wall("full"), 1)}× realtime` },
    ],
    notes: [
      `Source: the demo synthesiser's first electronic song, ${info.sourceSeconds} s, 44.1 kHz 16-bit stereo FLAC (${fixed(info.sourceBytes / 1e6, 1)} MB), generated once.`,
      `One untimed warm-up run of each variant, then ${info.rounds} timed rounds of each, one at a time, order rotated every round (A,B,C · B,C,A · C,A,B); figures are medians, the ratio is median / median. Each round's own full / faster-bare ratio is shown in brackets.`,
      "Full job: `runJob` with an in-memory WorkerClient (original streamed from memory to a temp file, probe, one ffmpeg with the 5-rung ladder + EBU R128 meter, shaka-packager CMAF, box parsing for segment durations, upload copied into a Map, publish).",
      "Bare: the job's own ffmpeg arguments (same codecs, bitrates, MP4 muxer) minus the loudness branch and progress pipe, reading the FLAC from disk and writing plain MP4 files. The headline uses whichever baseline was faster.",
      `Single-process bare command: \`ffmpeg ${info.oneProcessArgs.map((a) => a.replace(/^.*\/(bare|source)/, "…/$1")).join(" ")}\``,
    ],
    details: [
      "Per variant (wall = wall-clock seconds; CPU = user + system seconds of this process and its children; CPU/wall > 1 means more than one core busy):",
      "",
      markdownTable(
        ["variant", "wall per round, s", "median wall, s", "median CPU, s", "CPU / wall"],
        perVariant,
      ),
      "",
      "Where the full job's time goes (median seconds per phase, from the job's own log lines):",
      "",
      markdownTable(["phase", "seconds", "share of job"], phases),
    ].join("\n"),
  };
}
