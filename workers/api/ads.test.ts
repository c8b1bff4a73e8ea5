import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AD_INTERVAL_MS, type Listener, PLAYS_PER_DAY } from "../../durable-objects/user-session/protocol.ts";
import {
  bearer,
  call,
  eventually,
  expectRejected,
  json,
  newUser,
  postUpload,
  seedPlayableTrack,
  type TestUser,
  wav,
} from "../test/helpers.ts";

const uploadAd = (user: TestUser | null, file: Blob | null, fields: Record<string, string> = {}) =>
  postUpload("/api/ads", user, file, fields, "ad.wav");

async function deviceOf(user: TestUser) {
  const res = await call(
    "/api/player/devices",
    bearer(user.access_token, json({ name: "Web", type: "web" })),
  );
  return ((await res.json()) as { device_id: string }).device_id;
}

const player = (user: TestUser, method: string, path: string, body?: unknown) =>
  call(
    `/v1/me/player${path}`,
    bearer(user.access_token, body === undefined ? { method } : json(body, { method })),
  );

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

/** A listener playing one 25 s track on repeat, so time can be moved forward through the DO's clock. */
async function listeningOnRepeat(options: { product: Listener["product"]; country: string }) {
  const user = await newUser(options);
  const device = await deviceOf(user);
  const track = await seedPlayableTrack();
  expect(
    (await player(user, "PUT", `/play?device_id=${device}`, { uris: [`cadenza:track:${track.trackId}`] }))
      .status,
  ).toBe(204);
  expect((await player(user, "PUT", "/repeat?state=track")).status).toBe(204);
  return { user, device, track, session: env.USER_SESSION.getByName(user.id), startedAt: Date.now() };
}

describe("ads catalogue", () => {
  it("lets admins upload ads (not artists or listeners) and keeps them out of the music catalogue", async () => {
    const admin = await newUser({ role: "admin" });
    const res = await uploadAd(admin, wav({ seconds: 3 }), {
      title: "Summer Sale",
      advertiser: "Acme Shoes",
      click_url: "https://acme.example/sale",
      markets: "DE,AT",
    });
    expect(res.status).toBe(202);
    const created = (await res.json()) as { ad_id: string; track_id: string; job_id: string };
    const list = (await (await call("/api/ads", bearer(admin.access_token))).json()) as {
      items: Record<string, unknown>[];
    };
    expect(list.items.find((a) => a.id === created.ad_id)).toMatchObject({
      track_id: created.track_id,
      title: "Summer Sale",
      advertiser: "Acme Shoes",
      click_url: "https://acme.example/sale",
      available_markets: ["AT", "DE"],
      active: true,
      playable: false,
      impressions: 0,
    });
    const row = await env.DB.prepare("SELECT kind FROM tracks WHERE id = ?").bind(created.track_id).first();
    expect(row).toEqual({ kind: "ad" });

    await expectRejected(
      uploadAd(await newUser({ role: "artist" }), wav(), { title: "x", advertiser: "y" }),
      403,
    );
    await expectRejected(uploadAd(await newUser(), wav(), { title: "x", advertiser: "y" }), 403);
    await expectRejected(uploadAd(null, wav(), { title: "x", advertiser: "y" }), 401);
    await expectRejected(uploadAd(admin, wav(), { title: "No advertiser" }), 400, "invalid_request");
    await expectRejected(
      uploadAd(admin, wav(), { title: "x", advertiser: "y", click_url: "javascript:alert(1)" }),
      400,
      "invalid_request",
    );
    // 61 s at a low rate keeps the file under the test upload limit; the probe measures it.
    await expectRejected(
      uploadAd(admin, wav({ seconds: 61, sampleRate: 8000 }), { title: "Long", advertiser: "y" }),
      422,
      "ad_too_long",
    );
  });

  it("never lists, plays or queues an ad's audio as music", async () => {
    const ad = await seedPlayableTrack({ advertiser: "Acme" });
    const user = await newUser();
    const device = await deviceOf(user);
    const listing = (await (await call("/api/tracks?limit=50", bearer(user.access_token))).json()) as {
      items: { id: string }[];
    };
    expect(listing.items.map((t) => t.id)).not.toContain(ad.trackId);
    const asMusic = await player(user, "PUT", `/play?device_id=${device}`, {
      uris: [`cadenza:track:${ad.trackId}`],
    });
    expect(asMusic.status).toBe(404);
    const music = await seedPlayableTrack();
    await player(user, "PUT", `/play?device_id=${device}`, { uris: [`cadenza:track:${music.trackId}`] });
    expect((await player(user, "POST", `/queue?uri=cadenza:track:${ad.trackId}`)).status).toBe(404);
  });

  it("switches ads off and on; unknown ads are 404", async () => {
    const admin = await newUser({ role: "admin" });
    const ad = await seedPlayableTrack({ advertiser: "Acme" });
    const off = await call(
      `/api/ads/${ad.adId}`,
      bearer(admin.access_token, json({ active: false }, { method: "PATCH" })),
    );
    expect(await off.json()).toMatchObject({ id: ad.adId, active: false, playable: true });
    const missing = await call(
      "/api/ads/nope",
      bearer(admin.access_token, json({ active: false }, { method: "PATCH" })),
    );
    expect(missing.status).toBe(404);
    const bad = await call(
      `/api/ads/${ad.adId}`,
      bearer(admin.access_token, json({ active: "no" }, { method: "PATCH" })),
    );
    expect(bad.status).toBe(400);
    const listener = await newUser();
    const forbidden = await call(
      `/api/ads/${ad.adId}`,
      bearer(listener.access_token, json({ active: true }, { method: "PATCH" })),
    );
    expect(forbidden.status).toBe(403);
  });
});

