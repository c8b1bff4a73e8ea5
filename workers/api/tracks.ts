import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { requireRole, requireUser } from "../middleware/auth.ts";
import { ingestTrack } from "../services/ingest/ingest-track.ts";
import { encodeMarkets } from "../services/markets.ts";
import { probeAudio } from "../services/transcoder-client.ts";
import { validate } from "../validation.ts";
import { pagingObject, trackObject } from "./shapes.ts";

/** Multipart framing allowance on top of the file itself, bytes. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

const Page = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const text = z.string().trim().min(1).max(200).optional();
const UploadForm = z.object({
  file: z.instanceof(File, { message: "attach the audio as a `file` part" }),
  title: text,
  artist: text,
  album: text,
  genre: z.string().trim().min(1).max(60).optional(),
  isrc: z
    .string()
    .trim()
    .toUpperCase()
    .transform((v) => v.replaceAll("-", ""))
    .pipe(z.string().regex(/^[A-Z]{2}[A-Z0-9]{3}\d{7}$/, "must be an ISRC like USRC17607839"))
    .optional(),
  explicit: z
    .enum(["true", "false", "1", "0"])
    .transform((v) => v === "true" || v === "1")
    .optional(),
  markets: z
    .string()
    .max(2000)
    .default("")
    .transform((value, ctx) => {
      try {
        return encodeMarkets(value);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return z.NEVER;
      }
    }),
  release_date: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "must be YYYY, YYYY-MM or YYYY-MM-DD")
    .optional(),
  track_number: z.coerce.number().int().min(1).max(999).optional(),
  disc_number: z.coerce.number().int().min(1).max(99).optional(),
});

/** Refuses bodies over the upload limit before reading them (413), whatever the framing. */
const uploadSizeLimit = createMiddleware<AppEnv>(async (c, next) => {
  const maxBytes = c.var.config.MAX_UPLOAD_BYTES;
  const tooLarge = () =>
    new ApiError(
      413,
      "payload_too_large",
      `The upload is larger than the ${Math.floor(maxBytes / 1048576)} MiB limit.`,
    );
  if (Number(c.req.header("content-length") ?? 0) > maxBytes + MULTIPART_OVERHEAD_BYTES) throw tooLarge();
  return bodyLimit({
    maxSize: maxBytes + MULTIPART_OVERHEAD_BYTES,
    onError: () => {
      throw tooLarge();
    },
  })(c, next);
});

/** `/api/tracks`: the playable catalogue, and uploads by artist and admin accounts. */
export const tracksApp = new Hono<AppEnv>()
  .get("/", requireUser, validate("query", Page), async (c) => {
    const { limit, offset } = c.req.valid("query");
    const url = new URL(c.req.url);
    const { items, total } = await c.var.db.listPlayableTracks({ limit, offset });
    return c.json(
      pagingObject(
        items.map((item) => trackObject(item, url.origin, c.var.user.country)),
        { href: `${url.origin}${url.pathname}`, limit, offset, total },
      ),
    );
  })
  .post("/", requireRole("artist", "admin"), uploadSizeLimit, async (c) => {
    if (!c.req.header("content-type")?.startsWith("multipart/form-data")) {
      throw new ApiError(
        400,
        "invalid_request",
        "Send the upload as multipart/form-data with a `file` part.",
      );
    }
    const form = UploadForm.safeParse(Object.fromEntries(await c.req.formData()));
    if (!form.success) {
      const detail = form.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new ApiError(400, "invalid_request", `Invalid upload: ${detail}`);
    }
    const { file, ...fields } = form.data;
    if (file.size > c.var.config.MAX_UPLOAD_BYTES) {
      throw new ApiError(413, "payload_too_large", "The file is larger than the upload limit.");
    }
    if (file.size === 0) throw new ApiError(422, "audio_empty", "The uploaded file is empty.");
    const result = await ingestTrack(
      {
        db: c.var.db,
        bucket: c.env.MEDIA,
        queue: c.env.TRANSCODE_QUEUE,
        probe: (bytes, filename) => probeAudio(c.env, c.var.config, bytes, filename),
        nowMs: Date.now(),
      },
      c.var.user,
      file,
      fields,
    );
    return c.json({ track_id: result.trackId, job_id: result.jobId }, 202);
  });
