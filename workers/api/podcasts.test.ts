import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  bearer,
  call,
  expectRejected,
  json,
  newUser,
  postUpload,
  publishSyntheticEncode,
  seedPlayableTrack,
  type TestUser,
  wav,
} from "../test/helpers.ts";

async function createShow(owner: TestUser, body: Record<string, unknown> = {}) {
  const res = await call(
    "/api/shows",
    bearer(
      owner.access_token,
      json({
        name: `Show ${crypto.randomUUID()}`,
        publisher: `Publisher ${owner.id}`,
        description: "Talk <b>about</b> audio",
        ...body,
      }),
    ),
  );
  expect(res.status).toBe(201);
  return ((await res.json()) as { show_id: string }).show_id;
}

/** Uploads an episode through the real probe, then publishes a speech-ladder encode for it. */
async function addEpisode(owner: TestUser, showId: string, fields: Record<string, string> = {}) {
  const res = await postUpload(
    `/api/shows/${showId}/episodes`,
    owner,
    // 20 s at a low rate stays under the test upload limit.
    wav({ seconds: 20, sampleRate: 8000 }),
    { title: "Episode", release_date: "2026-01-01", ...fields },
    "episode.wav",
  );
  expect(res.status).toBe(202);
  const { episode_id, job_id } = (await res.json()) as { episode_id: string; job_id: string };
  const job = await env.DB.prepare("SELECT kind FROM transcode_jobs WHERE id = ?").bind(job_id).first();
  expect(job).toEqual({ kind: "speech" });
  await publishSyntheticEncode(episode_id, job_id, [10_000, 10_000], ["low", "normal"]);
  return episode_id;
}

interface Episode {
  id: string;
  name: string;
  type: string;
  uri: string;
  release_date: string;
  duration_ms: number;
  html_description: string;
  resume_point: { fully_played: boolean; resume_position_ms: number };
  show?: { id: string; total_episodes: number };
}

