import { readFileSync } from "node:fs";

/** Kernel clock ticks per second (USER_HZ): 100 on every mainstream Linux build. */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) used so far by this process and by its children that have been
 * waited for (ffmpeg, shaka-packager …), from /proc/self/stat; NaN off Linux. Take the
 * difference of two readings around a run.
 */
export function cpuSecondsSoFar(): number {
  let stat: string;
  try {
    stat = readFileSync("/proc/self/stat", "utf8");
  } catch {
    return Number.NaN;
  }
  // Fields after the parenthesised command name; utime is field 14, cstime field 17 (1-based).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  return ticks / TICKS_PER_SECOND;
}
