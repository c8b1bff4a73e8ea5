import { Hono } from "hono";
import { z } from "zod";
import type { EncodeDescription as WireEncodeDescription } from "../../transcoder/protocol.ts";
import type { JobRow } from "../db/catalog-db.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { newId } from "../ids.ts";
import { requireServiceToken } from "../middleware/auth.ts";
import { deletePrefix, encodePrefix, publishEncode, QUALITIES } from "../services/publish-encode.ts";
import { validate } from "../validation.ts";

const Progress = z.object({ encode_id: z.string(), progress: z.number().min(0).max(1) });
const Failure = z.object({ encode_id: z.string().optional(), error: z.string().max(2000) });
const EncodeDescription = z.object({
  encode_id: z.string(),
  duration_ms: z.number().positive(),
  loudness: z.object({ integrated_lufs: z.number(), true_peak_dbtp: z.number() }),
  renditions: z
    .array(
      z.object({
        name: z.enum(QUALITIES),
        codec: z.enum(["opus", "flac"]),
        codecs: z.enum(["opus", "fLaC"]),
        bitrate_kbps: z.number().positive(),
        sample_rate: z.number().int().positive(),
        channels: z.number().int().min(1).max(8),
        init_size: z.number().int().positive(),
        segment_sizes: z.array(z.number().int().positive()).max(10_000),
        segment_durations_ms: z.array(z.number().positive()).max(10_000),
        average_bitrate_bps: z.number().positive(),
        peak_bitrate_bps: z.number().positive(),
      }),
    )
    .min(1),
}) satisfies z.ZodType<WireEncodeDescription>;
const UserAccess = z.object({
  email: z.string(),
  role: z.enum(["listener", "artist", "admin"]).optional(),
  product: z.enum(["free", "premium"]).optional(),
});

/** Objects the transcoder may write: the rendition files of its current attempt. */
const RENDITION_OBJECT =
  /^audio\/([0-9A-Za-z]{22})\/([0-9A-Za-z]{22})\/(low|normal|high|very_high|lossless)\/(init\.mp4|\d{1,5}\.m4s)$/;

/**
 * `/internal`: the transcoder's (and operators') door to R2 and job state. Every route needs
 * the service token; none is reachable with a user's access token.
 */
export const internalApp = new Hono<AppEnv>()
  .use(requireServiceToken)
  .post("/jobs/:id/start", async (c) => {
    const encodeId = newId();
    const before = await c.var.db.startJobAttempt(c.req.param("id"), encodeId, Date.now());
    if (!before) throw new ApiError(404, "not_found", "No such job.");
    if (before.status === "succeeded") {
      return c.json({ status: "succeeded", track_id: before.trackId, encode_id: before.encodeId });
    }
    // A previous attempt died before publishing: its objects are invisible; remove them.
    if (before.encodeId) await deletePrefix(c.env.MEDIA, encodePrefix(before.trackId, before.encodeId));
    return c.json({
      status: "running",
      track_id: before.trackId,
      original_key: before.originalKey,
      encode_id: encodeId,
      kind: before.kind,
      source: await sourceFacts(c.var.db, before),
    });
  })
  .post("/jobs/:id/progress", validate("json", Progress), async (c) => {
    const { encode_id, progress } = c.req.valid("json");
    if (!(await c.var.db.updateJobProgress(c.req.param("id"), encode_id, progress, Date.now()))) {
      throw new ApiError(409, "stale_attempt", "Not the job's current attempt.");
    }
    return c.json({ ok: true });
  })
  .post("/jobs/:id/fail", validate("json", Failure), async (c) => {
    const job = await c.var.db.findJob(c.req.param("id"));
    if (!job) throw new ApiError(404, "not_found", "No such job.");
    const { encode_id, error } = c.req.valid("json");
    if (encode_id && job.encodeId !== encode_id)
      throw new ApiError(409, "stale_attempt", "Not the job's current attempt.");
    await c.var.db.failJob(job.id, error, Date.now());
    if (job.encodeId) await deletePrefix(c.env.MEDIA, encodePrefix(job.trackId, job.encodeId));
    return c.json({ ok: true });
  })
  .post("/jobs/:id/publish", validate("json", EncodeDescription), async (c) => {
    const job = await c.var.db.findJob(c.req.param("id"));
    if (!job) throw new ApiError(404, "not_found", "No such job.");
    await publishEncode(c.var.db, c.env.MEDIA, job, c.req.valid("json"), Date.now());
    return c.json({ ok: true, encode_id: c.req.valid("json").encode_id });
  })
  .get("/objects/:key{originals/.+}", async (c) => {
    const object = await c.env.MEDIA.get(c.req.param("key"));
    if (!object) throw new ApiError(404, "not_found", "No such original.");
    return new Response(object.body, {
      headers: { "content-type": "application/octet-stream", "content-length": String(object.size) },
    });
  })
  .put("/objects/:key{audio/.+}", async (c) => {
    const key = c.req.param("key");
    const match = RENDITION_OBJECT.exec(key);
    if (!match) throw new ApiError(400, "invalid_key", "Not a rendition object key.");
    const job = await c.var.db.findJobByEncodeId(match[2] as string);
    if (!job || job.trackId !== match[1] || job.status !== "running") {
      throw new ApiError(
        403,
        "not_current_attempt",
        "Objects can only be written for a running job's current encode.",
      );
    }
    const body = await c.req.arrayBuffer();
    if (body.byteLength === 0) throw new ApiError(400, "empty_object", "Refusing an empty object.");
    await c.env.MEDIA.put(key, body, {
      httpMetadata: { contentType: key.endsWith(".mp4") ? "audio/mp4" : "audio/iso.segment" },
    });
    return c.json({ ok: true, size: body.byteLength });
  })
  .get("/admin/tracks/:id/storage", async (c) => {
    // Operators' view of what R2 holds for a track: object counts per encode, and which one is live.
    const trackId = c.req.param("id");
    const details = await c.var.db.findTrackDetails(trackId);
    if (!details) throw new ApiError(404, "not_found", "No such track.");
    const encodes: Record<string, number> = {};
    let cursor: string | undefined;
    do {
      const page = await c.env.MEDIA.list({ prefix: `audio/${trackId}/`, cursor });
      for (const object of page.objects) {
        const encodeId = object.key.split("/")[2] as string;
        encodes[encodeId] = (encodes[encodeId] ?? 0) + 1;
      }
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
    return c.json({ track_id: trackId, current_encode_id: details.track.currentEncodeId, encodes });
  })
  .post("/admin/users", validate("json", UserAccess), async (c) => {
    const { email, ...change } = c.req.valid("json");
    const user = await c.var.db.updateUserAccess(email.trim().toLowerCase(), change);
    if (!user) throw new ApiError(404, "not_found", "No user with that email.");
    return c.json({ id: user.id, email: user.email, role: user.role, product: user.product });
  });

/** The upload probe's facts about the original, when the job has them all. */
async function sourceFacts(db: AppEnv["Variables"]["db"], job: JobRow) {
  const { sourceCodec, sourceSampleRate, sourceChannels, sourceBitDepth } = job;
  if (!sourceCodec || !sourceSampleRate || !sourceChannels || !sourceBitDepth) return null;
  const track = await db.findTrackDetails(job.trackId);
  return {
    codec: sourceCodec,
    duration_ms: track?.track.durationMs ?? 0,
    sample_rate: sourceSampleRate,
    channels: sourceChannels,
    bit_depth: sourceBitDepth,
  };
}
