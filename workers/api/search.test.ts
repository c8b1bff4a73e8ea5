import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createD1CatalogDb } from "../db/d1-catalog-db.ts";
import { newId } from "../ids.ts";
import {
  bearer,
  call,
  newUser,
  publishSyntheticEncode,
  seedPlayableTrack,
  seedUnpublishedTrack,
  type TestUser,
} from "../test/helpers.ts";

interface Named {
  id: string;
  name: string;
}
interface Page<T = Named> {
  href: string;
  items: T[];
  limit: number;
  offset: number;
  total: number;
  next: string | null;
  previous: string | null;
}
type SearchBody = Partial<Record<"tracks" | "artists" | "albums" | "playlists" | "shows" | "episodes", Page>>;
interface Suggestion {
  type: string;
  text: string;
  id: string;
}

let listener: TestUser;
const ids: Record<string, string> = {};

const searchResponse = (params: Record<string, string>, user = listener) =>
  call(`/v1/search?${new URLSearchParams(params)}`, bearer(user.access_token));

async function search(params: Record<string, string>, user = listener): Promise<SearchBody> {
  const res = await searchResponse(params, user);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

async function trackNames(q: string, extra: Record<string, string> = {}): Promise<string[]> {
  return ((await search({ q, type: "track", ...extra })).tracks?.items ?? []).map((track) => track.name);
}

async function suggest(q: string, limit?: number): Promise<Suggestion[]> {
  const params = new URLSearchParams({ q, ...(limit && { limit: String(limit) }) });
  const res = await call(`/api/search/autocomplete?${params}`, bearer(listener.access_token));
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { suggestions: Suggestion[] }).suggestions;
}

async function expectBadRequest(path: string) {
  const res = await call(path, bearer(listener.access_token));
  expect(res.status, path).toBe(400);
  const body = (await res.json()) as { error: { status: number; code: string; message: string } };
  expect(body.error.status).toBe(400);
  expect(body.error.message).toBeTruthy();
}

/** A podcast show with no episodes (creating it indexes it for search). */
async function createShow(name: string) {
  const now = Date.now();
  const [publisherId, showId] = [newId(), newId()];
  const publisher = `${name} Network`;
  await createD1CatalogDb(env.DB).createShow({
    newArtist: {
      id: publisherId,
      name: publisher,
      nameKey: publisherId.toLowerCase(),
      popularity: 0,
      managedBy: null,
      kind: "podcast",
      createdAt: now,
    },
    album: {
      id: showId,
      name,
      nameKey: name.toLowerCase(),
      artistId: publisherId,
      albumType: "album",
      releaseDate: null,
      releaseDatePrecision: null,
      genreId: null,
      coverKey: null,
      kind: "podcast",
      createdAt: now,
    },
    show: { id: showId, publisher, description: "", explicit: false, languages: "en", createdAt: now },
  });
  return { showId, publisherId };
}