describe("ads in the player", () => {
  it("plays an ad for a free listener after 15 minutes of music, from their market, and it cannot be skipped", async () => {
    const forDe = await seedPlayableTrack({ advertiser: "Local", markets: ",DE,", segments: 2 });
    const usOnly = await seedPlayableTrack({ advertiser: "Faraway", markets: ",US," });
    const { user, session, startedAt, track } = await listeningOnRepeat({ product: "free", country: "DE" });
    const listener: Listener = { product: "free", country: "DE" };

    const before = await session.getPlayer(startedAt + AD_INTERVAL_MS - 1_000);
    expect(before.currently_playing_type).toBe("track");
    // 36 plays of the 25 s track make 15 minutes: the ad starts at the 36th track end.
    const inAd = await session.getPlayer(startedAt + AD_INTERVAL_MS + 3_000);
    expect(inAd.currently_playing_type).toBe("ad");
    const adRow = (await env.DB.prepare(
      "SELECT a.id, t.markets FROM ads a JOIN tracks t ON t.id = a.track_id WHERE a.id = ?",
    )
      .bind(inAd.ad_id)
      .first()) as { id: string; markets: string | null };
    expect(adRow.markets === null || adRow.markets.includes(",DE,")).toBe(true);
    expect(inAd.ad_id).not.toBe(usOnly.adId);
    expect(inAd.next_track_ids[0]).toBe(track.trackId);

    // Spotify's shape while an ad is on: no item, type "ad", skipping and seeking disallowed.
    const current = (await (await player(user, "GET", "/currently-playing")).json()) as Record<
      string,
      unknown
    >;
    expect(current).toMatchObject({
      currently_playing_type: "ad",
      item: null,
      actions: { disallows: { skipping_next: true, skipping_prev: true, seeking: true } },
    });
    for (const [method, path] of [
      ["POST", "/next"],
      ["POST", "/previous"],
      ["PUT", "/seek?position_ms=0"],
    ] as const) {
      const refused = await player(user, method, path);
      expect(refused.status).toBe(403);
      expect(await errorCode(refused)).toBe("ad_playing");
    }
    expect((await session.next(undefined, listener, startedAt + AD_INTERVAL_MS + 4_000)).ok).toBe(false);
    // Loading new music does not cut the ad short: it waits behind the ad.
    const other = await seedPlayableTrack();
    await session.play(
      { listener, context: { uri: null, track_ids: [other.trackId], durations_ms: [25_000] } },
      startedAt + AD_INTERVAL_MS + 5_000,
    );
    const stillAd = await session.getPlayer(startedAt + AD_INTERVAL_MS + 5_000);
    expect(stillAd).toMatchObject({
      currently_playing_type: "ad",
      ad_id: inAd.ad_id,
      next_track_ids: [other.trackId],
    });

    // The ad streams through the same edge path.
    expect((await call(`/stream/${inAd.track_id}/manifest`, bearer(user.access_token))).status).toBe(200);

    // When it ends the music goes on.
    const adMs = forDe.adId === inAd.ad_id ? 15_000 : 25_000;
    const after = await session.getPlayer(startedAt + AD_INTERVAL_MS + adMs + 6_000);
    expect(after).toMatchObject({ currently_playing_type: "track", track_id: other.trackId, ad_id: null });
  });

  it("never plays ads for premium listeners", async () => {
    await seedPlayableTrack({ advertiser: "Everywhere" });
    const { session, startedAt } = await listeningOnRepeat({ product: "premium", country: "DE" });
    for (const minutes of [15, 31, 60]) {
      const view = await session.getPlayer(startedAt + minutes * 60_000 + 3_000);
      expect(view.currently_playing_type).toBe("track");
    }
  });

  it("reports an ad heard to its end as an impression, never as a play or in the history", async () => {
    const ad = await seedPlayableTrack({ advertiser: "Counted" });
    const user = await newUser();
    const device = await deviceOf(user);
    const body = {
      track_id: ad.trackId,
      ms_played: 25_000,
      device_id: device,
      played_at: Date.now() - 30_000,
    };
    const first = await call("/api/playback/report", bearer(user.access_token, json(body)));
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ counts_as_play: false, ad_impression: true });
    // The same listen reported again is one impression.
    await call("/api/playback/report", bearer(user.access_token, json(body)));
    const impressions = async () =>
      (
        (await env.DB.prepare("SELECT impressions FROM ads WHERE id = ?").bind(ad.adId).first()) as {
          impressions: number;
        }
      ).impressions;
    await eventually(async () => (await impressions()) === 1);
    // A listen cut short is no impression.
    const short = await call(
      "/api/playback/report",
      bearer(user.access_token, json({ ...body, ms_played: 5_000, played_at: Date.now() - 10_000 })),
    );
    expect(await short.json()).toMatchObject({ ad_impression: false });
    await new Promise((r) => setTimeout(r, 500));
    expect(await impressions()).toBe(1);
    const plays = await env.DB.prepare("SELECT count(*) AS n FROM track_plays WHERE track_id = ?")
      .bind(ad.trackId)
      .first();
    expect(plays).toEqual({ n: 0 });
    const recent = (await (
      await call("/v1/me/player/recently-played", bearer(user.access_token))
    ).json()) as {
      items: unknown[];
    };
    expect(recent.items).toEqual([]);
    // Another user's device cannot report for this user.
    const stranger = await newUser();
    expect((await call("/api/playback/report", bearer(stranger.access_token, json(body)))).status).toBe(404);
  });
});

