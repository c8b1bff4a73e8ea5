import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../ids.ts";
import { slug } from "../services/names.ts";
import {
  bearer,
  call,
  newUser,
  ORIGIN,
  type Paging,
  seedPlayableTrack,
  type TestUser,
} from "../test/helpers.ts";

interface TrackJson {
  id: string;
  name: string;
  is_playable: boolean;
  available_markets?: string[];
  album: Record<string, unknown> & { id: string };
}
interface AlbumJson {
  id: string;
  name: string;
  album_group?: string;
  total_tracks: number;
  available_markets?: string[];
  artists: { id: string }[];
  tracks: Paging<Record<string, unknown>>;
}

let listener: TestUser;
beforeAll(async () => {
  listener = await newUser({ country: "SE" });
});

async function get<T>(path: string, user: TestUser = listener): Promise<{ status: number; body: T }> {
  const res = await call(path, bearer(user.access_token));
  return { status: res.status, body: (await res.json()) as T };
}

/** Takes a published track off the air, as if its encode had never been published. */
async function unpublish(trackId: string) {
  await env.DB.prepare("UPDATE tracks SET current_encode_id = NULL WHERE id = ?").bind(trackId).run();
}

async function expectNotFound(path: string) {
  const { status, body } = await get<{ error: { status: number; code: string } }>(path);
  expect(status, path).toBe(404);
  expect(body.error).toMatchObject({ status: 404, code: "not_found" });
}

