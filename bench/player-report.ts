import { SWEEP_PHASES } from "./player-sweep.ts";
import type { BenchReport, Figure } from "./report.ts";
import { percentile } from "./stats.ts";

/** The two hls.js configurations compared: the player's tuned one and hls.js's defaults. */
export type Variant = "tuned" | "defaults";

/** One network profile's samples, ms, by variant. */
export interface PlayerSamples {
  profile: string;
  /** Click → first audible frame, in a page that has played before (warm). */
  start: Record<Variant, number[]>;
  /** Click → first audible frame, first play in a fresh browser context (cold). */
  coldStart: Record<Variant, number[]>;
  /** Seek bar released → playing on from the target. */
  seek: Record<Variant, number[]>;
  /** Next clicked → the next track audible. */
  skip: Record<Variant, number[]>;
  /** Skips where the next track had not buffered 2 s yet after waiting 10 s. */
  skipNotPrefetched: Record<Variant, number>;
  errors: string[];
}

export interface SweepResult {
  stalls: number;
  stalledMs: number;
  /** Tracks that started during the sweep. */
  plays: number;
  /** Whether it was still playing at the end. */
  endedPlaying: boolean;
}

const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : "n/a");

/** "182 ms (defaults 410 ms, ×0.44)". */
function versus(tuned: number, defaults: number): string {
  const ratio = defaults > 0 ? ` ×${(tuned / defaults).toFixed(2)}` : "";
  return `${ms(tuned)} (hls.js defaults ${ms(defaults)},${ratio})`;
}

function figure(metric: string, samples: Record<Variant, number[]>, p: number, goalMs?: number): Figure {
  const tuned = percentile(samples.tuned, p);
  const defaults = percentile(samples.defaults, p);
  return {
    metric: `${metric} p${p} (n=${samples.tuned.length})`,
    value: versus(tuned, defaults),
    ...(goalMs !== undefined ? { goal: `≤ ${goalMs} ms`, pass: tuned <= goalMs } : {}),
  };
}

/** The benchmark's figures, notes and per-profile details. */
export function reportPlayer(
  profiles: readonly PlayerSamples[],
  sweeps: Record<Variant, SweepResult[]>,
  counts: { warm: number; cold: number; tracks: number },
): BenchReport {
  const figures: Figure[] = [];
  for (const [index, s] of profiles.entries()) {
    const fast = index === 0;
    const tag = `[${s.profile}]`;
    figures.push(
      figure(`${tag} click → audible, cold`, s.coldStart, 50, fast ? 200 : undefined),
      figure(`${tag} click → audible, cold`, s.coldStart, 99, fast ? 600 : undefined),
      figure(`${tag} click → audible, warm`, s.start, 50, fast ? 200 : undefined),
      figure(`${tag} click → audible, warm`, s.start, 99, fast ? 600 : undefined),
      figure(`${tag} seek → resume`, s.seek, 50),
      figure(`${tag} skip → next audible (prefetched)`, s.skip, 50, 50),
    );
  }
  const total = (v: Variant) => sweeps[v].reduce((sum, r) => sum + r.stalls, 0);
  figures.push({
    metric: `stalls in the 3 Mbps → 64 kbps → 3 Mbps sweep (${sweeps.tuned.length} each)`,
    value: `${total("tuned")} (hls.js defaults ${total("defaults")})`,
    goal: "0",
    pass: total("tuned") === 0,
  });
  const sweepText = SWEEP_PHASES.map((p) => `${p.downloadKbps} kbps for ${p.seconds} s`).join(" → ");
  const notes = [
    "Debian Chromium (headless) drives the real web player against `wrangler dev` + the transcoder, seeded with " +
      `${counts.tracks} demo tracks; the demo premium listener (US, automatic quality) plays the demo mix playlist. ` +
      "Clicks are the player's own buttons (`click()` in the page); times are the page's `performance.now()`.",
    "Network: CDP `Network.emulateNetworkConditions` (the latency is added per request; the HTTP cache is disabled, " +
      "and segment URLs are signed per play anyway).",
    "Click → audible: from the click on a track's Play button to the active deck's `playing` event, counted once its " +
      "`currentTime` is seen advancing. The chain: at the click the page asks at once for the manifest with its " +
      "playlists (`include=hls`) and for the track's start (`/stream/{id}/start`: init + first segment); hls.js " +
      "appends the first 2 s fragment as it streams in (`progressive`) and plays; the session hears " +
      "(`PUT /v1/me/player/play`) once the audio can play, at most 250 ms after the click.",
    `Warm: ${counts.warm} samples per variant in one page that has played before (connections open, the Worker's edge ` +
      "cache and the catalog warm), each on a track neither deck holds. Cold: " +
      `${counts.cold} per variant, each in a fresh browser context (new device, no connections, app just loaded); ` +
      `with ${counts.cold} samples p99 is the worst one.`,
    "Seek → resume: the seek bar released at 60 % of the track (past what the tuned buffer holds at first) until it " +
      "plays on from there. Skip: Next clicked once the spare deck had 2 s of the next track buffered.",
    `Sweep: ${sweepText} at 40 ms, playing through the playlist; a stall is a \`waiting\` on the playing deck after ` +
      "it started (track starts excluded).",
    'Baseline: hls.js 1.7\'s default configuration (`localStorage["cadenza.hls"] = "defaults"`): its 500 kbps ' +
      "first estimate and level choice, no progressive streaming (a whole 10 s segment before the first append), " +
      "a 600 s buffer, and no `/start` beside the manifest; the rest of the app is the same (playlists from the " +
      "manifest, the prefetch that waits for the current track). It alternates with the tuned configuration " +
      "sample by sample in the same page; ratios are tuned ÷ defaults.",
  ];
  const errorLines = profiles.flatMap((s) => s.errors.map((e) => `${s.profile}: ${e}`));
  const notPrefetched = profiles
    .map((s) => `${s.profile}: tuned ${s.skipNotPrefetched.tuned}, defaults ${s.skipNotPrefetched.defaults}`)
    .join("; ");
  notes.push(`Skips clicked before the next track had 2 s buffered (after a 10 s wait): ${notPrefetched}.`);
  if (errorLines.length > 0)
    notes.push(`Samples that failed (left out): ${errorLines.length} — ${errorLines.slice(0, 6).join("; ")}`);
  const sweepDetails = (["tuned", "defaults"] as const)
    .map((v) =>
      sweeps[v]
        .map(
          (r) =>
            `${v}: ${r.stalls} stalls, ${Math.round(r.stalledMs)} ms stalled, ${r.plays} tracks started, ${r.endedPlaying ? "still playing" : "NOT playing"} at the end`,
        )
        .join("; "),
    )
    .join("; ");
  notes.push(`Sweep detail: ${sweepDetails}.`);
  return {
    name: "player",
    title: "Player: click to audio, seek, skip and stalls in Chromium",
    figures,
    notes,
  };
}