beforeAll(async () => {
  listener = await newUser({ country: "SE" });
  const seed = (options: Parameters<typeof seedPlayableTrack>[0]) =>
    seedPlayableTrack({ segments: 1, ...options });
  const shape = await seed({
    title: "Shape of You",
    artistName: "Ed Sheeran",
    albumName: "Divide",
    popularity: 90,
    releaseDate: "2017-03-03",
    genre: "Pop",
    isrc: "GBAHS1600463",
  });
  ids.shape = shape.trackId;
  ids.sheeran = shape.artistId;
  ids.divide = shape.albumId;
  ids.perfect = (
    await seed({ title: "Perfect", artistId: shape.artistId, albumName: "Divide", popularity: 85 })
  ).trackId;
  ids.acoustic = (
    await seed({
      title: "Shape of You (Acoustic)",
      artistName: "Cover Band",
      popularity: 30,
      releaseDate: "2018",
    })
  ).trackId;
  ids.ofYou = (await seed({ title: "Of You I Shape", artistName: "Hitmakers", popularity: 99 })).trackId;
  ids.tribute = (
    await seed({ title: "Tribute Medley", artistName: "Ed Sheeran Tribute", popularity: 10 })
  ).artistId;
  ids.halo = (
    await seed({
      title: "Halo",
      artistName: "Beyoncé",
      albumName: "I Am... Sasha Fierce",
      popularity: 80,
      releaseDate: "2008",
      genre: "R&B",
    })
  ).trackId;
  ids.cafe = (
    await seed({ title: "Cafe del Mar", artistName: "Energy 52", popularity: 40, releaseDate: "1993" })
  ).trackId;
  ids.dont = (
    await seed({ title: "Don't Stop Me Now", artistName: "Queen", popularity: 70, releaseDate: "1978" })
  ).trackId;
  ids.night = (
    await seed({
      title: "Night Drive",
      artistName: "Synth Riders",
      albumName: "Perfect Strangers",
      popularity: 20,
    })
  ).trackId;
  ids.smap = (
    await seed({ title: "夜空ノムコウ", artistName: "SMAP", popularity: 60, releaseDate: "1998" })
  ).trackId;
  ids.sauna = (
    await seed({ title: "Sauna Lullaby", artistName: "Löyly", popularity: 15, markets: ",FI," })
  ).trackId;
  for (const n of [1, 2, 3, 4, 5]) {
    await seed({ title: `Pagination Anthem ${n}`, artistName: "Pager", popularity: 50 - n });
  }
  await seed({ title: "Zeta Jingle", advertiser: "Zeta Cola" });
});

describe("GET /v1/search relevance", () => {
  it("puts the exact title of a popular track first, above partial and less popular matches", async () => {
    const body = await search({ q: "shape of you", type: "track" });
    const found = body.tracks?.items.map((track) => track.id) ?? [];
    expect(found[0]).toBe(ids.shape);
    expect(found).toEqual(expect.arrayContaining([ids.acoustic, ids.ofYou]));
  });

  it("answers an artist query with that artist first, then the near namesakes", async () => {
    const body = await search({ q: "ed sheeran", type: "artist,track" });
    expect(body.artists?.items.map((artist) => artist.id)).toEqual([ids.sheeran, ids.tribute]);
    expect(body.artists?.items[0]).toMatchObject({ type: "artist", name: "Ed Sheeran", genres: ["Pop"] });
    expect(body.tracks?.items.slice(0, 2).map((track) => track.name)).toEqual(["Shape of You", "Perfect"]);
  });

  it("matches words as they are typed, by prefix", async () => {
    expect(await trackNames("shape of yo")).toContain("Shape of You");
    expect((await trackNames("perf"))[0]).toBe("Perfect");
  });

  it("answers only the asked types, as Spotify objects in paging objects", async () => {
    const body = await search({ q: "divide", type: "album,playlist,show,episode" });
    expect(Object.keys(body).sort()).toEqual(["albums", "episodes", "playlists", "shows"]);
    expect(body.albums?.items[0]).toMatchObject({
      id: ids.divide,
      name: "Divide",
      type: "album",
      total_tracks: 2,
      artists: [{ id: ids.sheeran, name: "Ed Sheeran" }],
    });
    for (const key of ["playlists", "shows", "episodes"] as const) {
      expect(body[key]).toMatchObject({ items: [], total: 0, next: null });
    }
  });
});

