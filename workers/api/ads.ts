import { Hono } from "hono";
import { z } from "zod";
import type { AdRow, TrackRow } from "../db/catalog-db.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { requireRole } from "../middleware/auth.ts";
import { decodeMarkets } from "../services/markets.ts";
import { validate } from "../validation.ts";
import { formFile, formMarkets, ingestUpload, readUploadForm, uploadSizeLimit } from "./uploads.ts";

/** The longest ad we schedule, ms: listeners sit through it unskippable. */
const MAX_AD_MS = 60_000;

const AdForm = z.object({
  file: formFile,
  title: z.string().trim().min(1).max(200),
  advertiser: z.string().trim().min(1).max(200),
  click_url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  markets: formMarkets,
});

function adObject({ ad, track }: { ad: AdRow; track: TrackRow }) {
  return {
    id: ad.id,
    track_id: track.id,
    title: track.title,
    advertiser: ad.advertiser,
    click_url: ad.clickUrl,
    duration_ms: track.durationMs,
    available_markets: decodeMarkets(track.markets),
    active: ad.active,
    /** False until the transcode publishes; only playable ads are scheduled. */
    playable: track.currentEncodeId !== null,
    impressions: ad.impressions,
    created_at: new Date(ad.createdAt).toISOString(),
  };
}

/**
 * `/api/ads`: the ads catalogue free listeners hear between tracks (admin accounts only). An
 * ad's audio goes through the same ingest, transcode and edge path as music.
 */
export const adsApp = new Hono<AppEnv>()
  .use(requireRole("admin"))
  .post("/", uploadSizeLimit, async (c) => {
    const { file, title, advertiser, click_url, markets } = await readUploadForm(c, AdForm);
    const { trackId, jobId } = await ingestUpload(c, file, {
      title,
      markets,
      ad: { advertiser, clickUrl: click_url ?? null, maxDurationMs: MAX_AD_MS },
    });
    const ad = await c.var.db.findAdByTrackId(trackId);
    return c.json({ ad_id: ad?.id, track_id: trackId, job_id: jobId }, 202);
  })
  .get("/", async (c) => {
    return c.json({ items: (await c.var.db.listAds()).map(adObject) });
  })
  .patch("/:id", validate("json", z.object({ active: z.boolean() })), async (c) => {
    const changed = await c.var.db.setAdActive(c.req.param("id"), c.req.valid("json").active);
    if (!changed) throw new ApiError(404, "not_found", "No such ad.");
    const listed = (await c.var.db.listAds()).find((row) => row.ad.id === changed.id);
    if (!listed) throw new ApiError(404, "not_found", "No such ad.");
    return c.json(adObject(listed));
  });
