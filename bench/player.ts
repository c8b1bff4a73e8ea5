import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { launchChromium } from "../e2e/browser/chromium.ts";
import { type NetworkProfile, PROFILES, throttle } from "./player-network.ts";
import { measureSeek, measureSkip, measureStart, PROBE_INIT_SCRIPT, type Sample } from "./player-probe.ts";
import { type PlayerSamples, reportPlayer, type SweepResult, type Variant } from "./player-report.ts";
import { type PlayerStack, signIn, startPlayerStack } from "./player-stack.ts";
import { runSweep } from "./player-sweep.ts";
import type { BenchReport } from "./report.ts";
import { runInterleaved } from "./stats.ts";

/** Samples per variant and profile (env `PLAYER_BENCH_WARM`, `PLAYER_BENCH_COLD` for quick runs). */
const WARM_SAMPLES = Number(process.env.PLAYER_BENCH_WARM ?? 40);
const COLD_SAMPLES = Number(process.env.PLAYER_BENCH_COLD ?? 15);
/** Untimed rounds before the warm samples (JIT, connections, the edge cache). */
const WARMUP_ROUNDS = 1;
/** Where in the track the seek lands: far enough to be past the tuned buffer at first. */
const SEEK_FRACTION = 0.6;

/**
 * The player benchmark: Debian's Chromium plays the demo catalog through the real web player
 * (its own buttons clicked, its hls.js engine, `wrangler dev` behind it) under network
 * emulation, the player's tuned hls.js configuration against hls.js's defaults (the
 * `cadenza.hls` switch in localStorage), alternating sample by sample.
 */
export async function benchPlayer(log: (line: string) => void): Promise<BenchReport> {
  const player = await startPlayerStack(log);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const samples: PlayerSamples[] = [];
    for (const profile of PROFILES) {
      log(`profile ${profile.name}: ${WARM_SAMPLES} warm and ${COLD_SAMPLES} cold samples per variant`);
      samples.push(await measureProfile(browser, player, profile, log));
    }
    log("bandwidth sweep 3 Mbps → 64 kbps → 3 Mbps");
    const sweeps: Record<Variant, SweepResult[]> = { tuned: [], defaults: [] };
    const page = await openPlayer(browser, player, PROFILES[0] as NetworkProfile);
    try {
      for (const variant of ["tuned", "defaults"] as const) {
        sweeps[variant].push(await runSweep(page.page, page.cdp, player, variant, setVariant, log));
      }
    } finally {
      await page.context.close();
    }
    return reportPlayer(samples, sweeps, {
      warm: WARM_SAMPLES,
      cold: COLD_SAMPLES,
      tracks: player.trackNames.length,
    });
  } finally {
    await browser?.close();
    await player.stack.stop();
  }
}

