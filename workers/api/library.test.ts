import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  bearer,
  call,
  expiredToken,
  json,
  newUser,
  ORIGIN,
  type Paging,
  seedPlayableTrack,
  seedUnpublishedTrack,
  type TestUser,
} from "../test/helpers.ts";

interface SavedTrack {
  added_at: string;
  track: {
    id: string;
    type: string;
    is_playable: boolean;
    available_markets?: string[];
    album: { id: string };
  };
}
interface ErrorJson {
  error: { status: number; code: string; message: string };
}

async function get<T>(user: TestUser, path: string): Promise<{ status: number; body: T }> {
  const res = await call(path, bearer(user.access_token));
  return { status: res.status, body: (await res.json()) as T };
}

/** PUT or DELETE with ids in the query (a string) or a JSON body (anything else). */
function write(user: TestUser, method: "PUT" | "DELETE", path: string, ids: string | unknown) {
  return typeof ids === "string"
    ? call(`${path}?ids=${ids}`, bearer(user.access_token, { method }))
    : call(path, bearer(user.access_token, json(ids, { method })));
}

/** Seeding playable tracks publishes real R2 objects: slow when the whole suite runs at once. */
const SLOW_MS = 20_000;

/** Lets the clock move on, so what is saved next is saved later. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

async function playableTracks(n: number) {
  const tracks = await Promise.all(
    Array.from({ length: n }, (_, i) => seedPlayableTrack({ title: `Track ${i}` })),
  );
  return tracks.map((track) => track.trackId);
}

async function createShow(owner: TestUser) {
  const res = await call(
    "/api/shows",
    bearer(
      owner.access_token,
      json({ name: `Show ${crypto.randomUUID()}`, publisher: `Publisher ${owner.id}` }),
    ),
  );
  expect(res.status).toBe(201);
  return ((await res.json()) as { show_id: string }).show_id;
}

describe("Liked Songs (/v1/me/tracks)", { timeout: SLOW_MS }, () => {
  it("saves by query, { ids } body and bare array body, and lists newest first with full track objects", async () => {
    const user = await newUser();
    const [a, b, c] = await playableTracks(3);
    expect((await write(user, "PUT", "/v1/me/tracks", a)).status).toBe(200);
    await tick();
    expect((await write(user, "PUT", "/v1/me/tracks", { ids: [b] })).status).toBe(200);
    await tick();
    expect((await write(user, "PUT", "/v1/me/tracks", [c])).status).toBe(200);

    const { status, body } = await get<Paging<SavedTrack>>(user, "/v1/me/tracks");
    expect(status).toBe(200);
    expect(body.items.map((item) => item.track.id)).toEqual([c, b, a]);
    expect(body).toMatchObject({ total: 3, limit: 20, offset: 0, next: null, previous: null });
    expect(body.href).toBe(`${ORIGIN}/v1/me/tracks?offset=0&limit=20`);
    const [newest] = body.items;
    expect(newest?.added_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(newest?.track).toMatchObject({
      id: c,
      type: "track",
      is_playable: true,
      uri: `cadenza:track:${c}`,
    });
    expect(Date.parse(body.items[0]?.added_at ?? "")).toBeGreaterThan(
      Date.parse(body.items[2]?.added_at ?? ""),
    );
  });

  it("keeps the first added_at when a track is saved again, and lists it once", async () => {
    const user = await newUser();
    const [a] = await playableTracks(1);
    await write(user, "PUT", "/v1/me/tracks", a);
    const first = (await get<Paging<SavedTrack>>(user, "/v1/me/tracks")).body.items[0]?.added_at;
    await tick();
    expect((await write(user, "PUT", "/v1/me/tracks", `${a},${a}`)).status).toBe(200);
    const again = (await get<Paging<SavedTrack>>(user, "/v1/me/tracks")).body;
    expect(again.total).toBe(1);
    expect(again.items[0]?.added_at).toBe(first);
  });

  it("pages with limit and offset", async () => {
    const user = await newUser();
    const ids = await playableTracks(3);
    for (const id of ids) {
      await write(user, "PUT", "/v1/me/tracks", id);
      await tick();
    }
    const first = (await get<Paging<SavedTrack>>(user, "/v1/me/tracks?limit=2")).body;
    expect(first.items.map((item) => item.track.id)).toEqual([ids[2], ids[1]]);
    expect(first.next).toBe(`${ORIGIN}/v1/me/tracks?limit=2&offset=2`);
    const second = (
      await get<Paging<SavedTrack>>(
        user,
        new URL(first.next as string).pathname + new URL(first.next as string).search,
      )
    ).body;
    expect(second.items.map((item) => item.track.id)).toEqual([ids[0]]);
    expect(second).toMatchObject({ total: 3, offset: 2, next: null });
    expect(second.previous).not.toBeNull();
    for (const bad of ["limit=0", "limit=51", "offset=-1", "limit=x"]) {
      expect((await get<ErrorJson>(user, `/v1/me/tracks?${bad}`)).status, bad).toBe(400);
    }
  });

  it("answers contains in the order asked, one boolean per id", async () => {
    const user = await newUser();
    const [a, b] = await playableTracks(2);
    await write(user, "PUT", "/v1/me/tracks", a);
    const { status, body } = await get<boolean[]>(
      user,
      `/v1/me/tracks/contains?ids=${b},nope,${a},${b},${a}`,
    );
    expect(status).toBe(200);
    expect(body).toEqual([false, false, true, false, true]);
  });

  it("skips ids that are not playable music and stores none of them", async () => {
    const user = await newUser();
    const [a] = await playableTracks(1);
    const unpublished = await seedUnpublishedTrack();
    const ad = await seedPlayableTrack({ advertiser: "Acme" });
    const ids = ["nope", unpublished.trackId, ad.trackId, a];
    expect((await write(user, "PUT", "/v1/me/tracks", ids.join(","))).status).toBe(200);
    expect((await get<boolean[]>(user, `/v1/me/tracks/contains?ids=${ids.join(",")}`)).body).toEqual([
      false,
      false,
      false,
      true,
    ]);
    const stored = await env.DB.prepare("SELECT item_id FROM library_items WHERE user_id = ?")
      .bind(user.id)
      .all();
    expect(stored.results).toEqual([{ item_id: a }]);
  });

  it("leaves out a track taken off the air but keeps it saved", async () => {
    const user = await newUser();
    const [a, b] = await playableTracks(2);
    await write(user, "PUT", "/v1/me/tracks", `${a},${b}`);
    await env.DB.prepare("UPDATE tracks SET current_encode_id = NULL WHERE id = ?").bind(a).run();
    const { body } = await get<Paging<SavedTrack>>(user, "/v1/me/tracks");
    expect(body.items.map((item) => item.track.id)).toEqual([b]);
    expect(body.total).toBe(1);
    expect((await get<boolean[]>(user, `/v1/me/tracks/contains?ids=${a}`)).body).toEqual([true]);
  });

  it("decides is_playable by market and hides available_markets when one is named", async () => {
    const user = await newUser({ country: "SE" });
    const german = await seedPlayableTrack({ markets: ",DE," });
    await write(user, "PUT", "/v1/me/tracks", german.trackId);
    const mine = (await get<Paging<SavedTrack>>(user, "/v1/me/tracks")).body.items[0]?.track;
    expect(mine?.is_playable).toBe(false);
    expect(mine?.available_markets).toEqual(["DE"]);
    const inGermany = (await get<Paging<SavedTrack>>(user, "/v1/me/tracks?market=de")).body.items[0]?.track;
    expect(inGermany?.is_playable).toBe(true);
    expect(inGermany?.available_markets).toBeUndefined();
    expect((await get<ErrorJson>(user, "/v1/me/tracks?market=XX1")).status).toBe(400);
  });

  it("removes by query or body, ignoring ids that were not saved", async () => {
    const user = await newUser();
    const [a, b, c] = await playableTracks(3);
    await write(user, "PUT", "/v1/me/tracks", `${a},${b},${c}`);
    expect((await write(user, "DELETE", "/v1/me/tracks", `${a},nope`)).status).toBe(200);
    expect((await write(user, "DELETE", "/v1/me/tracks", [b])).status).toBe(200);
    expect((await get<boolean[]>(user, `/v1/me/tracks/contains?ids=${a},${b},${c}`)).body).toEqual([
      false,
      false,
      true,
    ]);
  });

  it("refuses bad ids: too many, none, malformed JSON and unknown body fields (400, nothing saved)", async () => {
    const user = await newUser();
    const [a] = await playableTracks(1);
    const many = Array.from({ length: 51 }, (_, i) => `${a}${i}`);
    const cases: [string, Promise<Response>][] = [
      ["51 in the query", write(user, "PUT", "/v1/me/tracks", many.join(","))],
      ["51 in the body", write(user, "PUT", "/v1/me/tracks", { ids: many })],
      ["51 to delete", write(user, "DELETE", "/v1/me/tracks", many)],
      ["51 to check", call(`/v1/me/tracks/contains?ids=${many.join(",")}`, bearer(user.access_token))],
      ["empty ids", write(user, "PUT", "/v1/me/tracks", "")],
      ["no ids at all", call("/v1/me/tracks", bearer(user.access_token, { method: "PUT" }))],
      ["empty list", write(user, "PUT", "/v1/me/tracks", { ids: [] })],
      ["unknown field", write(user, "PUT", "/v1/me/tracks", { ids: [a], timestamped_ids: [] })],
      ["not strings", write(user, "PUT", "/v1/me/tracks", { ids: [1] })],
      [
        "malformed JSON",
        call(
          "/v1/me/tracks",
          bearer(user.access_token, {
            method: "PUT",
            headers: { "content-type": "application/json" },
            body: "{",
          }),
        ),
      ],
      ["contains without ids", call("/v1/me/tracks/contains", bearer(user.access_token))],
    ];
    for (const [name, response] of cases) {
      const res = await response;
      expect(res.status, name).toBe(400);
      expect(((await res.json()) as ErrorJson).error.status, name).toBe(400);
    }
    expect((await get<Paging<SavedTrack>>(user, "/v1/me/tracks")).body.total).toBe(0);
  });

  it("takes query ids beside an empty JSON body, as Spotify's SDK sends them", async () => {
    const user = await newUser();
    const [a] = await playableTracks(1);
    const res = await call(
      `/v1/me/tracks?ids=${a}`,
      bearer(user.access_token, { method: "PUT", headers: { "content-type": "application/json" } }),
    );
    expect(res.status).toBe(200);
    expect((await get<boolean[]>(user, `/v1/me/tracks/contains?ids=${a}`)).body).toEqual([true]);
  });
});

describe("saved albums and shows", { timeout: SLOW_MS }, () => {
  it("saves albums (at most 20 ids) and lists full album objects with their tracks", async () => {
    const user = await newUser();
    const first = await seedPlayableTrack({ albumName: "First Light" });
    await seedPlayableTrack({ artistId: first.artistId, albumName: "First Light", trackNumber: 2 });
    const second = await seedPlayableTrack({ albumName: "Second Wind" });
    const empty = await seedUnpublishedTrack({ albumName: "Not Yet" });
    await write(user, "PUT", "/v1/me/albums", [first.albumId]);
    await tick();
    await write(user, "PUT", "/v1/me/albums", `${second.albumId},${empty.albumId},nope`);
    const { body } = await get<Paging<{ added_at: string; album: Record<string, unknown> }>>(
      user,
      "/v1/me/albums",
    );
    expect(body.total).toBe(2);
    expect(body.items.map((item) => item.album.id)).toEqual([second.albumId, first.albumId]);
    expect(body.items[1]?.album).toMatchObject({
      id: first.albumId,
      type: "album",
      name: "First Light",
      total_tracks: 2,
      tracks: { total: 2, items: [{ track_number: 1 }, { track_number: 2 }] },
      artists: [{ id: first.artistId }],
    });
    expect(
      (await get<boolean[]>(user, `/v1/me/albums/contains?ids=${empty.albumId},${first.albumId}`)).body,
    ).toEqual([false, true]);
    const many = Array.from({ length: 21 }, (_, i) => `album${i}`).join(",");
    expect((await write(user, "PUT", "/v1/me/albums", many)).status).toBe(400);
    expect((await get<ErrorJson>(user, `/v1/me/albums/contains?ids=${many}`)).status).toBe(400);
    expect((await write(user, "DELETE", "/v1/me/albums", [first.albumId])).status).toBe(200);
    expect((await get<Paging<unknown>>(user, "/v1/me/albums")).body.total).toBe(1);
  });

  it("saves shows and lists simplified show objects; a music album is not a show", async () => {
    const owner = await newUser({ role: "artist" });
    const user = await newUser();
    const showId = await createShow(owner);
    const album = await seedPlayableTrack();
    await write(user, "PUT", "/v1/me/shows", `${showId},${album.albumId}`);
    const { body } = await get<Paging<{ added_at: string; show: Record<string, unknown> }>>(
      user,
      "/v1/me/shows",
    );
    expect(body.total).toBe(1);
    expect(body.items[0]?.show).toMatchObject({ id: showId, type: "show", uri: `cadenza:show:${showId}` });
    expect((await get<boolean[]>(user, `/v1/me/shows/contains?ids=${showId},${album.albumId}`)).body).toEqual(
      [true, false],
    );
    // Spotify's SDK removes shows with ids and market in the query.
    expect(
      (await call(`/v1/me/shows?ids=${showId}&market=SE`, bearer(user.access_token, { method: "DELETE" })))
        .status,
    ).toBe(200);
    expect((await get<Paging<unknown>>(user, "/v1/me/shows")).body.total).toBe(0);
  });
});

describe("library security", { timeout: SLOW_MS }, () => {
  it("keeps every user's library their own", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const [a] = await playableTracks(1);
    await write(alice, "PUT", "/v1/me/tracks", a);
    expect((await get<Paging<unknown>>(bob, "/v1/me/tracks")).body).toMatchObject({ total: 0, items: [] });
    expect((await get<boolean[]>(bob, `/v1/me/tracks/contains?ids=${a}`)).body).toEqual([false]);
    expect((await write(bob, "DELETE", "/v1/me/tracks", a)).status).toBe(200);
    expect((await get<boolean[]>(alice, `/v1/me/tracks/contains?ids=${a}`)).body).toEqual([true]);
    expect((await get<Paging<unknown>>(alice, "/v1/me/tracks")).body.total).toBe(1);
  });

  it("refuses anonymous callers and expired tokens (401) on every library and social route", async () => {
    const user = await newUser();
    const expired = await expiredToken(user);
    const routes: [string, string][] = [
      ["GET", "/v1/me/tracks"],
      ["PUT", "/v1/me/tracks?ids=x"],
      ["DELETE", "/v1/me/tracks?ids=x"],
      ["GET", "/v1/me/tracks/contains?ids=x"],
      ["GET", "/v1/me/albums"],
      ["PUT", "/v1/me/albums?ids=x"],
      ["GET", "/v1/me/shows/contains?ids=x"],
      ["DELETE", "/v1/me/shows?ids=x"],
      ["GET", "/v1/me/following?type=artist"],
      ["PUT", "/v1/me/following?type=artist&ids=x"],
      ["GET", "/v1/me/following/contains?type=artist&ids=x"],
      ["DELETE", "/v1/me/following?type=user&ids=x"],
      ["GET", "/v1/me/top/tracks"],
      ["GET", "/v1/me/top/artists"],
      ["GET", "/api/me/stats"],
      ["GET", `/v1/users/${user.id}`],
      ["GET", "/api/social/friend-activity"],
      ["GET", "/api/me/privacy"],
      ["PUT", "/api/me/privacy"],
      ["GET", "/api/me/notifications"],
      ["POST", "/api/me/notifications/read"],
    ];
    for (const [method, path] of routes) {
      const anonymous = await call(path, { method });
      expect(anonymous.status, `${method} ${path}`).toBe(401);
      expect(((await anonymous.json()) as ErrorJson).error.code).toBe("missing_token");
      const stale = await call(path, bearer(expired, { method }));
      expect(stale.status, `${method} ${path}`).toBe(401);
      expect(((await stale.json()) as ErrorJson).error.code).toBe("token_expired");
    }
  });
});