describe("GET /v1/tracks", () => {
  it("returns a Spotify track object whose album carries its cover and playable-track count", async () => {
    const first = await seedPlayableTrack({
      albumName: "Blue Hour",
      releaseDate: "2024-05-17",
      title: "Dusk",
    });
    await seedPlayableTrack({ artistId: first.artistId, albumName: "Blue Hour", trackNumber: 2 });
    const { status, body } = await get<TrackJson>(`/v1/tracks/${first.trackId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: first.trackId,
      type: "track",
      uri: `cadenza:track:${first.trackId}`,
      href: `${ORIGIN}/v1/tracks/${first.trackId}`,
      name: "Dusk",
      is_playable: true,
      external_ids: { isrc: "XXCDZ2600001" },
      artists: [{ id: first.artistId, type: "artist" }],
      album: {
        id: first.albumId,
        type: "album",
        name: "Blue Hour",
        total_tracks: 2,
        release_date: "2024-05-17",
        release_date_precision: "day",
        images: [{ url: `${ORIGIN}/api/images/album/${first.albumId}`, height: 640, width: 640 }],
        artists: [{ id: first.artistId }],
      },
    });
    expect(body.available_markets).toContain("SE");
  });

  it("answers an unknown, an unplayable and an ad's track with 404", async () => {
    const unplayable = await seedPlayableTrack();
    await unpublish(unplayable.trackId);
    const ad = await seedPlayableTrack({ advertiser: "Fizzy Cola" });
    for (const id of ["0000000000000000000000", unplayable.trackId, ad.trackId]) {
      await expectNotFound(`/v1/tracks/${id}`);
    }
    expect((await call(`/v1/tracks/${ad.trackId}`)).status).toBe(401);
  });

  it("answers several ids in the order asked, null where unknown, and caps them at 50", async () => {
    const a = await seedPlayableTrack();
    const b = await seedPlayableTrack();
    const ad = await seedPlayableTrack({ advertiser: "Fizzy Cola" });
    const { status, body } = await get<{ tracks: (TrackJson | null)[] }>(
      `/v1/tracks?ids=${a.trackId},nope,${b.trackId},${ad.trackId},${a.trackId}`,
    );
    expect(status).toBe(200);
    expect(body.tracks.map((t) => t?.id ?? null)).toEqual([a.trackId, null, b.trackId, null, a.trackId]);
    const tooMany = Array.from({ length: 51 }, () => newId()).join(",");
    const refused = await get<{ error: { code: string; message: string } }>(`/v1/tracks?ids=${tooMany}`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain("at most 50 ids");
    expect((await get(`/v1/tracks?ids=${tooMany.split(",").slice(1).join(",")}`)).status).toBe(200);
    expect((await get("/v1/tracks")).status).toBe(400);
    expect((await get("/v1/tracks?ids=,")).status).toBe(400);
  });

  it("decides is_playable for the market asked for, hiding available_markets as Spotify does", async () => {
    const german = await newUser({ country: "DE" });
    const { trackId } = await seedPlayableTrack({ markets: ",AT,DE," });
    const plain = await get<TrackJson>(`/v1/tracks/${trackId}`);
    expect(plain.body).toMatchObject({ is_playable: false, available_markets: ["AT", "DE"] });
    expect(plain.body.album.available_markets).toEqual(["AT", "DE"]);

    for (const [user, market, playable] of [
      [listener, "DE", true],
      [listener, "de", true],
      [listener, "US", false],
      [german, "from_token", true],
      [listener, "from_token", false],
    ] as const) {
      const { status, body } = await get<TrackJson>(`/v1/tracks/${trackId}?market=${market}`, user);
      expect(status).toBe(200);
      expect(body.is_playable, market).toBe(playable);
      expect(body).not.toHaveProperty("available_markets");
      expect(body.album).not.toHaveProperty("available_markets");
    }
    expect((await get(`/v1/tracks/${trackId}?market=XX`)).status).toBe(400);
    expect((await get(`/v1/tracks?ids=${trackId}&market=SWE`)).status).toBe(400);
  });
});

describe("GET /v1/albums", () => {
  it("returns the full album: first page of tracks in order, genres, label, popularity, images", async () => {
    const label = await newUser({ role: "artist" });
    const genre = `Dream Pop ${newId()}`;
    const one = await seedPlayableTrack({
      albumName: "Tidewater",
      releaseDate: "2023-04",
      genre,
      managedBy: label.id,
      title: "Second",
      trackNumber: 2,
      popularity: 40,
      markets: ",DE,",
    });
    const album = { artistId: one.artistId, albumName: "Tidewater" };
    await seedPlayableTrack({ ...album, title: "Third", trackNumber: 3, popularity: 25 });
    await seedPlayableTrack({ ...album, title: "First", trackNumber: 1, popularity: 10 });
    const hidden = await seedPlayableTrack({ ...album, title: "Not yet", trackNumber: 4, popularity: 90 });
    await unpublish(hidden.trackId);

    const { status, body } = await get<AlbumJson>(`/v1/albums/${one.albumId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: one.albumId,
      type: "album",
      album_type: "album",
      name: "Tidewater",
      total_tracks: 3,
      release_date: "2023-04",
      release_date_precision: "month",
      genres: [genre],
      label: "Test Listener",
      popularity: 40,
      copyrights: [],
      images: [{ url: `${ORIGIN}/api/images/album/${one.albumId}`, height: 640, width: 640 }],
      artists: [{ id: one.artistId }],
      tracks: {
        href: `${ORIGIN}/v1/albums/${one.albumId}/tracks?offset=0&limit=50`,
        total: 3,
        limit: 50,
        offset: 0,
        next: null,
        previous: null,
      },
    });
    // One track plays everywhere, so the album does.
    expect(body.available_markets).toContain("US");
    expect(body.tracks.items.map((t) => t.name)).toEqual(["First", "Second", "Third"]);
    expect(body.tracks.items[1]).toMatchObject({
      type: "track",
      is_playable: false,
      available_markets: ["DE"],
    });
    expect(body.tracks.items[0]).not.toHaveProperty("album");
  });

  it("calls a self-released album's label by the artist's name", async () => {
    const { albumId } = await seedPlayableTrack({ artistName: "Mara Quinn" });
    expect((await get<{ label: string }>(`/v1/albums/${albumId}`)).body.label).toBe("Mara Quinn");
  });

  it("pages an album's tracks with next and previous links that keep the market", async () => {
    const first = await seedPlayableTrack({ albumName: "Long Player", trackNumber: 1, markets: ",DE," });
    for (const trackNumber of [2, 3]) {
      await seedPlayableTrack({ artistId: first.artistId, albumName: "Long Player", trackNumber });
    }
    const path = `/v1/albums/${first.albumId}/tracks`;
    const page = (await get<Paging<TrackJson>>(`${path}?limit=2&market=DE`)).body;
    expect(page).toMatchObject({ limit: 2, offset: 0, total: 3, previous: null });
    expect(page.items.map((t) => t.is_playable)).toEqual([true, true]);
    expect(page.items[0]).not.toHaveProperty("available_markets");
    const next = new URL(page.next ?? "");
    expect(Object.fromEntries(next.searchParams)).toEqual({ limit: "2", offset: "2", market: "DE" });
    const last = (await get<Paging<TrackJson>>(`${next.pathname}${next.search}`)).body;
    expect(last).toMatchObject({ offset: 2, next: null });
    expect(last.items).toHaveLength(1);
    expect(new URL(last.previous ?? "").searchParams.get("offset")).toBe("0");
    for (const bad of ["limit=0", "limit=51", "offset=-1", "limit=ten"]) {
      expect((await get(`${path}?${bad}`)).status, bad).toBe(400);
    }
    await expectNotFound("/v1/albums/0000000000000000000000/tracks");
  });

  it("answers unknown, ad and trackless albums with 404, several ids in order, at most 20", async () => {
    const playable = await seedPlayableTrack();
    const trackless = await seedPlayableTrack();
    await unpublish(trackless.trackId);
    const ad = await seedPlayableTrack({ advertiser: "Fizzy Cola" });
    for (const id of ["0000000000000000000000", trackless.albumId, ad.albumId]) {
      await expectNotFound(`/v1/albums/${id}`);
    }
    const several = await get<{ albums: (AlbumJson | null)[] }>(
      `/v1/albums?ids=${ad.albumId},${playable.albumId},${trackless.albumId}`,
    );
    expect(several.body.albums.map((a) => a?.id ?? null)).toEqual([null, playable.albumId, null]);
    expect(several.body.albums[1]?.tracks.total).toBe(1);
    const ids = Array.from({ length: 21 }, () => playable.albumId);
    expect((await get(`/v1/albums?ids=${ids.join(",")}`)).status).toBe(400);
    expect((await get(`/v1/albums?ids=${ids.slice(1).join(",")}`)).status).toBe(200);
  });
});