describe("shows and episodes", () => {
  it("creates a show, uploads episodes through the speech ladder, and serves them Spotify-style, newest first", async () => {
    const owner = await newUser({ role: "artist" });
    const listener = await newUser();
    const showId = await createShow(owner, {
      name: "Edge Notes",
      publisher: "Cadenza Radio",
      languages: ["en", "de"],
    });
    const older = await addEpisode(owner, showId, {
      title: "Pilot",
      release_date: "2026-01-05",
      description: "Hello",
    });
    const newer = await addEpisode(owner, showId, { title: "Second", release_date: "2026-02-01" });

    const show = (await (await call(`/v1/shows/${showId}`, bearer(listener.access_token))).json()) as {
      name: string;
      publisher: string;
      type: string;
      uri: string;
      languages: string[];
      media_type: string;
      total_episodes: number;
      html_description: string;
      images: { url: string }[];
      episodes: { items: Episode[]; total: number };
    };
    expect(show).toMatchObject({
      name: "Edge Notes",
      publisher: "Cadenza Radio",
      type: "show",
      uri: `cadenza:show:${showId}`,
      languages: ["en", "de"],
      media_type: "audio",
      total_episodes: 2,
      html_description: "Talk &lt;b&gt;about&lt;/b&gt; audio",
    });
    expect(show.images[0]?.url).toContain(`/api/images/show/${showId}`);
    expect(show.episodes.items.map((e) => e.id)).toEqual([newer, older]);

    const page = (await (
      await call(`/v1/shows/${showId}/episodes?limit=1&offset=1`, bearer(listener.access_token))
    ).json()) as {
      items: Episode[];
      total: number;
      previous: string | null;
      next: string | null;
    };
    expect(page).toMatchObject({ total: 2, next: null });
    expect(page.items.map((e) => e.id)).toEqual([older]);
    expect(page.previous).toContain("offset=0");

    const episode = (await (
      await call(`/v1/episodes/${older}`, bearer(listener.access_token))
    ).json()) as Episode;
    expect(episode).toMatchObject({
      id: older,
      name: "Pilot",
      type: "episode",
      uri: `cadenza:episode:${older}`,
      release_date: "2026-01-05",
      duration_ms: 20_000,
      resume_point: { fully_played: false, resume_position_ms: 0 },
      show: { id: showId, total_episodes: 2 },
    });
    const many = (await (
      await call(`/v1/episodes?ids=${older},nope,${newer}`, bearer(listener.access_token))
    ).json()) as {
      episodes: (Episode | null)[];
    };
    expect(many.episodes.map((e) => e?.id ?? null)).toEqual([older, null, newer]);
    const shows = (await (
      await call(`/v1/shows?ids=${showId},nope`, bearer(listener.access_token))
    ).json()) as {
      shows: ({ id: string } | null)[];
    };
    expect(shows.shows.map((s) => s?.id ?? null)).toEqual([showId, null]);

    // Shows and episodes are searchable, and never found as music.
    const search = async (q: string, type: string) =>
      (await (
        await call(`/v1/search?${new URLSearchParams({ q, type })}`, bearer(listener.access_token))
      ).json()) as Record<string, { items: { id: string }[] }>;
    expect((await search("edge notes", "show")).shows?.items.map((s) => s.id)).toEqual([showId]);
    expect((await search("pilot", "episode")).episodes?.items.map((e) => e.id)).toContain(older);
    expect((await search("pilot", "track")).tracks?.items.map((t) => t.id)).not.toContain(older);

    // Episodes stream through the same edge path; the speech ladder tops out at `normal`.
    const manifest = await call(`/stream/${older}/manifest?quality=very_high`, bearer(listener.access_token));
    expect(manifest.status).toBe(200);
    expect(await manifest.json()).toMatchObject({ quality: "normal" });
  });

  it("answers unknown ids with 404, too many ids and bad paging with 400, and anonymous callers with 401", async () => {
    const user = await newUser();
    for (const path of ["/v1/shows/nope", "/v1/episodes/nope", "/v1/shows/nope/episodes"]) {
      expect((await call(path, bearer(user.access_token))).status).toBe(404);
    }
    const ids = Array.from({ length: 51 }, (_, i) => `id${i}`).join(",");
    expect((await call(`/v1/episodes?ids=${ids}`, bearer(user.access_token))).status).toBe(400);
    expect((await call("/v1/shows?ids=", bearer(user.access_token))).status).toBe(400);
    const owner = await newUser({ role: "artist" });
    const showId = await createShow(owner);
    expect((await call(`/v1/shows/${showId}/episodes?limit=99`, bearer(user.access_token))).status).toBe(400);
    expect((await call(`/v1/shows/${showId}`)).status).toBe(401);
  });

  it("lets only the show's owner (or an admin) add episodes, and only artists and admins create shows", async () => {
    const owner = await newUser({ role: "artist" });
    const otherArtist = await newUser({ role: "artist" });
    const listener = await newUser();
    const admin = await newUser({ role: "admin" });
    const showId = await createShow(owner, { publisher: `Owned ${owner.id}` });
    const upload = (user: TestUser) =>
      postUpload(`/api/shows/${showId}/episodes`, user, wav(), { title: "x", release_date: "2026-01-01" });
    const listed = async (user: TestUser) =>
      (
        (await (await call("/api/shows", bearer(user.access_token))).json()) as { items: { id: string }[] }
      ).items.map((s) => s.id);
    expect(await listed(owner)).toEqual([showId]);
    expect(await listed(otherArtist)).toEqual([]);
    expect(await listed(admin)).toContain(showId);
    expect((await call("/api/shows", bearer(listener.access_token))).status).toBe(403);
    await expectRejected(upload(otherArtist), 403, "show_not_yours");
    await expectRejected(upload(listener), 403, "forbidden");
    expect((await upload(admin)).status).toBe(202);
    // The publisher name belongs to its account.
    const taken = await call(
      "/api/shows",
      bearer(otherArtist.access_token, json({ name: "Mine now", publisher: `Owned ${owner.id}` })),
    );
    expect(taken.status).toBe(403);
    const asListener = await call(
      "/api/shows",
      bearer(listener.access_token, json({ name: "x", publisher: "y" })),
    );
    expect(asListener.status).toBe(403);
    const duplicate = await call(
      "/api/shows",
      bearer(owner.access_token, json({ name: "Dup", publisher: `Owned ${owner.id}` })),
    );
    expect(duplicate.status).toBe(201);
    const again = await call(
      "/api/shows",
      bearer(owner.access_token, json({ name: "dup ", publisher: `Owned ${owner.id}` })),
    );
    expect(again.status).toBe(409);
  });

  it("rejects bad show and episode input with 400 and leaves nothing behind", async () => {
    const owner = await newUser({ role: "artist" });
    for (const body of [
      {},
      { name: "", publisher: "p" },
      { name: "n", publisher: "p", languages: ["english!"] },
    ]) {
      const res = await call("/api/shows", bearer(owner.access_token, json(body)));
      expect(res.status).toBe(400);
    }
    const showId = await createShow(owner);
    await expectRejected(
      postUpload(`/api/shows/${showId}/episodes`, owner, wav(), { title: "x", release_date: "yesterday" }),
      400,
      "invalid_request",
    );
    await expectRejected(
      postUpload(`/api/shows/${showId}/episodes`, owner, wav(), { release_date: "2026-01-01" }),
      400,
      "invalid_request",
    );
    await expectRejected(
      postUpload(`/api/shows/${showId}/episodes`, owner, new Blob(["not audio"], { type: "text/plain" }), {
        title: "x",
        release_date: "2026-01-01",
      }),
      415,
    );
    const missing = await postUpload("/api/shows/nope/episodes", owner, wav(), {
      title: "x",
      release_date: "2026-01-01",
    });
    expect(missing.status).toBe(404);
  });
});

