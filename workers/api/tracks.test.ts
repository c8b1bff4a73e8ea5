import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  bearer,
  call,
  expectRejected,
  newUser,
  postUpload,
  seedPlayableTrack,
  type TestUser,
  wav,
} from "../test/helpers.ts";
import { makeWav } from "../test/wav.ts";

const upload = (
  user: TestUser | null,
  file: Blob | null,
  fields: Record<string, string> = {},
  name?: string,
) => postUpload("/api/tracks", user, file, fields, name);

describe("upload", () => {
  it("accepts an artist's tagged WAV: 202, rows from the tags, a queued job only the uploader sees", async () => {
    const artist = await newUser({ role: "artist" });
    const res = await upload(
      artist,
      wav({
        tags: { INAM: "Morning Light", IART: `Test Band ${artist.id}`, IPRD: "Dawn", IGNR: "Indie Pop" },
      }),
    );
    expect(res.status).toBe(202);
    const { track_id, job_id } = (await res.json()) as { track_id: string; job_id: string };
    const row = await env.DB.prepare(
      "SELECT t.title, t.duration_ms, a.name AS artist, al.name AS album, al.genre_id FROM tracks t JOIN artists a ON a.id = t.artist_id JOIN albums al ON al.id = t.album_id WHERE t.id = ?",
    )
      .bind(track_id)
      .first();
    expect(row).toMatchObject({
      title: "Morning Light",
      artist: `Test Band ${artist.id}`,
      album: "Dawn",
      genre_id: "indie-pop",
    });
    expect(Math.abs((row?.duration_ms as number) - 2000)).toBeLessThan(50);
    const original = await env.MEDIA.list({ prefix: `originals/${track_id}/` });
    expect(original.objects).toHaveLength(1);

    const job = await call(`/api/transcode/jobs/${job_id}`, bearer(artist.access_token));
    expect(job.status).toBe(200);
    expect(await job.json()).toMatchObject({
      id: job_id,
      track_id,
      status: expect.stringMatching(/queued|running/),
      progress: 0,
    });
    const stranger = await newUser({ role: "artist" });
    expect((await call(`/api/transcode/jobs/${job_id}`, bearer(stranger.access_token))).status).toBe(404);
  });

  it("lets form fields override tags and reuses the artist and album for a second track", async () => {
    const artist = await newUser({ role: "artist" });
    const fields = {
      title: "One",
      artist: `Label Act ${artist.id}`,
      album: "Split",
      isrc: "GB-AAA-26-00001",
      explicit: "true",
      markets: "de,at",
    };
    const first = (await (
      await upload(artist, wav({ tags: { INAM: "x", IART: "y", IPRD: "z", IGNR: "g" } }), fields)
    ).json()) as {
      track_id: string;
    };
    const second = (await (await upload(artist, wav(), { ...fields, title: "Two" })).json()) as {
      track_id: string;
    };
    const rows = await env.DB.prepare(
      "SELECT title, artist_id, album_id, isrc, explicit, markets FROM tracks WHERE id IN (?, ?) ORDER BY title",
    )
      .bind(first.track_id, second.track_id)
      .all();
    expect(rows.results).toHaveLength(2);
    expect(rows.results[0]).toMatchObject({
      title: "One",
      isrc: "GBAAA2600001",
      explicit: 1,
      markets: ",AT,DE,",
    });
    expect(rows.results[0]?.artist_id).toBe(rows.results[1]?.artist_id);
    expect(rows.results[0]?.album_id).toBe(rows.results[1]?.album_id);
  });

  it("refuses to add tracks to an artist another account manages (403)", async () => {
    const owner = await newUser({ role: "artist" });
    const intruder = await newUser({ role: "artist" });
    expect((await upload(owner, wav(), { artist: `Owned ${owner.id}` })).status).toBe(202);
    await expectRejected(upload(intruder, wav(), { artist: `Owned ${owner.id}` }), 403, "artist_not_yours");
  });

  it("refuses anonymous uploads (401) and listeners (403)", async () => {
    const listener = await newUser();
    await expectRejected(upload(null, wav(), { artist: "A" }), 401);
    await expectRejected(upload(listener, wav(), { artist: "A" }), 403, "forbidden");
  });

  it("refuses a file that is not audio with 415", async () => {
    const artist = await newUser({ role: "artist" });
    const text = new Blob(["this is not audio, just text pretending ".repeat(100)], { type: "audio/wav" });
    await expectRejected(upload(artist, text, { artist: "A" }, "fake.wav"), 415, "unsupported_media_type");
    const png = new Blob(
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(200).fill(0)])],
      {
        type: "image/png",
      },
    );
    await expectRejected(upload(artist, png, { artist: "A" }, "cover.png"), 415);
  });

  it("refuses a truncated file with 422 (decoded by the real transcoder probe)", async () => {
    const artist = await newUser({ role: "artist" });
    const whole = makeWav({ seconds: 3 });
    const cut = new Blob([whole.slice(0, Math.floor(whole.length / 2))], { type: "audio/wav" });
    await expectRejected(upload(artist, cut, { artist: "A" }), 422, "audio_truncated");
  });

  it("refuses a file over the size limit with 413", async () => {
    const artist = await newUser({ role: "artist" });
    // The test config sets MAX_UPLOAD_BYTES to 2 MiB; 15 s of CD audio is ~2.6 MB.
    await expectRejected(upload(artist, wav({ seconds: 15 }), { artist: "A" }), 413, "payload_too_large");
  });

  it.each([
    ["no file part", null, {}],
    ["an unknown market", "wav", { artist: "A", markets: "DE,XY" }],
    ["a malformed ISRC", "wav", { artist: "A", isrc: "nope" }],
    ["a bad release date", "wav", { artist: "A", release_date: "May 2024" }],
  ])("rejects %s with a JSON 400", async (_why, file, fields) => {
    const artist = await newUser({ role: "artist" });
    await expectRejected(
      upload(artist, file ? wav() : null, fields as Record<string, string>),
      400,
      "invalid_request",
    );
  });

  it("asks for an artist when neither the form nor the tags name one", async () => {
    const artist = await newUser({ role: "artist" });
    await expectRejected(upload(artist, wav()), 400, "artist_required");
  });
});

