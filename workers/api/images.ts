import { type Context, Hono } from "hono";
import { etag } from "hono/etag";
import { z } from "zod";
import type { CatalogDb } from "../db/catalog-db.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import {
  generateCoverSvg,
  IMAGE_KINDS,
  type ImageKind,
  type MosaicTile,
  mosaicSvg,
} from "../services/cover-art.ts";
import { verifyPlaylistCover } from "../stream/signing.ts";
import { validate } from "../validation.ts";

const ImageParams = z.object({ kind: z.enum(IMAGE_KINDS), id: z.string().min(1).max(64) });

const PlaylistCoverQuery = z.object({
  sig: z.string().max(100).optional(),
  v: z.string().max(64).optional(),
});

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
  .get("/playlist/:id", validate("query", PlaylistCoverQuery), async (c) => {
    const id = c.req.param("id");
    const details = await c.var.db.findPlaylist(id);
    const allowed =
      details &&
      (details.playlist.public ||
        (await verifyPlaylistCover(c.var.config.SIGNING_KEY, id, c.req.valid("query").sig)));
    if (!details || !allowed) throw new ApiError(404, "not_found", `No playlist ${id} to draw a cover for.`);
    const albums = await c.var.db.listPlaylistCoverAlbums(id, 4);
    if (albums.length === 0) return svg(c, generateCoverSvg(id, details.playlist.name));
    if (albums.length < 4) return albumCover(c, albums[0] as string);
    const tiles = await Promise.all(albums.map((albumId) => albumTile(c, albumId)));
    return svg(c, mosaicSvg(tiles));
  })
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
    return svg(c, generateCoverSvg(id, subject.name));
  });

function svg(c: Context<AppEnv>, body: string): Response {
  return c.body(body, 200, {
    "content-type": "image/svg+xml; charset=utf-8",
    "cache-control": CACHE_CONTROL,
    // An SVG opened on its own runs in our origin: allow it nothing but its own styles and embedded tiles.
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    "x-content-type-options": "nosniff",
  });
}

/** An album's cover as the album's own image URL serves it. */
async function albumCover(c: Context<AppEnv>, albumId: string): Promise<Response> {
  const tile = await albumTile(c, albumId);
  if (tile.type === "image/svg+xml") return svg(c, new TextDecoder().decode(tile.bytes));
  return c.body(tile.bytes.buffer as ArrayBuffer, 200, {
    "content-type": tile.type,
    "cache-control": CACHE_CONTROL,
    "x-content-type-options": "nosniff",
  });
}

/** An album's artwork from R2, else its generated cover. */
async function albumTile(c: Context<AppEnv>, albumId: string): Promise<MosaicTile> {
  const album = await c.var.db.findAlbumById(albumId);
  const artwork = album?.coverKey ? await c.env.MEDIA.get(album.coverKey) : null;
  if (artwork) {
    return {
      bytes: new Uint8Array(await artwork.arrayBuffer()),
      type: artwork.httpMetadata?.contentType ?? "image/jpeg",
    };
  }
  return {
    bytes: new TextEncoder().encode(generateCoverSvg(albumId, album?.name ?? "")),
    type: "image/svg+xml",
  };
}
