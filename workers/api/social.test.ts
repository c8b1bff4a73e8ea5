import { describe, expect, it } from "vitest";
import { bearer, call, json, newUser, ORIGIN, seedPlayableTrack, type TestUser } from "../test/helpers.ts";

interface Friend {
  user: { id: string; display_name: string; uri: string };
  track: {
    id: string;
    name: string;
    album: { id: string; name: string };
    artists: { name: string }[];
  } | null;
  context_uri: string | null;
  is_playing: boolean;
  timestamp: number | null;
}

async function get<T>(user: TestUser, path: string): Promise<{ status: number; body: T }> {
  const res = await call(path, bearer(user.access_token));
  return { status: res.status, body: (await res.json()) as T };
}

const follow = (user: TestUser, ids: string[]) =>
  call(`/v1/me/following?type=user&ids=${ids.join(",")}`, bearer(user.access_token, { method: "PUT" }));

const setSharing = (user: TestUser, body: unknown) =>
  call("/api/me/privacy", bearer(user.access_token, json(body, { method: "PUT" })));

async function deviceOf(user: TestUser) {
  const res = await call(
    "/api/player/devices",
    bearer(user.access_token, json({ name: "Phone", type: "smartphone" })),
  );
  return ((await res.json()) as { device_id: string }).device_id;
}

async function reportPlay(
  user: TestUser,
  trackId: string,
  playedAt: number,
  msPlayed = 60_000,
  context?: string,
) {
  const res = await call(
    "/api/playback/report",
    bearer(
      user.access_token,
      json({
        track_id: trackId,
        ms_played: msPlayed,
        device_id: await deviceOf(user),
        played_at: playedAt,
        context,
      }),
    ),
  );
  expect(res.status).toBe(202);
}

async function friends(user: TestUser) {
  const { status, body } = await get<{ friends: Friend[] }>(user, "/api/social/friend-activity");
  expect(status).toBe(200);
  return body.friends;
}

describe("GET /v1/users/{id}", { timeout: 20_000 }, () => {
  it("shows a public profile with its follower count and nothing private", async () => {
    const viewer = await newUser();
    const other = await newUser();
    const { status, body } = await get<Record<string, unknown>>(viewer, `/v1/users/${other.id}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      display_name: "Test Listener",
      external_urls: { cadenza: `${ORIGIN}/user/${other.id}` },
      followers: { href: null, total: 0 },
      href: `${ORIGIN}/v1/users/${other.id}`,
      id: other.id,
      images: [],
      type: "user",
      uri: `cadenza:user:${other.id}`,
    });
    await follow(viewer, [other.id]);
    expect(
      (await get<{ followers: { total: number } }>(viewer, `/v1/users/${other.id}`)).body.followers.total,
    ).toBe(1);
  });

  it("answers 404 for an unknown user and 401 without a token", async () => {
    const viewer = await newUser();
    const missing = await get<{ error: { status: number; code: string } }>(viewer, "/v1/users/nobody");
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ status: 404, code: "not_found" });
    expect((await call(`/v1/users/${viewer.id}`)).status).toBe(401);
  });
});

describe("friend activity", { timeout: 30_000 }, () => {
  it("shows what followed users play now or played last, most recent first, and hides those who stopped sharing", async () => {
    const me = await newUser();
    const [bob, carol, erin, frank, stranger] = await Promise.all([
      newUser(),
      newUser(),
      newUser(),
      newUser(),
      newUser(),
    ]);
    const heard = await seedPlayableTrack({ title: "Heard Earlier", albumName: "Earlier" });
    const playing = await seedPlayableTrack({ title: "On Now", albumName: "Now" });
    const now = Date.now();
    await reportPlay(bob, heard.trackId, now - 5 * 60_000, 60_000, `cadenza:album:${heard.albumId}`);
    // A listen under 30 s is not a play: Bob's last play stays the earlier one.
    await reportPlay(bob, playing.trackId, now - 60_000, 10_000);
    const carolDevice = await deviceOf(carol);
    const started = await call(
      `/v1/me/player/play?device_id=${carolDevice}`,
      bearer(carol.access_token, json({ uris: [`cadenza:track:${playing.trackId}`] }, { method: "PUT" })),
    );
    expect(started.status).toBe(204);
    await reportPlay(erin, heard.trackId, now - 60_000);
    await reportPlay(stranger, heard.trackId, now - 60_000);
    await follow(me, [bob.id, carol.id, erin.id, frank.id]);
    expect((await setSharing(erin, { share_activity: false })).status).toBe(200);

    const seen = await friends(me);
    expect(seen.map((friend) => friend.user.id)).toEqual([carol.id, bob.id, frank.id]);
    expect(seen[0]).toMatchObject({
      user: { id: carol.id, display_name: "Test Listener", uri: `cadenza:user:${carol.id}` },
      track: { id: playing.trackId, name: "On Now", album: { name: "Now" } },
      context_uri: null,
      is_playing: true,
    });
    expect(seen[0]?.timestamp).toBeLessThanOrEqual(Date.now());
    expect(seen[1]).toMatchObject({
      track: { id: heard.trackId, name: "Heard Earlier", album: { id: heard.albumId } },
      context_uri: `cadenza:album:${heard.albumId}`,
      is_playing: false,
      timestamp: now - 5 * 60_000,
    });
    expect(seen[1]?.track?.artists[0]?.name).toBe(`Artist ${heard.artistId}`);
    expect(seen[2]).toMatchObject({ track: null, context_uri: null, is_playing: false, timestamp: null });

    // Sharing again brings Erin back; Carol pausing leaves nothing playing (no counted play of hers).
    await setSharing(erin, { share_activity: true });
    await call("/v1/me/player/pause", bearer(carol.access_token, { method: "PUT" }));
    const later = await friends(me);
    expect(later.map((friend) => friend.user.id).slice(0, 2)).toEqual([erin.id, bob.id]);
    expect(
      later
        .slice(2)
        .map((friend) => friend.user.id)
        .sort(),
    ).toEqual([carol.id, frank.id].sort());
    expect(later.every((friend) => !friend.is_playing)).toBe(true);
  });

  it("is empty when following nobody, and needs a token", async () => {
    expect(await friends(await newUser())).toEqual([]);
    expect((await call("/api/social/friend-activity")).status).toBe(401);
  });
});

describe("/api/me/privacy", { timeout: 20_000 }, () => {
  it("shares activity by default and switches it with a strict body", async () => {
    const user = await newUser();
    expect((await get<unknown>(user, "/api/me/privacy")).body).toEqual({ share_activity: true });
    const off = await setSharing(user, { share_activity: false });
    expect(off.status).toBe(200);
    expect(await off.json()).toEqual({ share_activity: false });
    expect((await get<unknown>(user, "/api/me/privacy")).body).toEqual({ share_activity: false });
    for (const body of [{ share_activity: "no" }, { share_activity: true, public: true }, {}, [true]]) {
      expect((await setSharing(user, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await call("/api/me/privacy", bearer(user.access_token, { method: "PUT" }))).status).toBe(400);
    expect((await get<unknown>(user, "/api/me/privacy")).body).toEqual({ share_activity: false });
    expect((await call("/api/me/privacy")).status).toBe(401);
    expect((await call("/api/me/privacy", json({ share_activity: true }, { method: "PUT" }))).status).toBe(
      401,
    );
  });
});
