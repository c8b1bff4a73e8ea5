import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import type { LyricsRow } from "../db/catalog-db.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { toUri } from "../ids.ts";
import { requireRole, requireUser } from "../middleware/auth.ts";
import {
  type LyricLine,
  type Lyrics,
  LyricsError,
  lyricsRow,
  parseLrc,
  parsePlainLyrics,
} from "../services/lyrics.ts";
import { validate } from "../validation.ts";

/** A string field read as lyrics by `parse`; a parse error becomes a validation issue (400). */
export function lyricsField(parse: (text: string) => Lyrics) {
  return z.string().transform((value, ctx): Lyrics => {
    try {
      return parse(value);
    } catch (err) {
      if (!(err instanceof LyricsError)) throw err;
      ctx.addIssue({ code: "custom", message: err.message });
      return z.NEVER;
    }
  });
}

const LyricsBody = z
  .object({
    lrc: lyricsField(parseLrc).optional(),
    text: lyricsField(parsePlainLyrics).optional(),
    language: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, "must be a BCP 47 language tag such as en or pt-BR")
      .max(35)
      .optional(),
  })
  .strict()
  .refine((body) => (body.lrc === undefined) !== (body.text === undefined), {
    message: "send exactly one of `lrc` (timed LRC) or `text` (plain lyrics)",
  });

/** Room for 64 KiB of lyrics however the JSON escapes them. */
const lyricsBodyLimit = bodyLimit({
  maxSize: 512 * 1024,
  onError: () => {
    throw new ApiError(413, "payload_too_large", "Lyrics may be at most 64 KiB.");
  },
});

/**
 * Lets through the account that manages the track's artist, or an admin: 404 for no such music
 * track, 403 for anyone else.
 */
const requireLyricsEditor = createMiddleware<AppEnv>(async (c, next) => {
  const trackId = c.req.param("id") ?? "";
  const details = await c.var.db.findTrackDetails(trackId);
  if (details?.track.kind !== "music") {
    throw new ApiError(404, "not_found", `No track ${toUri("track", trackId)}.`);
  }
  if (c.var.user.role !== "admin" && details.artist.managedBy !== c.var.user.id) {
    throw new ApiError(403, "track_not_yours", `"${details.artist.name}" is managed by another account.`);
  }
  await next();
});

function lyricsObject(row: LyricsRow) {
  return {
    track_id: row.trackId,
    synced: row.synced,
    language: row.language,
    lines: JSON.parse(row.lines) as LyricLine[],
  };
}

/**
 * Lyrics, mounted on `/api`: `GET /lyrics/{trackId}` for signed-in listeners (playable music
 * tracks only); `PUT` and `DELETE /tracks/{id}/lyrics` for the artist's managing account or an
 * admin. Lyrics are `{track_id, synced, language, lines: [{start_ms, text}]}`.
 */
export const lyricsApp = new Hono<AppEnv>()
  .get("/lyrics/:trackId", requireUser, async (c) => {
    const trackId = c.req.param("trackId");
    const [track] = await c.var.db.findPlayableTracks([trackId]);
    const lyrics = track ? await c.var.db.findLyrics(trackId) : null;
    if (!lyrics) throw new ApiError(404, "not_found", `No lyrics for ${toUri("track", trackId)}.`);
    return c.json(lyricsObject(lyrics));
  })
  .put(
    "/tracks/:id/lyrics",
    requireRole("artist", "admin"),
    requireLyricsEditor,
    lyricsBodyLimit,
    validate("json", LyricsBody),
    async (c) => {
      const { lrc, text, language } = c.req.valid("json");
      const lyrics = (lrc ?? text) as Lyrics;
      const row = lyricsRow(c.req.param("id"), lyrics, language ?? null, c.var.user.id, Date.now());
      await c.var.db.saveLyrics(row);
      return c.json(lyricsObject(row));
    },
  )
  .delete("/tracks/:id/lyrics", requireRole("artist", "admin"), requireLyricsEditor, async (c) => {
    const trackId = c.req.param("id");
    if (!(await c.var.db.deleteLyrics(trackId))) {
      throw new ApiError(404, "not_found", `${toUri("track", trackId)} has no lyrics.`);
    }
    return c.body(null, 204);
  });