describe("daily play limit", () => {
  it("allows 1000 stream starts a day, counts a restart of the same track once, and exempts ads", async () => {
    const user = await newUser();
    const first = await seedPlayableTrack();
    const next = await seedPlayableTrack();
    const ad = await seedPlayableTrack({ advertiser: "Exempt" });
    const manifest = (trackId: string) => call(`/stream/${trackId}/manifest`, bearer(user.access_token));
    expect((await manifest(first.trackId)).status).toBe(200);
    const session = env.USER_SESSION.getByName(user.id);
    const now = Date.now();
    for (let i = 1; i < PLAYS_PER_DAY; i++) {
      expect((await session.startStream(`other-${i}`, now)).ok).toBe(true);
    }
    // The same track again (a manifest refresh, a quality switch) is the same play.
    expect((await manifest(first.trackId)).status).toBe(200);
    const limited = await manifest(next.trackId);
    expect(limited.status).toBe(429);
    expect(await errorCode(limited)).toBe("play_limit");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(86_000);
    const master = await call(`/stream/${next.trackId}/master.m3u8`, bearer(user.access_token));
    expect(master.status).toBe(429);
    expect((await manifest(ad.trackId)).status).toBe(200);
    // A day after the first start, one more is allowed; other listeners were never limited.
    expect((await session.startStream(next.trackId, now + 24 * 3600_000 + 1_000)).ok).toBe(true);
    const other = await newUser();
    expect((await call(`/stream/${next.trackId}/manifest`, bearer(other.access_token))).status).toBe(200);
  });
});
