import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A per-run record of the Chromium processes the harness launched, so the global teardown can
 * kill any a crashed test worker left behind — only those, never another run's browsers.
 * Each launch writes `{dir}/{pid}`; a clean close removes it.
 */

/** Creates the record directory for one test run. */
export function createBrowserRecord(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

/** Notes a launched browser's process id (its process group: Playwright starts it detached). */
export function recordBrowser(dir: string, pid: number): void {
  if (existsSync(dir)) writeFileSync(join(dir, String(pid)), "");
}

/** Forgets a browser that closed cleanly. */
export function forgetBrowser(dir: string, pid: number): void {
  rmSync(join(dir, String(pid)), { force: true });
}

/**
 * Kills (SIGKILL, whole process group) every recorded browser still running, then removes the
 * record. A recorded id whose process is no longer a Chromium (reused id) is left alone.
 */
export function killLeftoverBrowsers(dir: string): string[] {
  const killed: string[] = [];
  if (!existsSync(dir)) return killed;
  for (const name of readdirSync(dir)) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 1) continue;
    let cmdline = "";
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue; // already gone
    }
    if (!cmdline.includes("chrom")) continue;
    try {
      process.kill(-pid, "SIGKILL");
      killed.push(name);
    } catch {
      // exited between the check and the kill
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return killed;
}