describe("episodes in the player", () => {
  it("plays a show newest first, resumes an episode where the listener left it, and reports it in resume_point", async () => {
    const owner = await newUser({ role: "artist" });
    const showId = await createShow(owner);
    const first = await addEpisode(owner, showId, { release_date: "2026-01-01" });
    const latest = await addEpisode(owner, showId, { release_date: "2026-03-01" });
    const listener = await newUser();
    const device = (
      (await (
        await call(
          "/api/player/devices",
          bearer(listener.access_token, json({ name: "Phone", type: "smartphone" })),
        )
      ).json()) as { device_id: string }
    ).device_id;
    const play = (body: unknown) =>
      call(
        `/v1/me/player/play?device_id=${device}`,
        bearer(listener.access_token, json(body, { method: "PUT" })),
      );

    expect((await play({ context_uri: `cadenza:show:${showId}` })).status).toBe(204);
    const player = (await (
      await call("/v1/me/player?additional_types=episode", bearer(listener.access_token))
    ).json()) as { currently_playing_type: string; item: Episode | null };
    expect(player).toMatchObject({
      currently_playing_type: "episode",
      item: { id: latest, type: "episode" },
    });
    // Clients that do not ask for episodes get no item, as in Spotify.
    const plain = (await (
      await call("/v1/me/player/currently-playing", bearer(listener.access_token))
    ).json()) as {
      item: unknown;
      currently_playing_type: string;
    };
    expect(plain).toMatchObject({ item: null, currently_playing_type: "episode" });

    // Leave the episode 12 s in; it shows in resume_point and playing it again starts there.
    await call("/v1/me/player/seek?position_ms=12000", bearer(listener.access_token, { method: "PUT" }));
    await play({ uris: [`cadenza:episode:${first}`] });
    const left = (await (
      await call(`/v1/episodes/${latest}`, bearer(listener.access_token))
    ).json()) as Episode;
    expect(left.resume_point.fully_played).toBe(false);
    expect(left.resume_point.resume_position_ms).toBeGreaterThanOrEqual(12_000);
    expect(left.resume_point.resume_position_ms).toBeLessThan(14_000);
    await play({ uris: [`cadenza:episode:${latest}`] });
    const resumed = (await (await call("/v1/me/player", bearer(listener.access_token))).json()) as {
      progress_ms: number;
    };
    expect(resumed.progress_ms).toBeGreaterThanOrEqual(12_000);
    // Another listener has no resume point for it.
    const stranger = await newUser();
    const theirs = (await (
      await call(`/v1/episodes/${latest}`, bearer(stranger.access_token))
    ).json()) as Episode;
    expect(theirs.resume_point).toEqual({ fully_played: false, resume_position_ms: 0 });

    // An episode is not a track: the track URI of it is refused, and music is no episode.
    const music = await seedPlayableTrack();
    expect((await play({ uris: [`cadenza:track:${latest}`] })).status).toBe(404);
    expect((await play({ uris: [`cadenza:episode:${music.trackId}`] })).status).toBe(404);
  });
});
