import Hls, { type HlsConfig, type LoadPolicy } from "hls.js";
import { StreamingFragmentLoader } from "./track-start.ts";

/**
 * hls.js tuned for audio. Its defaults are built for video: a 500 kbps first estimate, no
 * timeout on a slow first download (34 s to first audio on a 49 kbps link), a slow-moving
 * estimate with audio-sized segments, and up to 600 s of buffer. The benchmark compares this
 * with `hlsConfig({ defaults: true })`.
 */

/** What hls.js assumes before it has measured anything, bits/s: a mobile link, so the first level is modest. */
export const START_ESTIMATE_BPS = 200_000;

/** The bandwidth the last deck measured, bits/s: the next track starts from it, not from a guess. */
let measuredBps: number | null = null;

/** Keeps a deck's bandwidth estimate for the decks that load after it. */
export function noteBandwidth(bps: number): void {
  if (Number.isFinite(bps) && bps > 0) measuredBps = bps;
}

/** What the next track's ABR starts from, bits/s. */
export function startEstimateBps(): number {
  return measuredBps ?? START_ESTIMATE_BPS;
}
/** Buffer ahead this far, s (and never past MAX_BUFFER_S): a skip never wastes minutes of audio. */
export const TARGET_BUFFER_S = 30;
export const MAX_BUFFER_S = 60;

/**
 * A segment load gives up (and the ABR / error controller drops a level) when no byte arrived
 * after this long or the whole segment took longer, ms.
 */
function segmentPolicy(firstByteMs: number, loadMs: number): LoadPolicy {
  return {
    default: {
      maxTimeToFirstByteMs: firstByteMs,
      maxLoadTimeMs: loadMs,
      timeoutRetry: { maxNumRetry: 4, retryDelayMs: 0, maxRetryDelayMs: 0 },
      errorRetry: { maxNumRetry: 6, retryDelayMs: 500, maxRetryDelayMs: 8000, backoff: "exponential" },
    },
  };
}

/** Playlists are tiny: a slow one is a dead connection, retry it quickly. */
const playlistPolicy: LoadPolicy = {
  default: {
    maxTimeToFirstByteMs: 5000,
    maxLoadTimeMs: 10_000,
    timeoutRetry: { maxNumRetry: 3, retryDelayMs: 0, maxRetryDelayMs: 0 },
    // 4xx answers (451 not licensed, 403 signature) are final: retrying would only delay the message.
    errorRetry: {
      maxNumRetry: 3,
      retryDelayMs: 500,
      maxRetryDelayMs: 4000,
      backoff: "exponential",
      shouldRetry: (_policy, _count, _timeout, response, retry) =>
        retry && !(response?.code && response.code >= 400 && response.code < 500),
    },
  },
};

/**
 * The config a deck's hls.js instance is created with. `defaults: true` returns hls.js's own
 * defaults (for the benchmark's comparison); `prefetch: true` buffers only the start of a track
 * that plays next (the engine raises the cap when it becomes the current one).
 */
export function hlsConfig(options: { defaults?: boolean; prefetch?: boolean } = {}): Partial<HlsConfig> {
  if (options.defaults || defaultsForced()) return { ...Hls.DefaultConfig };
  return {
    // Audio only: no worker startup cost (nothing to transmux), no video heuristics.
    enableWorker: false,
    lowLatencyMode: false,
    abrEwmaDefaultEstimate: startEstimateBps(),
    // Faster-moving estimate: audio segments are small, so each sample is noisy but cheap.
    abrEwmaFastVoD: 2,
    abrEwmaSlowVoD: 5,
    abrBandWidthFactor: 0.8,
    abrBandWidthUpFactor: 0.6,
    maxStarvationDelay: 2,
    maxLoadingDelay: 2,
    maxBufferLength: options.prefetch ? PREFETCH_BUFFER_S : TARGET_BUFFER_S,
    maxMaxBufferLength: MAX_BUFFER_S,
    backBufferLength: 30,
    maxBufferSize: 8 * 1000 * 1000,
    startFragPrefetch: true,
    // Segments stream in: playback starts on a segment's first 2 s fragment (see track-start.ts).
    progressive: true,
    // hls.js types its fragment loaders by context; FetchLoader serves any context.
    fLoader: StreamingFragmentLoader as unknown as HlsConfig["fLoader"],
    fragLoadPolicy: segmentPolicy(4000, 12_000),
    manifestLoadPolicy: playlistPolicy,
    playlistLoadPolicy: playlistPolicy,
  };
}

/** How much of the next track the prefetch deck buffers, s: enough that a skip never waits. */
export const PREFETCH_BUFFER_S = 12;

/**
 * `localStorage["cadenza.hls"] = "defaults"` makes every deck use hls.js's defaults from its next
 * load: the player benchmark's baseline (bench/player.ts), measured in the same page.
 */
function defaultsForced(): boolean {
  try {
    return localStorage.getItem("cadenza.hls") === "defaults";
  } catch {
    return false;
  }
}
