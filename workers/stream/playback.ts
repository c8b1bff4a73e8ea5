import type { CatalogDb, Playback, Quality, RenditionRow } from "../db/catalog-db.ts";
import { ApiError } from "../errors.ts";
import type { AuthUser } from "../services/auth/access-token.ts";
import { isAvailableIn } from "../services/markets.ts";
import { QUALITIES } from "../services/publish-encode.ts";
import type { WaitUntil } from "./segments.ts";

/** How long the edge keeps a track's playback facts (markets, current encode), seconds. */
export const PLAYBACK_CACHE_SECONDS = 30;

/** The best quality each tier may stream: free listeners stop at 160 kbps; lossless is premium. */
export const MAX_QUALITY: Record<AuthUser["product"], Quality> = { free: "high", premium: "lossless" };

export function qualityRank(quality: string): number {
  return QUALITIES.indexOf(quality as Quality);
}

/**
 * A track's playback facts, from the edge cache when fresh (the licence decision inputs and
 * the current encode), else from the catalog. Null when the track is unknown or not yet playable.
 */
export async function loadPlayback(db: CatalogDb, trackId: string, ctx: WaitUntil): Promise<Playback | null> {
  const cacheKey = new Request(`https://playback.cadenza.internal/${trackId}`);
  const cache = caches.default;
  const hit = await cache.match(cacheKey);
  if (hit) return hit.json<Playback>();
  const playback = await db.findPlayback(trackId);
  if (playback) {
    const response = Response.json(playback, {
      headers: { "cache-control": `max-age=${PLAYBACK_CACHE_SECONDS}` },
    });
    ctx.waitUntil(cache.put(cacheKey, response));
  }
  return playback;
}

/** Throws 451 unless the track is licensed where the listener is. */
export function assertLicensed(playback: Playback, country: string): void {
  if (!isAvailableIn(playback.markets, country)) {
    throw new ApiError(
      451,
      "unavailable_in_market",
      `This track is not available in your country (${country}).`,
    );
  }
}

/**
 * Picks the rendition to serve: the requested quality clamped to the tier's maximum, then the
 * best the encode actually has at or below it.
 */
export function chooseRendition(playback: Playback, requested: Quality, maxQuality: Quality): RenditionRow {
  const ceiling = Math.min(qualityRank(requested), qualityRank(maxQuality));
  const candidates = playback.renditions
    .filter((r) => qualityRank(r.quality) <= ceiling)
    .sort((a, b) => qualityRank(b.quality) - qualityRank(a.quality));
  const chosen = candidates[0];
  if (!chosen) throw new ApiError(404, "no_rendition", "No rendition of this track fits that quality.");
  return chosen;
}

/** The renditions a listener may receive, ascending by quality. */
export function allowedRenditions(playback: Playback, maxQuality: string): RenditionRow[] {
  return playback.renditions
    .filter((r) => qualityRank(r.quality) <= qualityRank(maxQuality))
    .sort((a, b) => qualityRank(a.quality) - qualityRank(b.quality));
}

/** The listener's country for licensing: the edge's geolocation in production, the profile in dev. */
export function listenerCountry(request: Request, user: AuthUser, environment: string): string {
  const edgeCountry = (request.cf as { country?: string } | undefined)?.country;
  return environment !== "dev" && edgeCountry && edgeCountry !== "XX" && edgeCountry !== "T1"
    ? edgeCountry
    : user.country;
}
