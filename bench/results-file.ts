import type { MachineDescription } from "./machine.ts";
import { type BenchReport, renderSection } from "./report.ts";

/** A benchmark that threw instead of reporting. */
export interface BenchFailure {
  name: string;
  error: string;
}

/** The whole of bench/RESULTS.md for one run. */
export function renderResultsFile(
  machine: MachineDescription,
  reports: readonly BenchReport[],
  failures: readonly BenchFailure[],
  /** Wall time of the whole run, seconds. */
  elapsedSeconds: number,
): string {
  const ran = [...reports.map((r) => r.name), ...failures.map((f) => f.name)];
  const lines = [
    "# Benchmark results",
    "",
    "Written by `npm run bench` (`node bench/run.ts [transcode|edge]`); every run rewrites this file",
    "with what it measured. Each figure is measured side by side with its baseline in the same run,",
    "interleaved, so the ratios are what to compare across machines.",
    "",
    `- date: ${machine.date}`,
    `- machine: ${machine.cpus} CPUs (nproc), ${machine.cpuModel}, ${machine.memory} RAM`,
    `- load average when the run began (1/5/15 min): ${machine.loadAverage}`,
    `- node ${machine.node}, ${machine.ffmpeg}, wrangler ${machine.wrangler}`,
    `- benchmarks run: ${ran.join(", ")} (${elapsedSeconds.toFixed(0)} s in all)`,
  ];
  for (const report of reports) lines.push("", renderSection(report));
  for (const failure of failures) {
    lines.push("", `## ${failure.name}: FAILED`, "", "```", failure.error.trim(), "```");
  }
  return `${lines.join("\n")}\n`;
}
