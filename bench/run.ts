import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../scripts/stack.ts";
import { resolveFfmpegPaths } from "../transcoder/ffmpeg-path.ts";
import { benchBackends } from "./backends.ts";
import { benchEdge } from "./edge.ts";
import { describeMachine } from "./machine.ts";
import { benchPlayer } from "./player.ts";
import { benchPlaylists } from "./playlists.ts";
import { type BenchReport, formatTable } from "./report.ts";
import { type BenchFailure, renderResultsFile } from "./results-file.ts";
import { benchSearch } from "./search.ts";
import { benchSessions } from "./sessions.ts";
import { benchTranscode } from "./transcode.ts";

/**
 * `npm run bench`: runs every benchmark (or those named: `node bench/run.ts transcode edge`),
 * prints a table and rewrites bench/RESULTS.md (the sections of benchmarks not run are kept). Exits 1 when a benchmark fails to run; a missed
 * goal is a result, not a failure.
 */
const BENCHMARKS: Record<string, (log: (line: string) => void) => Promise<BenchReport>> = {
  transcode: benchTranscode,
  edge: benchEdge,
  sessions: benchSessions,
  search: benchSearch,
  playlists: benchPlaylists,
  backends: benchBackends,
  player: benchPlayer,
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(
    `unknown benchmark ${unknown.join(", ")}; choose from: ${Object.keys(BENCHMARKS).join(", ")}`,
  );
  process.exit(2);
}
const selected = requested.length > 0 ? requested : Object.keys(BENCHMARKS);

const machine = describeMachine(resolveFfmpegPaths().ffmpeg);
const started = performance.now();
const reports: BenchReport[] = [];
const failures: BenchFailure[] = [];
for (const name of selected) {
  const log = (line: string) => console.log(`[${name}] ${line}`);
  try {
    reports.push(await (BENCHMARKS[name] as (typeof BENCHMARKS)[string])(log));
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`[${name}] FAILED: ${text}`);
    failures.push({ name, error: text });
  }
}
const elapsedSeconds = (performance.now() - started) / 1000;

console.log(`\n${formatTable(reports)}\n`);
const resultsPath = join(ROOT, "bench/RESULTS.md");
const previous = existsSync(resultsPath) ? readFileSync(resultsPath, "utf8") : undefined;
writeFileSync(
  resultsPath,
  renderResultsFile(machine, reports, failures, elapsedSeconds, {
    previous,
    order: Object.keys(BENCHMARKS),
  }),
);
console.log(`wrote ${resultsPath} (${elapsedSeconds.toFixed(0)} s)`);
if (failures.length > 0) process.exitCode = 1;
