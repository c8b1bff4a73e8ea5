import { describe, expect, it } from "vitest";
import { bearer, call, json, newUser, seedPlayableTrack, type TestUser } from "../test/helpers.ts";

interface FollowedArtists {
  artists: {
    href: string;
    items: { id: string; type: string; followers: { href: null; total: number } }[];
    limit: number;
    next: string | null;
    cursors: { after: string | null };
    total: number;
  };
}

async function get<T>(user: TestUser, path: string): Promise<{ status: number; body: T }> {
  const res = await call(path, bearer(user.access_token));
  return { status: res.status, body: (await res.json()) as T };
}

const follow = (user: TestUser, type: string, ids: string, method: "PUT" | "DELETE" = "PUT") =>
  call(`/v1/me/following?type=${type}&ids=${ids}`, bearer(user.access_token, { method }));

const followersOfArtist = async (user: TestUser, id: string) =>
  (await get<{ followers: { total: number } }>(user, `/v1/artists/${id}`)).body.followers.total;

async function artists(n: number) {
  const tracks = await Promise.all(Array.from({ length: n }, () => seedPlayableTrack()));
  return tracks.map((track) => track.artistId);
}

/** Seeding playable tracks publishes real R2 objects: slow when the whole suite runs at once. */
const SLOW_MS = 20_000;

describe("following artists", { timeout: SLOW_MS }, () => {
  it("follows artists and pages them with Spotify's after cursor, in id order", async () => {
    const user = await newUser();
    const ids = (await artists(3)).sort();
    expect((await follow(user, "artist", ids.join(","))).status).toBe(204);
    const first = (await get<FollowedArtists>(user, "/v1/me/following?type=artist&limit=2")).body.artists;
    expect(first.items.map((artist) => artist.id)).toEqual(ids.slice(0, 2));
    expect(first).toMatchObject({ limit: 2, total: 3, cursors: { after: ids[1] } });
    expect(first.items[0]).toMatchObject({ type: "artist", followers: { href: null, total: 1 } });
    const next = new URL(first.next as string);
    expect(next.searchParams.get("after")).toBe(ids[1]);
    const second = (await get<FollowedArtists>(user, next.pathname + next.search)).body.artists;
    expect(second.items.map((artist) => artist.id)).toEqual([ids[2]]);
    expect(second).toMatchObject({ next: null, cursors: { after: null }, total: 3 });
  });

  it("counts followers in the artist object as users follow and unfollow", async () => {
    const [artist] = await artists(1);
    const alice = await newUser();
    const bob = await newUser();
    expect(await followersOfArtist(alice, artist as string)).toBe(0);
    await follow(alice, "artist", artist as string);
    await follow(bob, "artist", artist as string);
    await follow(bob, "artist", artist as string);
    expect(await followersOfArtist(alice, artist as string)).toBe(2);
    // Batch lookups and search report the same count.
    const several = (
      await get<{ artists: { followers: { total: number } }[] }>(alice, `/v1/artists?ids=${artist}`)
    ).body;
    expect(several.artists[0]?.followers.total).toBe(2);
    expect((await follow(bob, "artist", artist as string, "DELETE")).status).toBe(204);
    expect(await followersOfArtist(alice, artist as string)).toBe(1);
  });

  it("answers contains per id and skips names that are not browsable artists", async () => {
    const user = await newUser();
    const [artist] = await artists(1);
    const advertiser = (await seedPlayableTrack({ advertiser: "Acme" })).artistId;
    await follow(user, "artist", `${artist},${advertiser},nope`);
    const { body } = await get<boolean[]>(
      user,
      `/v1/me/following/contains?type=artist&ids=nope,${artist},${advertiser}`,
    );
    expect(body).toEqual([false, true, false]);
    expect((await get<FollowedArtists>(user, "/v1/me/following?type=artist")).body.artists.total).toBe(1);
  });

  it("takes ids in a JSON body as Spotify's SDK sends them", async () => {
    const user = await newUser();
    const [a, b] = await artists(2);
    const put = await call(
      "/v1/me/following?type=artist",
      bearer(user.access_token, json({ ids: [a, b] }, { method: "PUT" })),
    );
    expect(put.status).toBe(204);
    const del = await call(
      "/v1/me/following?type=artist",
      bearer(user.access_token, json({ ids: [a] }, { method: "DELETE" })),
    );
    expect(del.status).toBe(204);
    expect((await get<boolean[]>(user, `/v1/me/following/contains?type=artist&ids=${a},${b}`)).body).toEqual([
      false,
      true,
    ]);
  });

  it("refuses bad requests with 400", async () => {
    const user = await newUser();
    const many = Array.from({ length: 51 }, (_, i) => `a${i}`).join(",");
    const cases: [string, string, string][] = [
      ["GET", "/v1/me/following", "no type"],
      ["GET", "/v1/me/following?type=user", "users are not listed"],
      ["GET", "/v1/me/following?type=artist&limit=51", "limit"],
      ["PUT", "/v1/me/following?type=album&ids=x", "bad type"],
      ["PUT", `/v1/me/following?type=artist&ids=${many}`, "51 ids"],
      ["PUT", "/v1/me/following?type=artist", "no ids"],
      ["GET", "/v1/me/following/contains?type=artist", "contains without ids"],
      ["GET", `/v1/me/following/contains?type=user&ids=${many}`, "contains with 51 ids"],
    ];
    for (const [method, path, name] of cases) {
      const res = await call(path, bearer(user.access_token, { method }));
      expect(res.status, name).toBe(400);
    }
  });
});

describe("following users", { timeout: SLOW_MS }, () => {
  it("follows and unfollows users, counted in their profiles; never oneself", async () => {
    const alice = await newUser();
    const bob = await newUser();
    expect((await follow(alice, "user", `${bob.id},nobody`)).status).toBe(204);
    expect(
      (await get<boolean[]>(alice, `/v1/me/following/contains?type=user&ids=${bob.id},nobody`)).body,
    ).toEqual([true, false]);
    expect(
      (await get<{ followers: { total: number } }>(alice, `/v1/users/${bob.id}`)).body.followers.total,
    ).toBe(1);
    expect((await get<{ followers: { total: number } }>(bob, "/v1/me")).body.followers.total).toBe(1);
    // Bob's follows are his own: Alice following Bob is not Bob following Alice.
    expect((await get<boolean[]>(bob, `/v1/me/following/contains?type=user&ids=${alice.id}`)).body).toEqual([
      false,
    ]);

    const self = await follow(alice, "user", alice.id);
    expect(self.status).toBe(400);
    expect(((await self.json()) as { error: { code: string } }).error.code).toBe("cannot_follow_self");

    expect((await follow(alice, "user", bob.id, "DELETE")).status).toBe(204);
    expect(
      (await get<{ followers: { total: number } }>(alice, `/v1/users/${bob.id}`)).body.followers.total,
    ).toBe(0);
  });
});
