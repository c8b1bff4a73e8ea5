import { Hono } from "hono";
import { etag } from "hono/etag";
import { z } from "zod";
import type { CatalogDb } from "../db/catalog-db.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { generateCoverSvg, IMAGE_KINDS, type ImageKind } from "../services/cover-art.ts";
import { validate } from "../validation.ts";

const ImageParams = z.object({ kind: z.enum(IMAGE_KINDS), id: z.string().min(1).max(64) });

/** A day: covers change rarely, and the ETag makes a stale one cheap to revalidate. */
const CACHE_CONTROL = "public, max-age=86400";

/** What a cover is drawn for: its name, and its embedded artwork in R2 if it has any. */
async function findImageSubject(
  db: CatalogDb,
  kind: ImageKind,
  id: string,
): Promise<{ name: string; coverKey: string | null } | null> {
  if (kind === "album" || kind === "show") {
    const album = await db.findAlbumById(id);
    const wanted = kind === "album" ? "music" : "podcast";
    return album?.kind === wanted ? { name: album.name, coverKey: album.coverKey } : null;
  }
  if (kind === "artist") {
    const artist = await db.findArtistById(id);
    return artist?.kind === "music" ? { name: artist.name, coverKey: null } : null;
  }
  const genre = await db.findBrowsableGenre(id);
  return genre ? { name: genre.name, coverKey: null } : null;
}

/**
 * `GET /api/images/{album|artist|show|category}/{id}`: the cover an object's `images` point
 * at. An album's or show's embedded artwork from ingest when it has one, else a generated SVG
 * (a gradient from the id, the name's initials), 640×640. Public, as image CDNs are: an `<img>`
 * cannot send a token. Cached for a day, with an ETag and 304 on revalidation.
 */
export const imagesApp = new Hono<AppEnv>()
  .use(etag())
  .get("/:kind/:id", validate("param", ImageParams), async (c) => {
    const { kind, id } = c.req.valid("param");
    const subject = await findImageSubject(c.var.db, kind, id);
    if (!subject) throw new ApiError(404, "not_found", `No ${kind} ${id} to draw a cover for.`);
    const artwork = subject.coverKey ? await c.env.MEDIA.get(subject.coverKey) : null;
    if (artwork) {
      return c.body(artwork.body, 200, {
        "content-type": artwork.httpMetadata?.contentType ?? "application/octet-stream",
        "cache-control": CACHE_CONTROL,
        "x-content-type-options": "nosniff",
        etag: artwork.httpEtag,
      });
    }
    return c.body(generateCoverSvg(id, subject.name), 200, {
      "content-type": "image/svg+xml; charset=utf-8",
      "cache-control": CACHE_CONTROL,
      // An SVG opened on its own runs in our origin: allow it nothing but its own styles.
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
      "x-content-type-options": "nosniff",
    });
  });
