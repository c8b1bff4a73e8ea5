import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createD1CatalogDb } from "../db/d1-catalog-db.ts";
import { newId } from "../ids.ts";
import worker from "../index.ts";
import type { PlayMessage } from "../queues/plays-queue.ts";
import {
  bearer,
  call,
  eventually,
  json,
  newUser,
  seedPlayableTrack,
  type TestUser,
} from "../test/helpers.ts";

async function deviceOf(user: TestUser) {
  const res = await call(
    "/api/player/devices",
    bearer(user.access_token, json({ name: "Phone", type: "smartphone" })),
  );
  return ((await res.json()) as { device_id: string }).device_id;
}

const report = (user: TestUser, body: Record<string, unknown>) =>
  call("/api/playback/report", bearer(user.access_token, json(body)));

async function recentlyPlayed(user: TestUser, query = "") {
  const res = await call(`/v1/me/player/recently-played${query}`, bearer(user.access_token));
  return {
    status: res.status,
    body: (await res.json()) as {
      items: { track: { id: string }; played_at: string; context: { uri: string } | null }[];
      next: string | null;
    },
  };
}

describe("play reports", () => {
  it("records listens; one of 30 s or more counts as a play and shows in recently-played, newest first", async () => {
    const user = await newUser();
    const device = await deviceOf(user);
    const long = await seedPlayableTrack();
    const short = await seedPlayableTrack();
    const t0 = Date.now() - 120_000;
    const counted = await report(user, {
      track_id: long.trackId,
      ms_played: 45_000,
      device_id: device,
      played_at: new Date(t0).toISOString(),
      context: "cadenza:album:x",
    });
    expect(counted.status).toBe(202);
    expect(await counted.json()).toMatchObject({ counts_as_play: true });
    const skipped = await report(user, {
      track_id: short.trackId,
      ms_played: 10_000,
      device_id: device,
      played_at: t0 + 60_000,
    });
    expect(await skipped.json()).toMatchObject({ counts_as_play: false });
    const { body } = await recentlyPlayed(user);
    expect(body.items.map((i) => i.track.id)).toEqual([long.trackId]);
    expect(body.items[0]).toMatchObject({
      played_at: new Date(t0).toISOString(),
      context: { uri: "cadenza:album:x" },
    });
  });

  it("counts a play once however often it is reported, through the real queue", async () => {
    const user = await newUser();
    const device = await deviceOf(user);
    const track = await seedPlayableTrack();
    const body = {
      track_id: track.trackId,
      ms_played: 31_000,
      device_id: device,
      played_at: Date.now() - 60_000,
    };
    const first = (await (await report(user, body)).json()) as { event_id: string };
    const again = (await (await report(user, body)).json()) as { event_id: string };
    expect(again.event_id).toBe(first.event_id);
    const db = createD1CatalogDb(env.DB);
    await eventually(async () => (await db.findTrackPlays(track.trackId)) === 1);
    await new Promise((r) => setTimeout(r, 2500));
    expect(await db.findTrackPlays(track.trackId)).toBe(1);
    expect((await recentlyPlayed(user)).body.items).toHaveLength(1);
  });

  it("rejects unknown devices and tracks (404), bad times and durations (400), and anonymous callers (401)", async () => {
    const user = await newUser();
    const device = await deviceOf(user);
    const track = await seedPlayableTrack();
    const ok = {
      track_id: track.trackId,
      ms_played: 40_000,
      device_id: device,
      played_at: Date.now() - 1000,
    };
    expect((await report(user, { ...ok, device_id: "nope" })).status).toBe(404);
    expect((await report(user, { ...ok, track_id: "0000000000000000000000" })).status).toBe(404);
    expect((await report(user, { ...ok, played_at: Date.now() + 3_600_000 })).status).toBe(400);
    expect((await report(user, { ...ok, ms_played: -1 })).status).toBe(400);
    expect((await report(user, { ...ok, played_at: "yesterday" })).status).toBe(400);
    expect((await call("/api/playback/report", json(ok))).status).toBe(401);
    // Another user's device is not this user's device.
    const other = await newUser();
    expect((await report(other, ok)).status).toBe(404);
  });
});

describe("recently-played", () => {
  it("pages back with the before cursor and keeps users apart", async () => {
    const user = await newUser();
    const device = await deviceOf(user);
    const tracks = [await seedPlayableTrack(), await seedPlayableTrack(), await seedPlayableTrack()];
    const t0 = Date.now() - 600_000;
    for (const [i, t] of tracks.entries()) {
      await report(user, {
        track_id: t.trackId,
        ms_played: 60_000,
        device_id: device,
        played_at: t0 + i * 60_000,
      });
    }
    const first = await recentlyPlayed(user, "?limit=2");
    expect(first.body.items.map((i) => i.track.id)).toEqual([tracks[2]?.trackId, tracks[1]?.trackId]);
    const next = new URL(first.body.next as string);
    const second = await recentlyPlayed(user, next.search);
    expect(second.body.items.map((i) => i.track.id)).toEqual([tracks[0]?.trackId]);
    expect((await recentlyPlayed(user, "?before=1&after=2")).status).toBe(400);
    const stranger = await newUser();
    expect((await recentlyPlayed(stranger)).body.items).toEqual([]);
  });
});

describe("plays queue consumer", () => {
  it("counts a re-delivered event once, for the track and the listener's artist affinity", async () => {
    const user = await newUser();
    const track = await seedPlayableTrack();
    const message = {
      event_id: newId(),
      user_id: user.id,
      track_id: track.trackId,
      played_at: Date.now(),
    } satisfies PlayMessage;
    const deliver = async () => {
      const batch = createMessageBatch<PlayMessage>("cadenza-plays", [
        { id: newId(), timestamp: new Date(), attempts: 1, body: message },
        { id: newId(), timestamp: new Date(), attempts: 1, body: message },
      ]);
      const ctx = createExecutionContext();
      await worker.queue(batch as MessageBatch<PlayMessage>, env);
      return getQueueResult(batch, ctx);
    };
    const result = await deliver();
    expect(result.explicitAcks).toHaveLength(2);
    await deliver();
    const db = createD1CatalogDb(env.DB);
    expect(await db.findTrackPlays(track.trackId)).toBe(1);
    const row = (await env.DB.prepare("SELECT artist_id FROM tracks WHERE id = ?")
      .bind(track.trackId)
      .first()) as { artist_id: string };
    expect(await db.findArtistAffinity(user.id, row.artist_id)).toBe(1);
  });
});
