import type { RenditionFormat } from "./ffmpeg-args.ts";
import type { Rung } from "./ladder.ts";
import { SEGMENT_DURATION_S } from "./package.ts";
import type { RenditionDescription } from "./protocol.ts";

/** Sizes and timing of one packaged rendition. */
export interface RenditionMeasurements {
  /** Bytes of init.mp4. */
  initSize: number;
  /** Bytes per media segment. */
  segmentSizes: readonly number[];
  /** Milliseconds per media segment (from the segments' sample durations). */
  segmentDurationsMs: readonly number[];
}

/**
 * Peak segment bitrate in bit/s as HLS defines it (RFC 8216 §4.3.4.2): the highest bitrate of
 * any run of consecutive segments lasting 0.5–1.5× the target duration. Every full 10 s segment
 * is such a run, so this is the protocol's "max over segments", except that a short last segment
 * (a few frames plus a fixed-size header) counts together with its neighbour instead of alone.
 * A rendition shorter than half the target gets its overall average.
 */
export function peakBitrateBps(
  sizes: readonly number[],
  durationsMs: readonly number[],
  targetMs: number,
): number {
  let peak = 0;
  for (let first = 0; first < sizes.length; first++) {
    let bytes = 0;
    let ms = 0;
    for (let last = first; last < sizes.length && ms < 1.5 * targetMs; last++) {
      bytes += sizes[last] ?? 0;
      ms += durationsMs[last] ?? 0;
      if (ms >= 0.5 * targetMs && ms <= 1.5 * targetMs) peak = Math.max(peak, (bytes * 8 * 1000) / ms);
    }
  }
  if (peak > 0) return Math.round(peak);
  const totalMs = durationsMs.reduce((a, b) => a + b, 0);
  return Math.round((sizes.reduce((a, b) => a + b, 0) * 8 * 1000) / totalMs);
}

/**
 * The publish description of one rendition. Throws on an empty segment (no bytes or no
 * duration): such a rendition must never be published.
 */
export function describeRendition(
  rung: Rung,
  format: RenditionFormat,
  measured: RenditionMeasurements,
): RenditionDescription {
  const { segmentSizes: sizes, segmentDurationsMs: durations } = measured;
  if (sizes.length === 0 || sizes.length !== durations.length) {
    throw new Error(`${rung.name}: ${sizes.length} segments but ${durations.length} durations`);
  }
  sizes.forEach((bytes, i) => {
    const ms = durations[i] ?? 0;
    if (bytes <= 0 || ms <= 0)
      throw new Error(`${rung.name}: segment ${i} is empty (${bytes} bytes, ${ms} ms)`);
  });
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const totalMs = durations.reduce((a, b) => a + b, 0);
  const averageBps = Math.round((totalBytes * 8 * 1000) / totalMs);
  return {
    name: rung.name,
    codec: rung.codec,
    codecs: rung.codec === "opus" ? "opus" : "fLaC",
    bitrate_kbps: rung.codec === "opus" ? rung.bitrateKbps : Math.max(1, Math.round(averageBps / 1000)),
    sample_rate: format.sampleRate,
    channels: format.channels,
    init_size: measured.initSize,
    segment_sizes: [...sizes],
    segment_durations_ms: [...durations],
    average_bitrate_bps: averageBps,
    peak_bitrate_bps: peakBitrateBps(sizes, durations, SEGMENT_DURATION_S * 1000),
  };
}
