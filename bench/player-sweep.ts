import type { CDPSession, Page } from "playwright-core";
import { throttle } from "./player-network.ts";
import { countStalls, measureStart, pageNow } from "./player-probe.ts";
import type { SweepResult, Variant } from "./player-report.ts";
import type { PlayerStack } from "./player-stack.ts";

/** The sweep's phases: bandwidth, kbps, and how long it holds, s. */
export const SWEEP_PHASES = [
  { downloadKbps: 3000, seconds: 20 },
  { downloadKbps: 64, seconds: 30 },
  { downloadKbps: 3000, seconds: 20 },
] as const;
const SWEEP_LATENCY_MS = 40;

/**
 * Plays the demo mix from a track no deck holds (so the variant's configuration loads it) while
 * the link goes 3 Mbps → 64 kbps → 3 Mbps, and counts the stalls: `waiting` on the playing
 * deck after it had started.
 */
export async function runSweep(
  page: Page,
  cdp: CDPSession,
  player: PlayerStack,
  variant: Variant,
  setVariant: (page: Page, variant: Variant) => Promise<void>,
  log: (line: string) => void,
): Promise<SweepResult> {
  const first = SWEEP_PHASES[0];
  await throttle(cdp, { downloadKbps: first.downloadKbps, uploadKbps: 1000, latencyMs: SWEEP_LATENCY_MS });
  await setVariant(page, variant);
  const since = await pageNow(page);
  const startTrack = player.trackNames[variant === "tuned" ? 0 : 4] as string;
  const start = await measureStart(page, startTrack);
  if (!("ms" in start)) throw new Error(`sweep (${variant}): ${start.error}`);
  for (const [index, phase] of SWEEP_PHASES.entries()) {
    if (index > 0)
      await throttle(cdp, {
        downloadKbps: phase.downloadKbps,
        uploadKbps: 1000,
        latencyMs: SWEEP_LATENCY_MS,
      });
    await page.waitForTimeout(phase.seconds * 1000);
  }
  const counted = await countStalls(page, since);
  const audio = await page.evaluate(() => {
    const el = document.querySelector<HTMLAudioElement>('audio[data-cadenza-player="active"]');
    return el ? { paused: el.paused, currentTime: el.currentTime } : null;
  });
  await page.evaluate(() =>
    document.querySelector<HTMLButtonElement>('.player-bar button[aria-label="Pause"]')?.click(),
  );
  log(
    `  ${variant}: ${counted.stalls} stalls (${Math.round(counted.stalledMs)} ms), ${counted.plays} tracks started`,
  );
  return { ...counted, endedPlaying: audio !== null && !audio.paused };
}
