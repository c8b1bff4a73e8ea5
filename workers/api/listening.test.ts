import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  call,
  json,
  newUser,
  seedPlayableEpisode,
  seedPlayableTrack,
  type TestUser,
} from "../test/helpers.ts";

const MINUTE = 60_000;
const DAY = 24 * 3600_000;

async function get<T>(user: TestUser, path: string): Promise<{ status: number; body: T }> {
  const res = await call(path, bearer(user.access_token));
  return { status: res.status, body: (await res.json()) as T };
}

async function deviceOf(user: TestUser) {
  const res = await call(
    "/api/player/devices",
    bearer(user.access_token, json({ name: "Phone", type: "smartphone" })),
  );
  return ((await res.json()) as { device_id: string }).device_id;
}

async function report(user: TestUser, device: string, trackId: string, playedAt: number, msPlayed = MINUTE) {
  const res = await call(
    "/api/playback/report",
    bearer(
      user.access_token,
      json({ track_id: trackId, ms_played: msPlayed, device_id: device, played_at: playedAt }),
    ),
  );
  expect(res.status).toBe(202);
}

interface Ranked {
  items: { id: string; type: string }[];
  total: number;
  next: string | null;
}

/**
 * One listener's history: artist A (Jazz) with a1 and a2, artist B (Rock) with b1, and a podcast.
 *   a1 ×3 (minutes ago), b1 ×2 (within the hour) and ×2 (300 days ago), a2 ×1 (60 days ago),
 *   a2 ×5 under 30 s (not plays), the episode ×3 (today).
 */
let listener: TestUser;
let a1: string;
let a2: string;
let b1: string;
let artistA: string;
let artistB: string;
beforeAll(async () => {
  listener = await newUser();
  const device = await deviceOf(listener);
  const first = await seedPlayableTrack({ genre: "Jazz", title: "a1" });
  artistA = first.artistId;
  a1 = first.trackId;
  a2 = (await seedPlayableTrack({ artistId: artistA, title: "a2", trackNumber: 2 })).trackId;
  const other = await seedPlayableTrack({ genre: "Rock", title: "b1" });
  artistB = other.artistId;
  b1 = other.trackId;
  const episode = (await seedPlayableEpisode()).trackId;
  const now = Date.now();
  for (const minutes of [10, 20, 30]) await report(listener, device, a1, now - minutes * MINUTE);
  for (const minutes of [40, 50]) await report(listener, device, b1, now - minutes * MINUTE);
  for (const days of [300, 301]) await report(listener, device, b1, now - days * DAY);
  await report(listener, device, a2, now - 60 * DAY);
  for (let i = 1; i <= 5; i++) await report(listener, device, a2, now - i * MINUTE, 10_000);
  for (const minutes of [60, 70, 80]) await report(listener, device, episode, now - minutes * MINUTE);
  await call(`/v1/me/tracks?ids=${a1}`, bearer(listener.access_token, { method: "PUT" }));
  await call(`/v1/me/following?type=artist&ids=${artistA}`, bearer(listener.access_token, { method: "PUT" }));
}, 60_000);

