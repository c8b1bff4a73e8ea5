import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newId } from "../ids.ts";
import { generateCoverSvg } from "../services/cover-art.ts";
import { slug } from "../services/names.ts";
import { call, expectRejected, newUser, postUpload, seedPlayableTrack, wav } from "../test/helpers.ts";

/** A real 1×1 PNG. */
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);

async function albumOf(trackId: string) {
  return (await env.DB.prepare(
    "SELECT a.id, a.cover_key FROM tracks t JOIN albums a ON a.id = t.album_id WHERE t.id = ?",
  )
    .bind(trackId)
    .first()) as { id: string; cover_key: string | null };
}

describe("GET /api/images", () => {
  it("draws the same SVG cover every time for an album without artwork, publicly, with an ETag", async () => {
    const { albumId } = await seedPlayableTrack({ albumName: "Salt Glass" });
    const res = await call(`/api/images/album/${albumId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=86400");
    const svg = await res.text();
    expect(svg).toBe(generateCoverSvg(albumId, "Salt Glass"));
    expect(svg).toContain(">SG</text>");
    expect(await (await call(`/api/images/album/${albumId}`)).text()).toBe(svg);

    const etag = res.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    const revalidated = await call(`/api/images/album/${albumId}`, { headers: { "if-none-match": etag } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("cache-control")).toBe("public, max-age=86400");
    expect(await revalidated.text()).toBe("");
  });

  it("draws artists and categories too, each from its own name", async () => {
    const genre = `Sea Shanty ${newId()}`;
    const { artistId } = await seedPlayableTrack({ artistName: "Mara Quinn", genre });
    expect(await (await call(`/api/images/artist/${artistId}`)).text()).toBe(
      generateCoverSvg(artistId, "Mara Quinn"),
    );
    const category = slug(genre);
    expect(await (await call(`/api/images/category/${category}`)).text()).toContain(">SS</text>");
  });

  it("has no image for unknown things, ads, or an album asked for as a show (404), nor other kinds (400)", async () => {
    const music = await seedPlayableTrack();
    const ad = await seedPlayableTrack({ advertiser: "Fizzy Cola" });
    for (const path of [
      "album/0000000000000000000000",
      `album/${ad.albumId}`,
      `artist/${ad.artistId}`,
      `show/${music.albumId}`,
      "category/no-such-genre",
    ]) {
      const res = await call(`/api/images/${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ error: { status: 404, code: "not_found" } });
    }
    expect((await call(`/api/images/playlist/${music.albumId}`)).status).toBe(404);
    expect((await call(`/api/images/user/${music.albumId}`)).status).toBe(400);
  });

  it("serves the cover art embedded in an uploaded file as the new album's image", async () => {
    const artist = await newUser({ role: "artist" });
    const res = await postUpload(
      "/api/tracks",
      artist,
      wav({ cover: { bytes: PNG, mimeType: "image/png" } }),
      { artist: `Cover Band ${artist.id}`, album: "Painted" },
    );
    expect(res.status).toBe(202);
    const album = await albumOf(((await res.json()) as { track_id: string }).track_id);
    expect(album.cover_key).toBe(`covers/${album.id}`);
    const image = await call(`/api/images/album/${album.id}`);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(PNG);
    const etag = image.headers.get("etag") ?? "";
    expect(etag).not.toBe("");
    expect((await call(`/api/images/album/${album.id}`, { headers: { "if-none-match": etag } })).status).toBe(
      304,
    );
  });

  it("keeps no embedded picture that is not really a JPEG or PNG", async () => {
    const artist = await newUser({ role: "artist" });
    const gif = new TextEncoder().encode("GIF89a\x01\x00\x01\x00\x00\x00\x00;");
    const res = await postUpload(
      "/api/tracks",
      artist,
      wav({ cover: { bytes: gif, mimeType: "image/png" } }),
      {
        artist: `Gif Band ${artist.id}`,
        album: "Animated",
      },
    );
    expect(res.status).toBe(202);
    const album = await albumOf(((await res.json()) as { track_id: string }).track_id);
    expect(album.cover_key).toBeNull();
    expect((await call(`/api/images/album/${album.id}`)).headers.get("content-type")).toContain(
      "image/svg+xml",
    );
  });

  it("leaves no cover behind when an upload carrying one is refused", async () => {
    const owner = await newUser({ role: "artist" });
    const intruder = await newUser({ role: "artist" });
    expect((await postUpload("/api/tracks", owner, wav(), { artist: `Owned ${owner.id}` })).status).toBe(202);
    await expectRejected(
      postUpload("/api/tracks", intruder, wav({ cover: { bytes: PNG, mimeType: "image/png" } }), {
        artist: `Owned ${owner.id}`,
        album: "Stolen",
      }),
      403,
      "artist_not_yours",
    );
  });
});