describe("GET /v1/search field filters", () => {
  it("artist: keeps the tracks of artists with those words in their name", async () => {
    expect(await trackNames("artist:beyonce")).toEqual(["Halo"]);
    expect(await trackNames('artist:"ed sheeran"')).toEqual(["Shape of You", "Perfect", "Tribute Medley"]);
    expect(await trackNames("artist:sheeran shape")).toEqual(["Shape of You"]);
  });

  it("album: keeps one album's tracks, and finds the album itself", async () => {
    expect((await trackNames("album:divide")).sort()).toEqual(["Perfect", "Shape of You"]);
    const body = await search({ q: 'album:"perfect strangers"', type: "album,artist" });
    expect(body.albums?.items.map((album) => album.name)).toEqual(["Perfect Strangers"]);
    expect(body.artists?.total).toBe(0);
  });

  it("track: matches titles only, and only tracks", async () => {
    expect(await trackNames("track:perfect")).toEqual(["Perfect"]);
    const body = await search({ q: "track:perfect", type: "album" });
    expect(body.albums?.total).toBe(0);
  });

  it("year: takes a year or a range", async () => {
    expect(await trackNames("shape year:2017")).toEqual(["Shape of You"]);
    expect((await trackNames("shape year:2010-2019")).sort()).toEqual([
      "Shape of You",
      "Shape of You (Acoustic)",
    ]);
    expect(await trackNames("year:1990-1999 cafe")).toEqual(["Cafe del Mar"]);
    expect(await trackNames("halo year:1990-1999")).toEqual([]);
  });

  it("genre: matches the album's or the artist's genre", async () => {
    expect(await trackNames("genre:r&b")).toEqual(["Halo"]);
    expect(await trackNames("genre:pop shape")).toEqual(["Shape of You"]);
  });

  it("isrc: finds exactly one recording, hyphens or not", async () => {
    expect(await trackNames("isrc:GBAHS1600463")).toEqual(["Shape of You"]);
    expect(await trackNames("isrc:gb-ahs-16-00463")).toEqual(["Shape of You"]);
    expect(await trackNames("isrc:GBAHS1600463 isrc:GB-AHS-16-00463")).toEqual(["Shape of You"]);
    expect(await trackNames("isrc:GBAHS1600463 isrc:GBAHS1600464")).toEqual([]);
  });

  it("rejects a malformed year and the filters Cadenza lacks with 400", async () => {
    await expectBadRequest(`/v1/search?${new URLSearchParams({ q: "year:nineties", type: "track" })}`);
    await expectBadRequest(`/v1/search?${new URLSearchParams({ q: "tag:new", type: "album" })}`);
  });
});

describe("GET /v1/search matching", () => {
  it("folds diacritics both ways", async () => {
    expect(await trackNames("beyonce halo")).toEqual(["Halo"]);
    expect(await trackNames("BEYONCÉ")).toEqual(["Halo"]);
    expect(await trackNames("café del mar")).toEqual(["Cafe del Mar"]);
    expect(await trackNames("loyly")).toEqual(["Sauna Lullaby"]);
  });

  it("finds a name with an apostrophe written with, without or as a space", async () => {
    for (const q of ["don't stop me now", "dont stop", "don’t", "don t stop"]) {
      expect(await trackNames(q), q).toEqual(["Don't Stop Me Now"]);
    }
  });

  it("forgives one typo in a longer word", async () => {
    expect(await trackNames("beyonse")).toEqual(["Halo"]);
    expect((await trackNames("perfcet"))[0]).toBe("Perfect");
    expect(await trackNames("sheeeran shape")).toEqual(["Shape of You"]);
  });

  it("finds a CJK title by its start and by a two- or three-character substring", async () => {
    expect(await trackNames("夜空")).toEqual(["夜空ノムコウ"]);
    expect(await trackNames("ノム")).toEqual(["夜空ノムコウ"]);
    expect(await trackNames("空ノム")).toEqual(["夜空ノムコウ"]);
    expect(await trackNames("ムコウ")).toEqual(["夜空ノムコウ"]);
    expect(await trackNames("ムコ夜")).toEqual([]);
  });

  it("never finds an ad", async () => {
    const body = await search({ q: "zeta", type: "track,artist,album" });
    expect([body.tracks?.total, body.artists?.total, body.albums?.total]).toEqual([0, 0, 0]);
  });

  it("makes a track findable once its encode is published, its artist with it", async () => {
    const { trackId, jobId } = await seedUnpublishedTrack({
      title: "Quasar Lullaby",
      artistName: "The Quasar Unpublished",
      popularity: 50,
    });
    const before = await search({ q: "quasar", type: "track,artist" });
    expect([before.tracks?.total, before.artists?.total]).toEqual([0, 0]);
    await publishSyntheticEncode(trackId, jobId, [10_000], ["low"]);
    // Another spelling of the query: the one above is in the edge cache for five minutes.
    const after = await search({ q: "quasar unpublished", type: "track,artist" });
    expect(after.tracks?.items.map((track) => track.id)).toEqual([trackId]);
    expect(after.artists?.items.map((artist) => artist.name)).toEqual(["The Quasar Unpublished"]);
  });
});

