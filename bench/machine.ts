import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { ROOT } from "../scripts/stack.ts";

/** The machine and tool versions a run was measured on, each already formatted. */
export interface MachineDescription {
  /** `date -u` at the start of the run. */
  date: string;
  /** `nproc`: CPUs this process may use. */
  cpus: string;
  /** `model name` of /proc/cpuinfo. */
  cpuModel: string;
  /** MemTotal of /proc/meminfo, in GiB. */
  memory: string;
  /** /proc/loadavg's 1, 5 and 15 minute load averages when the run began: other load on the machine. */
  loadAverage: string;
  node: string;
  ffmpeg: string;
  wrangler: string;
}

function commandOutput(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/** Describes this machine; anything it cannot read is reported as "unknown". */
export function describeMachine(ffmpegPath = "ffmpeg"): MachineDescription {
  const memKiB = Number(/^MemTotal:\s+(\d+) kB/m.exec(readText("/proc/meminfo"))?.[1]);
  const wranglerPackage = JSON.parse(readText(join(ROOT, "node_modules/wrangler/package.json")) || "{}");
  return {
    // `date` pads the day ("Dec  1"); the Markdown formatter would fold it in one place only.
    date: (commandOutput("date", ["-u"]) ?? new Date().toUTCString()).replace(/\s+/g, " "),
    cpus: commandOutput("nproc", []) ?? String(availableParallelism()),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(readText("/proc/cpuinfo"))?.[1]?.trim() ?? "unknown",
    memory: Number.isFinite(memKiB) ? `${(memKiB / 1024 / 1024).toFixed(1)} GiB` : "unknown",
    loadAverage: readText("/proc/loadavg").split(" ").slice(0, 3).join(" ") || "unknown",
    node: process.version,
    ffmpeg:
      commandOutput(ffmpegPath, ["-version"])
        ?.split("\n")[0]
        ?.replace(/ Copyright.*/, "") ?? "unknown",
    wrangler: wranglerPackage.version ?? "unknown",
  };
}