describe("GET /v1/artists", () => {
  it("returns the full artist object with genres and an image; 404 for unknown and advertisers", async () => {
    const genre = `Trip Hop ${newId()}`;
    const { artistId } = await seedPlayableTrack({ artistName: "Kojo Mensah", genre });
    await env.DB.prepare("UPDATE artists SET popularity = 37 WHERE id = ?").bind(artistId).run();
    const { status, body } = await get(`/v1/artists/${artistId}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      external_urls: { cadenza: `${ORIGIN}/artist/${artistId}` },
      followers: { href: null, total: 0 },
      genres: [genre],
      href: `${ORIGIN}/v1/artists/${artistId}`,
      id: artistId,
      images: [{ url: `${ORIGIN}/api/images/artist/${artistId}`, height: 640, width: 640 }],
      name: "Kojo Mensah",
      popularity: 37,
      type: "artist",
      uri: `cadenza:artist:${artistId}`,
    });
    const advertiser = await seedPlayableTrack({ advertiser: "Fizzy Cola" });
    await expectNotFound(`/v1/artists/${advertiser.artistId}`);
    await expectNotFound("/v1/artists/0000000000000000000000");
    const several = await get<{ artists: ({ id: string } | null)[] }>(
      `/v1/artists?ids=${advertiser.artistId},${artistId}`,
    );
    expect(several.body.artists.map((a) => a?.id ?? null)).toEqual([null, artistId]);
    const tooMany = Array.from({ length: 51 }, () => artistId).join(",");
    expect((await get(`/v1/artists?ids=${tooMany}`)).status).toBe(400);
  });

  it("lists an artist's albums by include_groups, newest first, with album_group and paging", async () => {
    const lp = await seedPlayableTrack({ albumName: "LP", releaseDate: "2020-01-01", markets: ",DE," });
    const artistId = lp.artistId;
    await seedPlayableTrack({
      artistId,
      albumName: "Single",
      albumType: "single",
      releaseDate: "2021-06-01",
    });
    // A guest track on another artist's album makes that album `appears_on` for this artist.
    const guest = await seedPlayableTrack({ albumName: "Guest Spot", releaseDate: "2022-02-02" });
    await env.DB.prepare("UPDATE tracks SET artist_id = ? WHERE id = ?").bind(artistId, guest.trackId).run();
    const unreleased = await seedPlayableTrack({ artistId, albumName: "Unfinished", releaseDate: "2025" });
    await unpublish(unreleased.trackId);

    const path = `/v1/artists/${artistId}/albums`;
    const all = (await get<Paging<AlbumJson>>(path)).body;
    expect(all.total).toBe(3);
    expect(all.items.map((a) => [a.name, a.album_group])).toEqual([
      ["Guest Spot", "appears_on"],
      ["Single", "single"],
      ["LP", "album"],
    ]);
    expect(all.items[0]?.artists).toEqual([expect.objectContaining({ id: guest.artistId })]);
    expect(all.items[2]).toMatchObject({ total_tracks: 1, available_markets: ["DE"] });

    const own = (await get<Paging<AlbumJson>>(`${path}?include_groups=album,single`)).body;
    expect(own.items.map((a) => a.name)).toEqual(["Single", "LP"]);
    const guesting = (await get<Paging<AlbumJson>>(`${path}?include_groups=appears_on`)).body;
    expect(guesting.items.map((a) => a.name)).toEqual(["Guest Spot"]);

    const second = (await get<Paging<AlbumJson>>(`${path}?include_groups=album,single&limit=1&offset=1`))
      .body;
    expect(second).toMatchObject({ total: 2, next: null });
    expect(second.items.map((a) => a.name)).toEqual(["LP"]);
    expect(new URL(second.previous ?? "").searchParams.get("include_groups")).toBe("album,single");

    // With a market, only albums with a track playable there; their markets are not listed.
    const inUs = (await get<Paging<AlbumJson>>(`${path}?market=US`)).body;
    expect(inUs.items.map((a) => a.name)).toEqual(["Guest Spot", "Single"]);
    expect(inUs.items[0]).not.toHaveProperty("available_markets");

    expect((await get(`${path}?include_groups=album,mixtape`)).status).toBe(400);
    await expectNotFound("/v1/artists/0000000000000000000000/albums");
  });

  it("lists at most 10 top tracks, most played first, only those playable in a given market", async () => {
    const first = await seedPlayableTrack({ albumName: "Hits", popularity: 1, segments: 1, markets: ",DE," });
    const artistId = first.artistId;
    const rest = [];
    for (let popularity = 2; popularity <= 11; popularity++) {
      rest.push(await seedPlayableTrack({ artistId, albumName: "Hits", popularity, segments: 1 }));
    }
    // The least popular track is the most played.
    await env.DB.prepare("INSERT INTO track_plays (track_id, plays, last_played_at) VALUES (?, 5, 0)")
      .bind(first.trackId)
      .run();
    const byPopularity = rest.map((t) => t.trackId).reverse();

    const top = (await get<{ tracks: TrackJson[] }>(`/v1/artists/${artistId}/top-tracks`)).body.tracks;
    expect(top.map((t) => t.id)).toEqual([first.trackId, ...byPopularity.slice(0, 9)]);
    expect(top[0]).toMatchObject({ available_markets: ["DE"], album: { name: "Hits", total_tracks: 11 } });

    const inUs = (await get<{ tracks: TrackJson[] }>(`/v1/artists/${artistId}/top-tracks?market=US`)).body;
    expect(inUs.tracks.map((t) => t.id)).toEqual(byPopularity);
    expect(inUs.tracks[0]).not.toHaveProperty("available_markets");
    const inDe = (await get<{ tracks: TrackJson[] }>(`/v1/artists/${artistId}/top-tracks?market=DE`)).body;
    expect(inDe.tracks[0]).toMatchObject({ id: first.trackId, is_playable: true });
    await expectNotFound("/v1/artists/0000000000000000000000/top-tracks");
  });
});

describe("GET /v1/browse", () => {
  it("lists new releases newest first, leaving out ads and albums with nothing to play", async () => {
    const newest = await seedPlayableTrack({ albumName: "Tomorrow", releaseDate: "2999-03-01" });
    const older = await seedPlayableTrack({ albumName: "Yesterday", releaseDate: "2999-02" });
    await seedPlayableTrack({ advertiser: "Fizzy Cola", releaseDate: "3000-01-01" });
    const silent = await seedPlayableTrack({ albumName: "Silent", releaseDate: "2999-12-31" });
    await unpublish(silent.trackId);

    const { status, body } = await get<{ albums: Paging<AlbumJson> }>("/v1/browse/new-releases?limit=2");
    expect(status).toBe(200);
    expect(body.albums.items.map((a) => a.id)).toEqual([newest.albumId, older.albumId]);
    expect(body.albums.items[0]).toMatchObject({ type: "album", total_tracks: 1, name: "Tomorrow" });
    expect(body.albums.total).toBeGreaterThanOrEqual(2);
    expect(body.albums.total).toBeLessThanOrEqual(100);
    if (body.albums.total > 2) expect(body.albums.next).toContain("offset=2");
    const later = (await get<{ albums: Paging<AlbumJson> }>("/v1/browse/new-releases?limit=1&offset=1")).body;
    expect(later.albums.items.map((a) => a.id)).toEqual([older.albumId]);
    expect((await get("/v1/browse/new-releases?limit=100")).status).toBe(400);
  });

  it("lists genres with music as categories, never an ads-only genre", async () => {
    const genre = `Zydeco ${newId()}`;
    await seedPlayableTrack({ genre });
    const adGenre = `Jingles ${newId()}`;
    await seedPlayableTrack({ advertiser: "Fizzy Cola", genre: adGenre });
    const category = {
      href: `${ORIGIN}/v1/browse/categories/${slug(genre)}`,
      icons: [{ url: `${ORIGIN}/api/images/category/${slug(genre)}`, height: 640, width: 640 }],
      id: slug(genre),
      name: genre,
    };
    const list = (await get<{ categories: Paging<typeof category> }>("/v1/browse/categories?limit=50")).body;
    expect(list.categories).toMatchObject({ limit: 50, offset: 0 });
    expect(list.categories.items).toContainEqual(category);
    expect(list.categories.items.map((c) => c.name)).not.toContain(adGenre);
    expect((await get(`/v1/browse/categories/${slug(genre)}`)).body).toEqual(category);
    await expectNotFound(`/v1/browse/categories/${slug(adGenre)}`);
    await expectNotFound("/v1/browse/categories/no-such-genre");
  });
});