describe("GET /v1/search podcasts", () => {
  it("finds an indexed show, and an episode once published, as Spotify show and episode objects", async () => {
    const show = await createShow("Quiet Hours Radio");
    const shows = await search({ q: "quiet hours", type: "show,artist" });
    expect(shows.shows?.items).toEqual([
      expect.objectContaining({
        id: show.showId,
        name: "Quiet Hours Radio",
        type: "show",
        total_episodes: 0,
      }),
    ]);
    expect(shows.artists?.total).toBe(0);
    const { trackId, jobId } = await seedUnpublishedTrack({ title: "Midnight Tides", episodeOf: show });
    expect((await search({ q: "midnight tides", type: "episode" })).episodes?.total).toBe(0);
    await publishSyntheticEncode(trackId, jobId, [10_000], ["low"]);
    const found = await search({ q: "tides midnight", type: "episode,track" });
    expect(found.episodes?.items).toEqual([
      expect.objectContaining({
        id: trackId,
        name: "Midnight Tides",
        type: "episode",
        release_date: "2026-01-15",
      }),
    ]);
    expect(found.tracks?.total).toBe(0);
  });
});

describe("GET /v1/search markets", () => {
  it("leaves out tracks not licensed in the market asked for", async () => {
    expect(await trackNames("sauna", { market: "SE" })).toEqual([]);
    expect(await trackNames("sauna", { market: "fi" })).toEqual(["Sauna Lullaby"]);
    expect(await trackNames("sauna lullaby")).toEqual(["Sauna Lullaby"]);
  });

  it("uses the listener's country for market=from_token", async () => {
    const finn = await newUser({ country: "FI" });
    const inFinland = await search({ q: "lullaby sauna", type: "track", market: "from_token" }, finn);
    expect(inFinland.tracks?.items.map((track) => track.name)).toEqual(["Sauna Lullaby"]);
    const inSweden = await search({ q: "lullaby sauna", type: "track", market: "from_token" });
    expect(inSweden.tracks?.total).toBe(0);
  });

  it("tells whether a found track plays in the market, and hides market lists then", async () => {
    const body = await search({ q: "halo", type: "track", market: "SE" });
    expect(body.tracks?.items[0]).toMatchObject({ name: "Halo", is_playable: true });
    expect(body.tracks?.items[0]).not.toHaveProperty("available_markets");
  });
});

