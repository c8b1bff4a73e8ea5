import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../env.ts";
import { requireRole, requireUser } from "../middleware/auth.ts";
import { parseLyrics } from "../services/lyrics.ts";
import { pageQuery, validate } from "../validation.ts";
import { lyricsField } from "./lyrics.ts";
import { pagingObject, trackObject } from "./shapes.ts";
import {
  formFile,
  formFlag,
  formMarkets,
  formText,
  ingestUpload,
  readUploadForm,
  uploadSizeLimit,
} from "./uploads.ts";

const UploadForm = z.object({
  file: formFile,
  title: formText,
  artist: formText,
  album: formText,
  genre: z.string().trim().min(1).max(60).optional(),
  isrc: z
    .string()
    .trim()
    .toUpperCase()
    .transform((v) => v.replaceAll("-", ""))
    .pipe(z.string().regex(/^[A-Z]{2}[A-Z0-9]{3}\d{7}$/, "must be an ISRC like USRC17607839"))
    .optional(),
  explicit: formFlag,
  markets: formMarkets,
  release_date: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "must be YYYY, YYYY-MM or YYYY-MM-DD")
    .optional(),
  track_number: z.coerce.number().int().min(1).max(999).optional(),
  disc_number: z.coerce.number().int().min(1).max(99).optional(),
  /** LRC when it has timestamps, else plain lyrics. */
  lyrics: lyricsField(parseLyrics).optional(),
});

/** `/api/tracks`: the playable catalogue, and uploads by artist and admin accounts. */
export const tracksApp = new Hono<AppEnv>()
  .get("/", requireUser, validate("query", pageQuery), async (c) => {
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
    const { file, ...fields } = await readUploadForm(c, UploadForm);
    const result = await ingestUpload(c, file, fields);
    return c.json({ track_id: result.trackId, job_id: result.jobId }, 202);
  });