describe("GET /v1/me/top", { timeout: 20_000 }, () => {
  it("ranks the listener's tracks by counted plays in each time range, music only", async () => {
    const ids = async (query: string) =>
      (await get<Ranked>(listener, `/v1/me/top/tracks${query}`)).body.items.map((track) => track.id);
    expect(await ids("?time_range=short_term")).toEqual([a1, b1]);
    expect(await ids("")).toEqual([a1, b1, a2]);
    expect(await ids("?time_range=long_term")).toEqual([b1, a1, a2]);
    const { body } = await get<Ranked & { items: { album: { id: string } }[] }>(
      listener,
      "/v1/me/top/tracks?limit=1&offset=1",
    );
    expect(body).toMatchObject({ total: 3, items: [{ id: b1, type: "track" }] });
    expect(body.items[0]?.album.id).toBeTruthy();
    expect(body.next).not.toBeNull();
  });

  it("ranks artists by their tracks' summed plays, ties to the most recently played, never a podcast publisher", async () => {
    const ids = async (range: string) =>
      (await get<Ranked>(listener, `/v1/me/top/artists?time_range=${range}`)).body.items.map((a) => a.id);
    expect(await ids("short_term")).toEqual([artistA, artistB]);
    expect(await ids("medium_term")).toEqual([artistA, artistB]);
    // Four plays each over everything: A was played last.
    expect(await ids("long_term")).toEqual([artistA, artistB]);
    const { body } = await get<{ items: Record<string, unknown>[] }>(listener, "/v1/me/top/artists");
    expect(body.items[0]).toMatchObject({
      id: artistA,
      type: "artist",
      genres: ["Jazz"],
      followers: { total: 1 },
    });
  });

  it("ranks listens recorded before the history kept kinds and artists, from the catalogue", async () => {
    const user = await newUser();
    const track = await seedPlayableTrack();
    const session = env.USER_SESSION.getByName(user.id);
    // A history as the UserSession kept it before: no kind or artist per listen.
    await runInDurableObject(session, (_instance, state) => {
      state.storage.sql.exec("DROP TABLE play_history");
      state.storage.sql.exec(`CREATE TABLE play_history (
        event_id TEXT PRIMARY KEY, track_id TEXT NOT NULL, played_at INTEGER NOT NULL,
        ms_played INTEGER NOT NULL, context_uri TEXT, device_id TEXT NOT NULL)`);
      state.storage.sql.exec(
        "INSERT INTO play_history VALUES ('old', ?, ?, 60000, NULL, 'gone')",
        track.trackId,
        Date.now() - DAY,
      );
    });
    await evictDurableObject(session);
    const tracks = (await get<Ranked>(user, "/v1/me/top/tracks")).body;
    expect(tracks.items.map((t) => t.id)).toEqual([track.trackId]);
    const artists = (await get<Ranked>(user, "/v1/me/top/artists")).body;
    expect(artists.items.map((a) => a.id)).toEqual([track.artistId]);
  });

  it("is empty for someone who has not listened, and refuses bad parameters", async () => {
    const stranger = await newUser();
    expect((await get<Ranked>(stranger, "/v1/me/top/tracks")).body).toMatchObject({ items: [], total: 0 });
    for (const path of [
      "/v1/me/top/albums",
      "/v1/me/top/tracks?time_range=forever",
      "/v1/me/top/artists?limit=51",
    ]) {
      expect((await get<unknown>(listener, path)).status, path).toBe(400);
    }
  });
});

describe("GET /api/me/stats", { timeout: 20_000 }, () => {
  it("sums plays and minutes over 4 weeks, 6 months and all time, and names top genres, artists and tracks", async () => {
    const { status, body } = await get<Record<string, unknown>>(listener, "/api/me/stats");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      time_range: "medium_term",
      plays: { total: 11, last_4_weeks: 8, last_6_months: 9 },
      minutes_listened: { total: 11, last_4_weeks: 8, last_6_months: 9 },
      top_genres: [
        { genre: "Jazz", plays: 4 },
        { genre: "Rock", plays: 2 },
      ],
      top_artists: [
        { artist: { id: artistA }, plays: 4 },
        { artist: { id: artistB }, plays: 2 },
      ],
      top_tracks: [
        { track: { id: a1 }, plays: 3 },
        { track: { id: b1 }, plays: 2 },
        { track: { id: a2 }, plays: 1 },
      ],
      library: {
        saved_tracks: 1,
        saved_albums: 0,
        saved_shows: 0,
        followed_artists: 1,
        following_users: 0,
        followers: 0,
      },
    });
    const short = (await get<{ top_genres: unknown[] }>(listener, "/api/me/stats?time_range=short_term"))
      .body;
    expect(short.top_genres).toEqual([
      { genre: "Jazz", plays: 3 },
      { genre: "Rock", plays: 2 },
    ]);
    expect((await get<unknown>(listener, "/api/me/stats?time_range=yesterday")).status).toBe(400);
  });

  it("starts at zero for a new listener", async () => {
    const fresh = await newUser();
    const { body } = await get<Record<string, unknown>>(fresh, "/api/me/stats");
    expect(body).toMatchObject({
      plays: { total: 0, last_4_weeks: 0, last_6_months: 0 },
      minutes_listened: { total: 0 },
      top_genres: [],
      top_artists: [],
      top_tracks: [],
    });
  });
});