describe("GET /v1/search paging and bad input", () => {
  it("pages with limit and offset and links the pages", async () => {
    const first = await search({ q: "pagination anthem", type: "track", limit: "2" });
    expect(first.tracks?.items.map((track) => track.name)).toEqual([
      "Pagination Anthem 1",
      "Pagination Anthem 2",
    ]);
    expect(first.tracks).toMatchObject({ total: 5, limit: 2, offset: 0, previous: null });
    const next = new URL(first.tracks?.next as string);
    expect(Object.fromEntries(next.searchParams)).toMatchObject({ type: "track", offset: "2", limit: "2" });
    const last = await search(Object.fromEntries(next.searchParams.entries()) as Record<string, string>);
    expect(last.tracks?.items.map((track) => track.name)).toEqual([
      "Pagination Anthem 3",
      "Pagination Anthem 4",
    ]);
    const end = await search({ q: "pagination anthem", type: "track", limit: "2", offset: "4" });
    expect(end.tracks).toMatchObject({ total: 5, next: null });
    expect(end.tracks?.items.map((track) => track.name)).toEqual(["Pagination Anthem 5"]);
    expect(new URL(end.tracks?.previous as string).searchParams.get("offset")).toBe("2");
  });

  it("accepts limit 0..50 and offset 0..1000 and nothing outside", async () => {
    const none = await search({ q: "pagination", type: "track", limit: "0" });
    expect(none.tracks).toMatchObject({ items: [], total: 5, next: null, previous: null });
    const far = await search({ q: "pagination", type: "track", offset: "1000", limit: "50" });
    expect(far.tracks).toMatchObject({ items: [], total: 5 });
    for (const [name, value] of [
      ["limit", "51"],
      ["limit", "-1"],
      ["limit", "ten"],
      ["offset", "1001"],
      ["offset", "-5"],
    ]) {
      await expectBadRequest(
        `/v1/search?${new URLSearchParams({ q: "x", type: "track", [name as string]: value as string })}`,
      );
    }
  });

  it("rejects an empty, blank or over-long q, and a missing or unknown type, with 400", async () => {
    const bad: Record<string, string>[] = [
      { type: "track" },
      { q: "", type: "track" },
      { q: "   ", type: "track" },
      { q: "a".repeat(251), type: "track" },
      { q: "halo" },
      { q: "halo", type: "" },
      { q: "halo", type: "track,audiobook" },
      { q: "halo", type: "track", market: "XX" },
    ];
    for (const params of bad) await expectBadRequest(`/v1/search?${new URLSearchParams(params)}`);
    expect((await searchResponse({ q: ` ${"a".repeat(250)} `, type: "track" })).status).toBe(200);
  });

  it("answers the longest queries, however many words and filters they hold", async () => {
    const upTo250 = (parts: string[]) => {
      let q = "";
      for (const part of parts) if (q.length + part.length + 1 <= 250) q = `${q} ${part}`.trim();
      return q;
    };
    const isrcs = Array.from({ length: 40 }, () => "isrc:GBAHS1600463");
    const queries = [
      upTo250(["shape of you", ...isrcs]),
      upTo250([
        "shape",
        "sheeran",
        "divide",
        "castle",
        "galway",
        "perfect",
        "photograph",
        "year:2010-2020",
        ...isrcs,
      ]),
      upTo250(Array.from({ length: 125 }, (_, i) => String.fromCharCode(97 + (i % 26)))),
      upTo250(Array.from({ length: 40 }, (_, i) => `word${i}x`)),
    ];
    for (const q of queries) {
      expect(q.length).toBeGreaterThan(240);
      const asked: Record<string, string>[] = [
        { q, type: "track,artist,album" },
        { q, type: "track", market: "US", offset: "1000", limit: "50" },
      ];
      for (const params of asked) {
        const response = await searchResponse(params);
        expect(response.status, `${q.slice(0, 60)}…`).toBe(200);
      }
    }
  });

  it("needs an access token", async () => {
    expect((await call("/v1/search?q=halo&type=track")).status).toBe(401);
  });
});

