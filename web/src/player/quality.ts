import type { QualitySetting } from "./settings.ts";

/** The ladder, worst to best, as the stream path names its renditions. */
export const QUALITY_LADDER = ["low", "normal", "high", "very_high", "lossless"] as const;

/** What the listener reads for each rendition (the badge, the settings page). */
export const QUALITY_LABELS: Record<string, string> = {
  low: "Low · 24 kbps",
  normal: "Normal · 96 kbps",
  high: "High · 160 kbps",
  very_high: "Very high · 320 kbps",
  lossless: "Lossless",
};

/** A rendition's short badge text. */
export const QUALITY_BADGES: Record<string, string> = {
  low: "LOW",
  normal: "NORMAL",
  high: "HIGH",
  very_high: "VERY HIGH",
  lossless: "LOSSLESS",
};

export function qualityRank(quality: string): number {
  return QUALITY_LADDER.indexOf(quality as (typeof QUALITY_LADDER)[number]);
}

/** The rendition a variant playlist URL serves (`…/{encodeId}/{quality}/index.m3u8?…`), or null. */
export function qualityOfLevelUrl(url: string): string | null {
  const match = /\/([a-z_]+)\/index\.m3u8(\?|$)/.exec(url);
  return match && qualityRank(match[1] as string) >= 0 ? (match[1] as string) : null;
}

/**
 * The hls.js level to play for a setting: -1 (automatic) for `auto`, else the best level at or
 * under the asked tier (the server already left out what the listener's plan does not allow),
 * or the lowest level when every one is above it.
 */
export function levelIndexFor(levels: readonly string[], setting: QualitySetting): number {
  if (setting === "auto" || levels.length === 0) return -1;
  const wanted = qualityRank(setting);
  let best = -1;
  levels.forEach((quality, index) => {
    const rank = qualityRank(quality);
    if (rank <= wanted && (best < 0 || rank > qualityRank(levels[best] as string))) best = index;
  });
  if (best >= 0) return best;
  let lowest = 0;
  levels.forEach((quality, index) => {
    if (qualityRank(quality) < qualityRank(levels[lowest] as string)) lowest = index;
  });
  return lowest;
}

/**
 * The rendition an automatic start asks for at a measured (or assumed) bandwidth, bits/s: one
 * whose first 2 s fragment arrives quickly, never above `high` — ABR climbs from there once the
 * first fragments have measured the link.
 */
export function autoStartQuality(estimateBps: number): "low" | "normal" | "high" {
  if (estimateBps >= 1_000_000) return "high";
  if (estimateBps >= 150_000) return "normal";
  return "low";
}