/** Warm samples (start, seek, skip) on one page, then cold starts each in a fresh context. */
async function measureProfile(
  browser: Browser,
  player: PlayerStack,
  profile: NetworkProfile,
  log: (line: string) => void,
): Promise<PlayerSamples> {
  const result: PlayerSamples = {
    profile: profile.name,
    start: { tuned: [], defaults: [] },
    coldStart: { tuned: [], defaults: [] },
    seek: { tuned: [], defaults: [] },
    skip: { tuned: [], defaults: [] },
    skipNotPrefetched: { tuned: 0, defaults: 0 },
    errors: [],
  };
  const names = player.trackNames;
  let cursor = 0;
  // Step 3 through the playlist: the track clicked is never the one the spare deck prefetched.
  const nextTrack = () => {
    cursor += 3;
    return names[cursor % names.length] as string;
  };
  const { page, context } = await openPlayer(browser, player, profile);
  try {
    const warmSample = async (variant: Variant) => {
      await setVariant(page, variant);
      const start = await measureStart(page, nextTrack());
      await page.waitForTimeout(300);
      const seek = "ms" in start ? await measureSeek(page, SEEK_FRACTION) : start;
      const skip = "ms" in start ? await measureSkip(page) : start;
      return { start, seek, skip };
    };
    for (let i = 0; i < WARMUP_ROUNDS; i++)
      for (const v of ["tuned", "defaults"] as const) await warmSample(v);
    await runInterleaved(
      WARM_SAMPLES,
      { tuned: () => warmSample("tuned"), defaults: () => warmSample("defaults") },
      (variant, round, s) => {
        record(result.start[variant], s.start, `${variant} start`, result.errors);
        record(result.seek[variant], s.seek, `${variant} seek`, result.errors);
        record(result.skip[variant], s.skip, `${variant} skip`, result.errors);
        if ("prefetched" in s.skip && s.skip.prefetched === false) result.skipNotPrefetched[variant]++;
        if (round % 10 === 9 && variant === "defaults") log(`  warm round ${round + 1}/${WARM_SAMPLES}`);
      },
    );
  } finally {
    await context.close();
  }
  await runInterleaved(
    COLD_SAMPLES,
    {
      tuned: () => coldStart(browser, player, profile, "tuned", nextTrack()),
      defaults: () => coldStart(browser, player, profile, "defaults", nextTrack()),
    },
    (variant, round, sample) => {
      record(result.coldStart[variant], sample, `${variant} cold start`, result.errors);
      if (round % 5 === 4 && variant === "defaults") log(`  cold round ${round + 1}/${COLD_SAMPLES}`);
    },
  );
  return result;
}

function record(into: number[], sample: Sample, what: string, errors: string[]): void {
  if ("ms" in sample) into.push(sample.ms);
  else errors.push(`${what}: ${sample.error}`);
}

/** A fresh context (no cache, no connections, a new device), the app loaded, then one start. */
async function coldStart(
  browser: Browser,
  player: PlayerStack,
  profile: NetworkProfile,
  variant: Variant,
  track: string,
): Promise<Sample> {
  let opened: Awaited<ReturnType<typeof openPlayer>> | undefined;
  try {
    opened = await openPlayer(browser, player, profile, variant);
    return await measureStart(opened.page, track);
  } catch (err) {
    // A page that never came up (a Worker restart mid-load) is a failed sample, not a failed run.
    return { error: `cold page: ${(err as Error).message.split("\n")[0]}` };
  } finally {
    await opened?.context.close();
  }
}

/**
 * A new context signed in (afresh) as the bench listener, throttled to `profile` with the HTTP cache
 * off, on the demo mix playlist page once this tab is a registered device.
 */
async function openPlayer(
  browser: Browser,
  player: PlayerStack,
  profile: NetworkProfile,
  variant: Variant = "tuned",
): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession }> {
  const context = await browser.newContext({
    baseURL: player.stack.url,
    viewport: { width: 1280, height: 800 },
  });
  await context.addInitScript(
    ({ session, defaults }) => {
      if (!localStorage.getItem("cadenza.session"))
        localStorage.setItem("cadenza.session", JSON.stringify(session));
      if (defaults) localStorage.setItem("cadenza.hls", "defaults");
    },
    { session: await signIn(player.stack.url), defaults: variant === "defaults" },
  );
  await context.addInitScript(PROBE_INIT_SCRIPT);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await throttle(cdp, profile);
  await page.goto(`/playlist/${player.playlistId}`);
  await page
    .locator(`button[aria-label="Play ${cssString(player.trackNames[0] as string)}"]`)
    .first()
    .waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => sessionStorage.getItem("cadenza.device") !== null, undefined, {
    timeout: 30_000,
  });
  // The session's WebSocket opens right after registration; let it settle.
  await page.waitForTimeout(500);
  return { context, page, cdp };
}

/** Chooses the hls.js configuration the decks use from their next load. */
async function setVariant(page: Page, variant: Variant): Promise<void> {
  await page.evaluate((defaults) => {
    if (defaults) localStorage.setItem("cadenza.hls", "defaults");
    else localStorage.removeItem("cadenza.hls");
  }, variant === "defaults");
}

const cssString = (text: string) => text.replace(/["\\]/g, "\\$&");