describe("catalog listing", () => {
  it("lists only playable tracks as Spotify track objects in a paging object", async () => {
    const listener = await newUser();
    const playable = await seedPlayableTrack({ markets: ",DE," });
    const res = await call("/api/tracks?limit=50", bearer(listener.access_token));
    expect(res.status).toBe(200);
    const page = (await res.json()) as {
      items: Record<string, unknown>[];
      total: number;
      limit: number;
      offset: number;
      next: string | null;
    };
    expect(page).toMatchObject({ limit: 50, offset: 0 });
    const item = page.items.find((t) => t.id === playable.trackId);
    expect(item).toMatchObject({
      name: "Seeded Track",
      type: "track",
      uri: `cadenza:track:${playable.trackId}`,
      duration_ms: 25_000,
      explicit: false,
      available_markets: ["DE"],
      artists: [expect.objectContaining({ type: "artist" })],
      album: expect.objectContaining({ type: "album", name: "Album" }),
    });
    // A Swedish listener sees the DE-only track as not playable; a German one as playable.
    expect(item?.is_playable).toBe(false);
    const german = await newUser({ country: "DE" });
    const fromGermany = (await (await call("/api/tracks?limit=50", bearer(german.access_token))).json()) as {
      items: { id: string; is_playable: boolean }[];
    };
    expect(fromGermany.items.find((t) => t.id === playable.trackId)?.is_playable).toBe(true);
    const unplayable = await env.DB.prepare("SELECT id FROM tracks WHERE current_encode_id IS NULL").all();
    const listed = new Set(page.items.map((t) => t.id));
    for (const row of unplayable.results) expect(listed.has(row.id)).toBe(false);
  });

  it("pages with next/previous links and rejects a bad limit", async () => {
    const listener = await newUser();
    await seedPlayableTrack();
    await seedPlayableTrack();
    const page = (await (
      await call("/api/tracks?limit=1&offset=1", bearer(listener.access_token))
    ).json()) as {
      items: unknown[];
      previous: string | null;
      next: string | null;
      total: number;
    };
    expect(page.items).toHaveLength(1);
    expect(page.previous).toContain("offset=0");
    if (page.total > 2) expect(page.next).toContain("offset=2");
    expect((await call("/api/tracks?limit=500", bearer(listener.access_token))).status).toBe(400);
    expect((await call("/api/tracks")).status).toBe(401);
  });
});
