import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { ingestTrack, type UploadFields } from "../services/ingest/ingest-track.ts";
import { encodeMarkets } from "../services/markets.ts";
import { probeAudio } from "../services/transcoder-client.ts";

/** Multipart framing allowance on top of the file itself, bytes. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** An optional one-line text field of an upload form. */
export const formText = z.string().trim().min(1).max(200).optional();

/** The `file` part every upload carries. */
export const formFile = z.instanceof(File, { message: "attach the audio as a `file` part" });

/** A yes/no form field (`true|false|1|0`), optional. */
export const formFlag = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")
  .optional();

/** `markets`: comma-separated ISO codes, empty for everywhere; stored as `,AT,DE,` or null. */
export const formMarkets = z
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
  });

/** Refuses bodies over the upload limit before reading them (413), whatever the framing. */
export const uploadSizeLimit = createMiddleware<AppEnv>(async (c, next) => {
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

/** Reads a multipart upload against `form`; 400 with every problem named when it does not fit. */
export async function readUploadForm<T extends z.ZodType<{ file: File }>>(
  c: Context<AppEnv>,
  form: T,
): Promise<z.infer<T>> {
  if (!c.req.header("content-type")?.startsWith("multipart/form-data")) {
    throw new ApiError(400, "invalid_request", "Send the upload as multipart/form-data with a `file` part.");
  }
  const parsed = form.safeParse(Object.fromEntries(await c.req.formData()));
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ApiError(400, "invalid_request", `Invalid upload: ${detail}`);
  }
  const { file } = parsed.data as { file: File };
  if (file.size > c.var.config.MAX_UPLOAD_BYTES) {
    throw new ApiError(413, "payload_too_large", "The file is larger than the upload limit.");
  }
  if (file.size === 0) throw new ApiError(422, "audio_empty", "The uploaded file is empty.");
  return parsed.data;
}

/** Ingests an upload read by `readUploadForm` as the signed-in user: probe, rows, R2, transcode queue. */
export function ingestUpload(c: Context<AppEnv>, file: File, fields: UploadFields) {
  return ingestTrack(
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
}