describe("GET /v1/search injection attempts", () => {
  it("reads FTS syntax, quotes and SQL in q as plain text", async () => {
    expect(await trackNames('"shape of you"')).toEqual(["Shape of You", "Shape of You (Acoustic)"]);
    expect(await trackNames("halo*")).toEqual(["Halo"]);
    expect(await trackNames("halo')--")).toEqual(["Halo"]);
    expect(await trackNames("-acoustic shape")).toEqual(["Shape of You (Acoustic)"]);
    expect(await trackNames("perfect OR halo")).toEqual([]);
    expect(await trackNames("NEAR(perfect halo)")).toEqual([]);
    expect(await trackNames('halo" OR "1"="1')).toEqual([]);
    for (const q of ['"', "*", "NEAR(", "OR", "-", "')--", "; DROP TABLE tracks", "{name}: halo ^"]) {
      expect((await searchResponse({ q, type: "track,artist,album" })).status, q).toBe(200);
    }
    expect(await trackNames("halo; DROP TABLE tracks")).toEqual([]);
    const { n } = (await env.DB.prepare("SELECT count(*) AS n FROM tracks").first<{ n: number }>()) as {
      n: number;
    };
    expect(n).toBeGreaterThan(10);
  });
});

describe("GET /api/search/autocomplete", () => {
  it("suggests from the first character, mixed kinds, most popular first", async () => {
    const suggestions = await suggest("s");
    expect(suggestions.slice(0, 4)).toEqual([
      { type: "song", text: "Of You I Shape", id: ids.ofYou },
      // As popular as its best track: the artist comes first.
      { type: "artist", text: "Ed Sheeran", id: ids.sheeran },
      { type: "song", text: "Shape of You", id: ids.shape },
      { type: "album", text: "I Am... Sasha Fierce", id: expect.any(String) },
    ]);
    expect(suggestions.map((s) => s.text)).toEqual(expect.arrayContaining(["SMAP", "Synth Riders"]));
  });

  it("matches the start of any word of a name, not the middle of one", async () => {
    expect((await suggest("you")).map((s) => s.text)).toContain("Shape of You");
    expect((await suggest("hape")).map((s) => s.text)).not.toContain("Shape of You");
    expect((await suggest("shape of y")).map((s) => s.text)).toEqual([
      "Shape of You",
      "Shape of You (Acoustic)",
    ]);
  });

  it("names albums and leaves out songs not licensed in the listener's country", async () => {
    expect(await suggest("divi")).toEqual([{ type: "album", text: "Divide", id: ids.divide }]);
    expect((await suggest("sauna")).map((s) => s.type)).toEqual([]);
    expect((await suggest("löy")).map((s) => s.text)).toEqual(["Löyly"]);
  });

  it("returns at most limit suggestions (1..20) and rejects bad input with 400", async () => {
    expect(await suggest("pagination", 2)).toHaveLength(2);
    const bad: Record<string, string>[] = [
      { q: "" },
      { q: "  " },
      { q: "a".repeat(251) },
      { q: "s", limit: "0" },
      { q: "s", limit: "21" },
    ];
    for (const params of bad)
      await expectBadRequest(`/api/search/autocomplete?${new URLSearchParams(params)}`);
  });
});

describe("search edge cache", () => {
  it("serves a repeated search, however it is spelled, from the cache", async () => {
    const first = await searchResponse({ q: "perfect strangers night", type: "track" });
    expect(first.headers.get("x-cache")).toBe("miss");
    const firstBody = await first.json();
    await expect
      .poll(async () =>
        (await searchResponse({ q: "  PERFECT strangers   night", type: "track" })).headers.get("x-cache"),
      )
      .toBe("hit");
    const again = await searchResponse({ q: "Perfect Strangers Night", type: "track" });
    expect(await again.json()).toEqual(firstBody);
    const otherMarket = await searchResponse({ q: "perfect strangers night", type: "track", market: "SE" });
    expect(otherMarket.headers.get("x-cache")).toBe("miss");
  });

  it("caches autocomplete per normalised prefix", async () => {
    const res = (q: string) =>
      call(`/api/search/autocomplete?q=${encodeURIComponent(q)}`, bearer(listener.access_token));
    expect((await res("night dr")).headers.get("x-cache")).toBe("miss");
    await expect.poll(async () => (await res("NIGHT   Dr")).headers.get("x-cache")).toBe("hit");
  });
});
