import { Hono } from "hono";
import { z } from "zod";
import type { Playback, Quality, RenditionRow } from "../db/catalog-db.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { authenticate, requireUser } from "../middleware/auth.ts";
import { QUALITIES, renditionKey } from "../services/publish-encode.ts";
import { validate } from "../validation.ts";
import { masterPlaylist, mediaPlaylist } from "./hls.ts";
import {
  allowedRenditions,
  assertLicensed,
  chooseRendition,
  listenerCountry,
  loadPlayback,
  MAX_QUALITY,
  qualityRank,
} from "./playback.ts";
import { loadMediaObject, serveMediaObject } from "./segments.ts";
import {
  type SignatureProblem,
  signMaster,
  signRendition,
  verifyMaster,
  verifyRendition,
} from "./signing.ts";

const StartQuery = z.object({ quality: z.enum(QUALITIES).default("high") });
const ManifestQuery = StartQuery.extend({
  /**
   * `hls`: the answer also carries the master playlist and the chosen rendition's media
   * playlist, so a player starts with one round trip instead of three.
   */
  include: z.enum(["hls"]).optional(),
});
const FILE = /^(init\.mp4|\d{1,5}\.m4s)$/;
const HLS_TYPE = "application/vnd.apple.mpegurl";

/** `/stream`: the edge path. Manifests and playlists are per listener; segments are shared and immutable. */
export const streamApp = new Hono<AppEnv>()
  .get("/:trackId/manifest", requireUser, validate("query", ManifestQuery), async (c) => {
    const user = c.var.user;
    const playback = await loadPlayback(c.var.db, c.req.param("trackId"), c.executionCtx);
    if (!playback) throw notPlayable();
    assertLicensed(playback, listenerCountry(c.req.raw, user, c.var.config.ENVIRONMENT));
    await countStreamStart(c.env, user.id, playback);
    const { quality: requested, include } = c.req.valid("query");
    const rendition = chooseRendition(playback, requested, MAX_QUALITY[user.product]);
    const exp = Math.floor(Date.now() / 1000) + c.var.config.STREAM_URL_TTL_SECONDS;
    const secret = c.var.config.SIGNING_KEY;
    const base = `${new URL(c.req.url).origin}/stream/${playback.trackId}`;
    const dir = `${base}/${playback.encode.id}/${rendition.quality}`;
    const query = await signRendition(secret, {
      trackId: playback.trackId,
      encodeId: playback.encode.id,
      quality: rendition.quality,
      userId: user.id,
      exp,
    });
    const sizes = JSON.parse(rendition.segmentSizes) as number[];
    const durations = JSON.parse(rendition.segmentDurationsMs) as number[];
    let startMs = 0;
    const chunks = durations.map((ms, index) => {
      const chunk = {
        index,
        url: `${dir}/${index}.m4s?${query}`,
        start_time: startMs / 1000,
        end_time: (startMs + ms) / 1000,
        size: sizes[index] as number,
      };
      startMs += ms;
      return chunk;
    });
    const masterQuery = await signMaster(secret, {
      trackId: playback.trackId,
      userId: user.id,
      maxQuality: MAX_QUALITY[user.product],
      exp,
    });
    const hls =
      include === "hls"
        ? {
            master_playlist: masterPlaylist(
              await signedVariants(secret, playback, user.id, MAX_QUALITY[user.product], exp),
            ),
            media_playlist_url: `${dir}/index.m3u8?${query}`,
            media_playlist: mediaPlaylist(rendition, query),
          }
        : undefined;
    c.header("cache-control", "private, no-store");
    return c.json({
      song_id: playback.trackId,
      quality: rendition.quality,
      requested_quality: requested,
      format: "cmaf",
      codec: rendition.codec,
      bitrate: rendition.bitrateKbps,
      sample_rate: rendition.sampleRate,
      channels: rendition.channels,
      duration: playback.encode.durationMs / 1000,
      loudness: {
        integrated_lufs: playback.encode.integratedLufs,
        true_peak_dbtp: playback.encode.truePeakDbtp,
      },
      init_url: `${dir}/init.mp4?${query}`,
      chunks,
      hls_url: `${base}/master.m3u8?${masterQuery}`,
      expires_at: new Date(exp * 1000).toISOString(),
      ...(hls && { hls }),
    });
  })
  /**
   * A rendition's `init.mp4` followed by its first media segment, for the listener's token
   * instead of a signed URL: a player asks for it together with the manifest, so the first
   * audio is on its way one round trip sooner. Licence and tier are checked as for the
   * manifest; the play is counted by the manifest. Headers name the encode, the rendition and
   * where the init segment ends.
   */
  .get("/:trackId/start", requireUser, validate("query", StartQuery), async (c) => {
    const user = c.var.user;
    const playback = await loadPlayback(c.var.db, c.req.param("trackId"), c.executionCtx);
    if (!playback) throw notPlayable();
    assertLicensed(playback, listenerCountry(c.req.raw, user, c.var.config.ENVIRONMENT));
    const rendition = chooseRendition(playback, c.req.valid("query").quality, MAX_QUALITY[user.product]);
    const { trackId, encode } = playback;
    const dir = `${new URL(c.req.url).origin}/stream/${trackId}/${encode.id}/${rendition.quality}`;
    const load = (file: string) =>
      loadMediaObject(
        c.env.MEDIA,
        renditionKey(trackId, encode.id, rendition.quality, file),
        `${dir}/${file}`,
        c.executionCtx,
      );
    const [init, first] = await Promise.all([load("init.mp4"), load("0.m4s")]);
    const body = new Uint8Array(init.bytes.byteLength + first.bytes.byteLength);
    body.set(init.bytes, 0);
    body.set(first.bytes, init.bytes.byteLength);
    return c.body(body, 200, {
      "content-type": "audio/mp4",
      "cache-control": "private, no-store",
      "x-cadenza-encode": encode.id,
      "x-cadenza-quality": rendition.quality,
      "x-cadenza-init-length": String(init.bytes.byteLength),
    });
  })
  .get("/:trackId/master.m3u8", async (c) => {
    const trackId = c.req.param("trackId");
    const secret = c.var.config.SIGNING_KEY;
    const query = new URL(c.req.url).searchParams;
    let userId: string;
    let maxQuality: Quality;
    let country: string | null = null;
    if (query.has("sig")) {
      // Signed by a manifest that already checked licence and tier (players that cannot send headers).
      const grant = await verifyMaster(secret, trackId, query, Date.now());
      if (typeof grant === "string") throw signatureError(grant);
      userId = grant.userId;
      maxQuality = grant.maxQuality as Quality;
    } else {
      const user = await authenticate(c);
      userId = user.id;
      maxQuality = MAX_QUALITY[user.product];
      country = listenerCountry(c.req.raw, user, c.var.config.ENVIRONMENT);
    }
    const playback = await loadPlayback(c.var.db, trackId, c.executionCtx);
    if (!playback) throw notPlayable();
    if (country) {
      // Asked for directly, not through a manifest that already counted it.
      assertLicensed(playback, country);
      await countStreamStart(c.env, userId, playback);
    }
    const exp = Math.floor(Date.now() / 1000) + c.var.config.STREAM_URL_TTL_SECONDS;
    const variants = await signedVariants(secret, playback, userId, maxQuality, exp);
    return c.body(masterPlaylist(variants), 200, {
      "content-type": HLS_TYPE,
      "cache-control": "private, no-store",
    });
  })
  .get("/:trackId/:encodeId/:quality/index.m3u8", async (c) => {
    const { trackId, encodeId, quality } = c.req.param();
    const query = new URL(c.req.url).searchParams;
    await verifyRenditionOrThrow(c.var.config.SIGNING_KEY, { trackId, encodeId, quality }, query);
    const playback = await loadPlayback(c.var.db, trackId, c.executionCtx);
    // Playlists of an encode that was replaced since signing still resolve through the catalog.
    const rendition =
      playback?.encode.id === encodeId
        ? playback.renditions.find((r) => r.quality === quality)
        : await findRenditionOfEncode(c.var.db, trackId, encodeId, quality);
    if (!rendition) throw new ApiError(404, "not_found", "No such rendition.");
    const signed = new URLSearchParams({
      u: query.get("u") ?? "",
      exp: query.get("exp") ?? "",
      sig: query.get("sig") ?? "",
    });
    return c.body(mediaPlaylist(rendition, signed.toString()), 200, {
      "content-type": HLS_TYPE,
      "cache-control": "private, max-age=60",
    });
  })
  .get("/:trackId/:encodeId/:quality/:file", async (c) => {
    const { trackId, encodeId, quality, file } = c.req.param();
    if (!FILE.test(file) || qualityRank(quality) < 0)
      throw new ApiError(404, "not_found", "No such segment.");
    const url = new URL(c.req.url);
    await verifyRenditionOrThrow(c.var.config.SIGNING_KEY, { trackId, encodeId, quality }, url.searchParams);
    // Keep the signature out of the cache key: the bytes are the same for every listener.
    const cacheUrl = `${url.origin}${url.pathname}`;
    return serveMediaObject(
      c.req.raw,
      c.env.MEDIA,
      renditionKey(trackId, encodeId, quality, file),
      cacheUrl,
      c.executionCtx,
    );
  });

