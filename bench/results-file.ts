import type { MachineDescription } from "./machine.ts";
import { type BenchReport, renderSection } from "./report.ts";

/** A benchmark that threw instead of reporting. */
export interface BenchFailure {
  name: string;
  error: string;
}

/** What of an earlier RESULTS.md to keep: the sections of benchmarks this run did not run. */
export interface KeepOptions {
  /** The file as it was before this run, if any. */
  previous?: string;
  /** Every benchmark name, in the order sections are written. */
  order: readonly string[];
}

/** Marks the start of a benchmark's section and when it was measured, so a later run can keep it. */
const marker = (name: string, date: string) => `<!-- bench:${name} measured: ${date} -->`;
const MARKER = /^<!-- bench:([\w-]+)(?: measured: (.*))? -->$/;

interface Section {
  text: string;
  /** When it was measured, if known. */
  date?: string;
}

/**
 * Splits an earlier RESULTS.md into its benchmarks' sections (marker and heading included),
 * by marker, or for files written before markers existed, by the heading's first word
 * ("## Edge: …" → edge, "## edge: FAILED" → edge), each with the date it was measured.
 */
export function parseSections(text: string): Map<string, Section> {
  const lines = text.split("\n");
  const sections = new Map<string, Section>();
  const fileDate = lines.find((line) => line.startsWith("- date: "))?.slice("- date: ".length);
  const hasMarkers = lines.some((line) => MARKER.test(line));
  let name: string | undefined;
  let date: string | undefined;
  let body: string[] = [];
  const flush = () => {
    if (name) sections.set(name, { text: body.join("\n").trim(), date });
  };
  for (const line of lines) {
    const marked = MARKER.exec(line);
    // With markers, only markers start sections (a section may hold "## " lines of its own).
    const heading = !hasMarkers && line.startsWith("## ");
    if (marked || heading) {
      flush();
      name = marked ? marked[1] : line.slice(3).split(/[:\s]/)[0]?.toLowerCase();
      // Sections written before markers carried dates were measured in the run the header names.
      date = marked ? marked[2] : fileDate;
      body = marked ? [] : [line];
      continue;
    }
    if (name) body.push(line);
  }
  flush();
  return sections;
}

/**
 * The whole of bench/RESULTS.md after one run: this run's sections, and (from `keep.previous`)
 * the sections of the benchmarks it did not run, each in `keep.order`.
 */
export function renderResultsFile(
  machine: MachineDescription,
  reports: readonly BenchReport[],
  failures: readonly BenchFailure[],
  /** Wall time of the whole run, seconds. */
  elapsedSeconds: number,
  keep: KeepOptions = { order: [] },
): string {
  const ran = [...reports.map((r) => r.name), ...failures.map((f) => f.name)];
  const fresh = new Map<string, Section>();
  for (const report of reports) fresh.set(report.name, { text: renderSection(report), date: machine.date });
  for (const failure of failures) {
    const text = [`## ${failure.name}: FAILED`, "", "```", failure.error.trim(), "```"].join("\n");
    fresh.set(failure.name, { text, date: machine.date });
  }
  const earlier = keep.previous ? parseSections(keep.previous) : new Map<string, Section>();
  const kept = [...earlier.keys()].filter((name) => !fresh.has(name));
  const names = [...keep.order, ...ran, ...kept].filter((name, i, all) => all.indexOf(name) === i);
  const lines = [
    "# Benchmark results",
    "",
    `Written by \`npm run bench\` (\`node bench/run.ts [${keep.order.join("|") || "name"}]\`); a run rewrites`,
    "the sections of the benchmarks it ran and keeps the others. Each figure is measured side by side",
    "with its baseline in the same run, interleaved, so the ratios are what to compare across machines.",
    "",
    `- date: ${machine.date}`,
    `- machine: ${machine.cpus} CPUs (nproc), ${machine.cpuModel}, ${machine.memory} RAM`,
    `- load average when the run began (1/5/15 min): ${machine.loadAverage}`,
    `- node ${machine.node}, ${machine.ffmpeg}, wrangler ${machine.wrangler}`,
    `- benchmarks run: ${ran.join(", ")} (${elapsedSeconds.toFixed(0)} s in all)`,
  ];
  for (const name of kept) {
    const date = earlier.get(name)?.date;
    lines.push(
      `- ${name}: kept from an earlier run${date ? ` (${date})` : ""}, possibly on another machine state`,
    );
  }
  for (const name of names) {
    const section = fresh.get(name) ?? earlier.get(name);
    if (section) lines.push("", marker(name, section.date ?? "unknown"), section.text);
  }
  return `${lines.join("\n")}\n`;
}