/**
 * The master playlist's variants: every rendition the listener may receive, each with its media
 * playlist's URI relative to `master.m3u8`, signed for that listener until `exp`.
 */
function signedVariants(
  secret: string,
  playback: Playback,
  userId: string,
  maxQuality: Quality,
  exp: number,
): Promise<{ rendition: RenditionRow; uri: string }[]> {
  return Promise.all(
    allowedRenditions(playback, maxQuality).map(async (rendition) => ({
      rendition,
      uri: `${playback.encode.id}/${rendition.quality}/index.m3u8?${await signRendition(secret, {
        trackId: playback.trackId,
        encodeId: playback.encode.id,
        quality: rendition.quality,
        userId,
        exp,
      })}`,
    })),
  );
}

/** Counts a stream start (music or episode) against the listener's daily plays (ads do not count); 429 past the limit. */
async function countStreamStart(env: Env, userId: string, playback: Playback): Promise<void> {
  if (playback.kind === "ad") return;
  const outcome = await env.USER_SESSION.getByName(userId).startStream(playback.trackId, Date.now());
  if (!outcome.ok) throw new ApiError(outcome.status, outcome.code, outcome.message, outcome.retry_after);
}

async function verifyRenditionOrThrow(
  secret: string,
  path: { trackId: string; encodeId: string; quality: string },
  query: URLSearchParams,
): Promise<void> {
  const grant = await verifyRendition(secret, path, query, Date.now());
  if (typeof grant === "string") throw signatureError(grant);
}

async function findRenditionOfEncode(
  db: AppEnv["Variables"]["db"],
  trackId: string,
  encodeId: string,
  quality: string,
) {
  const renditions = await db.findRenditions(trackId, encodeId);
  return renditions.find((r) => r.quality === quality);
}

function signatureError(problem: SignatureProblem): ApiError {
  const message = {
    missing: "This stream URL is not signed; get one from the manifest.",
    expired: "This stream URL has expired; fetch a new manifest.",
    invalid: "This stream URL's signature is not valid.",
  }[problem];
  return new ApiError(403, `signature_${problem}`, message);
}

function notPlayable(): ApiError {
  return new ApiError(404, "not_found", "No such track, or it is not playable yet.");
}
