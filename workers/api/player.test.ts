import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { PlayerView, ServerEvent } from "../../durable-objects/user-session/protocol.ts";
import { bearer, call, json, newUser, seedPlayableTrack, type TestUser } from "../test/helpers.ts";

async function registerDevice(user: TestUser, name = "Laptop", type = "computer") {
  const res = await call("/api/player/devices", bearer(user.access_token, json({ name, type })));
  expect(res.status).toBe(201);
  return ((await res.json()) as { device_id: string }).device_id;
}

/** A device's WebSocket with every event it received. */
async function connect(user: TestUser, deviceId: string) {
  const res = await call(`/api/player/connect?device_id=${deviceId}&access_token=${user.access_token}`, {
    headers: { upgrade: "websocket" },
  });
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  const events: ServerEvent[] = [];
  ws.addEventListener("message", (e) => events.push(JSON.parse(e.data as string) as ServerEvent));
  ws.accept();
  const next = (type: ServerEvent["type"], timeoutMs = 2000) =>
    new Promise<ServerEvent>((resolve, reject) => {
      const found = events.find((e) => e.type === type);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`no ${type} event`)), timeoutMs);
      ws.addEventListener("message", (e) => {
        const event = JSON.parse(e.data as string) as ServerEvent;
        if (event.type === type) {
          clearTimeout(timer);
          resolve(event);
        }
      });
    });
  return { ws, events, next };
}

/** Polls `check` until it returns a value, for at most `timeoutMs`. */
async function waitFor<T>(check: () => Promise<T | null | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const play = (user: TestUser, body: unknown, deviceId?: string) =>
  call(
    `/v1/me/player/play${deviceId ? `?device_id=${deviceId}` : ""}`,
    bearer(user.access_token, json(body, { method: "PUT" })),
  );

describe("devices", () => {
  it("registers devices with stable ids and lists them Spotify-style", async () => {
    const user = await newUser();
    const laptop = await registerDevice(user, "Laptop", "computer");
    const phone = await registerDevice(user, "Phone", "smartphone");
    const res = await call("/v1/me/player/devices", bearer(user.access_token));
    expect(await res.json()).toEqual({
      devices: [
        expect.objectContaining({
          id: laptop,
          name: "Laptop",
          type: "Computer",
          is_active: false,
          volume_percent: 100,
        }),
        expect.objectContaining({ id: phone, name: "Phone", type: "Smartphone", is_active: false }),
      ],
    });
  });

  it("rejects a bad device type (400) and anonymous callers (401)", async () => {
    const user = await newUser();
    const bad = await call(
      "/api/player/devices",
      bearer(user.access_token, json({ name: "Toaster", type: "toaster" })),
    );
    expect(bad.status).toBe(400);
    expect((await call("/api/player/devices", json({ name: "X", type: "web" }))).status).toBe(401);
  });

  it("marks the devices that hold a WebSocket to the session as connected", async () => {
    const user = await newUser();
    const online = await registerDevice(user, "Tab 1", "web");
    const offline = await registerDevice(user, "Tab 2", "web");
    const { ws } = await connect(user, online);
    const listed = (await (await call("/v1/me/player/devices", bearer(user.access_token))).json()) as {
      devices: { id: string; is_connected: boolean }[];
    };
    expect(listed.devices.map((d) => [d.id, d.is_connected])).toEqual([
      [online, true],
      [offline, false],
    ]);
    ws.close();
  });

  it("pauses where the music stopped when the playing tab closes and does not come back", async () => {
    const user = await newUser();
    const tab = await registerDevice(user, "Tab", "web");
    const phone = await registerDevice(user, "Phone", "smartphone");
    const track = await seedPlayableTrack({ segments: 6 });
    const playing = await connect(user, tab);
    const watching = await connect(user, phone);
    expect((await play(user, { uris: [`cadenza:track:${track.trackId}`] }, tab)).status).toBe(204);
    playing.ws.close(1001, "tab closed");
    // The grace period is 1 s in tests (PLAYER_DISCONNECT_GRACE_SECONDS).
    const paused = await waitFor(async () => {
      const view = watching.events.flatMap((e) => (e.type === "state" ? [e.state] : [])).at(-1);
      return view && !view.is_playing ? view : null;
    }, 5000);
    expect(paused.device?.id).toBe(tab);
    // Paused where the tab stopped (it played for moments), not where the grace period ended.
    expect(paused.progress_ms).toBeLessThan(500);
    const player = (await (await call("/v1/me/player", bearer(user.access_token))).json()) as PlayerView;
    expect(player.is_playing).toBe(false);
    watching.ws.close();
  });

  it("keeps playing when the playing tab reconnects within the grace period (a reload)", async () => {
    const user = await newUser();
    const tab = await registerDevice(user, "Tab", "web");
    const track = await seedPlayableTrack({ segments: 6 });
    const first = await connect(user, tab);
    expect((await play(user, { uris: [`cadenza:track:${track.trackId}`] }, tab)).status).toBe(204);
    first.ws.close(1001, "reload");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await connect(user, tab);
    await new Promise((resolve) => setTimeout(resolve, 1800));
    const player = (await (await call("/v1/me/player", bearer(user.access_token))).json()) as {
      is_playing: boolean;
    };
    expect(player.is_playing).toBe(true);
    again.ws.close();
  });

  it("refuses a WebSocket without a valid token, and another user's device", async () => {
    const owner = await newUser();
    const other = await newUser();
    const device = await registerDevice(owner);
    const anonymous = await call(`/api/player/connect?device_id=${device}`, {
      headers: { upgrade: "websocket" },
    });
    expect(anonymous.status).toBe(401);
    const stolen = await call(`/api/player/connect?device_id=${device}&access_token=${other.access_token}`, {
      headers: { upgrade: "websocket" },
    });
    expect(stolen.status).toBe(404);
  });
});

describe("player", () => {
  it("answers 204 while nothing is loaded, and 404 for play without an active device", async () => {
    const user = await newUser();
    expect((await call("/v1/me/player", bearer(user.access_token))).status).toBe(204);
    const track = await seedPlayableTrack();
    const res = await play(user, { uris: [`cadenza:track:${track.trackId}`] });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("no_active_device");
  });

  it("plays a list of URIs on a device, reports it Spotify-style, and pauses where it was", async () => {
    const user = await newUser();
    const device = await registerDevice(user);
    const first = await seedPlayableTrack();
    const second = await seedPlayableTrack();
    const uris = [first.trackId, second.trackId].map((id) => `cadenza:track:${id}`);
    const res = await play(user, { uris, offset: { position: 1 }, position_ms: 4000 }, device);
    expect(res.status).toBe(204);
    const player = (await (await call("/v1/me/player", bearer(user.access_token))).json()) as Record<
      string,
      unknown
    >;
    expect(player).toMatchObject({
      is_playing: true,
      device: { id: device, is_active: true },
      item: { id: second.trackId, type: "track" },
      repeat_state: "off",
      shuffle_state: false,
    });
    expect(player.progress_ms).toBeGreaterThanOrEqual(4000);
    expect((await call("/v1/me/player/pause", bearer(user.access_token, { method: "PUT" }))).status).toBe(
      204,
    );
    const paused = (await (await call("/v1/me/player", bearer(user.access_token))).json()) as {
      progress_ms: number;
      is_playing: boolean;
    };
    await new Promise((r) => setTimeout(r, 50));
    const later = (await (await call("/v1/me/player", bearer(user.access_token))).json()) as {
      progress_ms: number;
    };
    expect(paused.is_playing).toBe(false);
    expect(later.progress_ms).toBe(paused.progress_ms);
  });

  it("extrapolates the position while playing and clamps it to the track's length", async () => {
    const user = await newUser();
    const device = await registerDevice(user);
    const track = await seedPlayableTrack();
    await play(user, { uris: [`cadenza:track:${track.trackId}`], position_ms: 1000 }, device);
    const stub = env.USER_SESSION.getByName(user.id);
    const now = (await stub.getPlayer(Date.now())).timestamp;
    expect((await stub.getPlayer(now + 5000)).progress_ms).toBeGreaterThanOrEqual(6000);
    expect((await stub.getPlayer(now + 5000)).progress_ms).toBeLessThan(6500);
    // The seeded track lasts 25 s.
    expect((await stub.getPlayer(now + 600_000)).progress_ms).toBe(25_000);
  });

  it("plays an album context in track order and rejects unknown tracks and mixed bodies", async () => {
    const user = await newUser();
    const device = await registerDevice(user);
    const track = await seedPlayableTrack();
    const album = (await env.DB.prepare("SELECT album_id FROM tracks WHERE id = ?")
      .bind(track.trackId)
      .first()) as {
      album_id: string;
    };
    expect((await play(user, { context_uri: `cadenza:album:${album.album_id}` }, device)).status).toBe(204);
    const player = (await (await call("/v1/me/player", bearer(user.access_token))).json()) as {
      context: { uri: string };
      item: { id: string };
    };
    expect(player.context.uri).toBe(`cadenza:album:${album.album_id}`);
    expect(player.item.id).toBe(track.trackId);
    expect((await play(user, { uris: ["cadenza:track:0000000000000000000000"] }, device)).status).toBe(404);
    expect((await play(user, { uris: ["cadenza:album:x"] }, device)).status).toBe(400);
    const mixed = await play(
      user,
      { context_uri: `cadenza:album:${album.album_id}`, uris: [`cadenza:track:${track.trackId}`] },
      device,
    );
    expect(mixed.status).toBe(400);
  });

  it("plays an artist context as the artist's most played tracks", async () => {
    const user = await newUser();
    const device = await registerDevice(user);
    const track = await seedPlayableTrack();
    const { artist_id } = (await env.DB.prepare("SELECT artist_id FROM tracks WHERE id = ?")
      .bind(track.trackId)
      .first()) as {
      artist_id: string;
    };
    expect((await play(user, { context_uri: `cadenza:artist:${artist_id}` }, device)).status).toBe(204);
    const player = (await (await call("/v1/me/player", bearer(user.access_token))).json()) as {
      context: { type: string };
      item: { id: string };
    };
    expect(player).toMatchObject({ context: { type: "artist" }, item: { id: track.trackId } });
    // Playlists are contexts too: an unknown one is not found; other types are not contexts.
    expect((await play(user, { context_uri: "cadenza:playlist:x" }, device)).status).toBe(404);
    expect((await play(user, { context_uri: "cadenza:user:x" }, device)).status).toBe(400);
  });

  it("keeps two users' players apart", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const aliceDevice = await registerDevice(alice);
    const track = await seedPlayableTrack();
    await play(alice, { uris: [`cadenza:track:${track.trackId}`] }, aliceDevice);
    expect((await call("/v1/me/player", bearer(bob.access_token))).status).toBe(204);
    // Bob cannot aim at Alice's device: it does not exist in his session.
    expect((await play(bob, { uris: [`cadenza:track:${track.trackId}`] }, aliceDevice)).status).toBe(404);
    const bobDevices = (await (await call("/v1/me/player/devices", bearer(bob.access_token))).json()) as {
      devices: unknown[];
    };
    expect(bobDevices.devices).toEqual([]);
  });
});

describe("player controls", () => {
  async function threeTrackSession() {
    const user = await newUser();
    const device = await registerDevice(user);
    const tracks = [await seedPlayableTrack(), await seedPlayableTrack(), await seedPlayableTrack()];
    await play(user, { uris: tracks.map((t) => `cadenza:track:${t.trackId}`) }, device);
    const current = async () =>
      (await (await call("/v1/me/player/currently-playing", bearer(user.access_token))).json()) as {
        item: { id: string };
        progress_ms: number;
        is_playing: boolean;
      };
    const send = (method: string, path: string) =>
      call(`/v1/me/player${path}`, bearer(user.access_token, { method }));
    return { user, device, ids: tracks.map((t) => t.trackId), current, send };
  }

  it("skips next and previous, and previous restarts a track more than 3 s in", async () => {
    const { ids, current, send } = await threeTrackSession();
    expect((await send("POST", "/next")).status).toBe(204);
    expect((await current()).item.id).toBe(ids[1]);
    expect((await send("POST", "/previous")).status).toBe(204);
    expect((await current()).item.id).toBe(ids[0]);
    await send("POST", "/next");
    expect((await send("PUT", "/seek?position_ms=5000")).status).toBe(204);
    await send("POST", "/previous");
    const restarted = await current();
    expect(restarted.item.id).toBe(ids[1]);
    expect(restarted.progress_ms).toBeLessThan(1000);
  });

  it("queues a track to play next, ahead of the context", async () => {
    const { user, ids, current, send } = await threeTrackSession();
    const extra = await seedPlayableTrack();
    expect((await send("POST", `/queue?uri=cadenza:track:${extra.trackId}`)).status).toBe(204);
    const queue = (await (await call("/v1/me/player/queue", bearer(user.access_token))).json()) as {
      currently_playing: { id: string };
      queue: { id: string }[];
    };
    expect(queue.currently_playing.id).toBe(ids[0]);
    expect(queue.queue.map((t) => t.id)).toEqual([extra.trackId, ids[1], ids[2]]);
    await send("POST", "/next");
    expect((await current()).item.id).toBe(extra.trackId);
    await send("POST", "/next");
    expect((await current()).item.id).toBe(ids[1]);
    expect((await send("POST", "/queue?uri=cadenza:album:nope")).status).toBe(400);
  });

  it("sets repeat, shuffle and volume, and validates them", async () => {
    const { user, device, send } = await threeTrackSession();
    expect((await send("PUT", "/repeat?state=context")).status).toBe(204);
    expect((await send("PUT", "/shuffle?state=true")).status).toBe(204);
    expect((await send("PUT", "/volume?volume_percent=40")).status).toBe(204);
    const player = (await (await call("/v1/me/player", bearer(user.access_token))).json()) as Record<
      string,
      unknown
    >;
    expect(player).toMatchObject({
      repeat_state: "context",
      shuffle_state: true,
      device: { id: device, volume_percent: 40 },
    });
    expect((await send("PUT", "/repeat?state=sometimes")).status).toBe(400);
    expect((await send("PUT", "/volume?volume_percent=101")).status).toBe(400);
    expect((await send("PUT", "/seek?position_ms=-1")).status).toBe(400);
  });

  it("gives free listeners 6 skips an hour, then 429 with Retry-After; premium listeners are not limited", async () => {
    const { user, send } = await threeTrackSession();
    await send("PUT", "/repeat?state=context");
    for (let i = 0; i < 6; i++) expect((await send("POST", "/next")).status).toBe(204);
    const limited = await send("POST", "/next");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(3500);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("skip_limit");
    // The window rolls: an hour after the first skip, one more is allowed.
    const stub = env.USER_SESSION.getByName(user.id);
    expect((await stub.next(undefined, { product: "free", country: "DE" }, Date.now() + 3_600_500)).ok).toBe(
      true,
    );

    const premium = await newUser({ product: "premium" });
    const device = await registerDevice(premium);
    const track = await seedPlayableTrack();
    await play(premium, { uris: [`cadenza:track:${track.trackId}`] }, device);
    await call("/v1/me/player/repeat?state=context", bearer(premium.access_token, { method: "PUT" }));
    for (let i = 0; i < 10; i++) {
      expect(
        (await call("/v1/me/player/next", bearer(premium.access_token, { method: "POST" }))).status,
      ).toBe(204);
    }
  });

  it("refuses controls without an active device (404) and answers 204 for currently-playing when idle", async () => {
    const user = await newUser();
    expect((await call("/v1/me/player/currently-playing", bearer(user.access_token))).status).toBe(204);
    const next = await call("/v1/me/player/next", bearer(user.access_token, { method: "POST" }));
    expect(next.status).toBe(404);
    expect(((await next.json()) as { error: { code: string } }).error.code).toBe("no_active_device");
  });
});

describe("hibernation", () => {
  it("keeps a device's WebSocket and the player across an eviction of the session", async () => {
    const user = await newUser();
    const device = await registerDevice(user);
    const track = await seedPlayableTrack();
    const socket = await connect(user, device);
    await socket.next("state");
    await play(user, { uris: [`cadenza:track:${track.trackId}`], position_ms: 3000 }, device);
    await evictDurableObject(env.USER_SESSION.getByName(user.id), { webSockets: "hibernate" });
    socket.events.length = 0;
    expect((await call("/v1/me/player/pause", bearer(user.access_token, { method: "PUT" }))).status).toBe(
      204,
    );
    const after = (await socket.next("state")) as Extract<ServerEvent, { type: "state" }>;
    expect(after.state).toMatchObject({ track_id: track.trackId, is_playing: false, device: { id: device } });
    expect(after.state.progress_ms).toBeGreaterThanOrEqual(3000);
    // The socket still knows which device it is (its attachment survived): a stale report is refused as such.
    await evictDurableObject(env.USER_SESSION.getByName(user.id), { webSockets: "hibernate" });
    socket.ws.send(JSON.stringify({ type: "position", epoch: after.state.epoch - 1, position_ms: 1 }));
    expect(await socket.next("error")).toMatchObject({ code: "stale_epoch" });
    socket.ws.close();
  });
});

describe("one active device", () => {
  it("hands playback to the device that claims it and tells the other at once (Flow 3)", async () => {
    const user = await newUser();
    const laptop = await registerDevice(user, "Laptop", "computer");
    const phone = await registerDevice(user, "Phone", "smartphone");
    const track = await seedPlayableTrack();
    const a = await connect(user, laptop);
    // The seeded track lasts 25 s: pause 20 s in.
    await play(user, { uris: [`cadenza:track:${track.trackId}`], position_ms: 20_000 }, laptop);
    await call("/v1/me/player/pause", bearer(user.access_token, { method: "PUT" }));
    const b = await connect(user, phone);
    const seen = (await b.next("state")) as Extract<ServerEvent, { type: "state" }>;
    expect(seen.state).toMatchObject({ track_id: track.trackId, is_playing: false });
    expect(seen.state.progress_ms).toBeGreaterThanOrEqual(20_000);
    expect(seen.state.progress_ms).toBeLessThan(21_000);
    const transfer = await call(
      "/v1/me/player",
      bearer(user.access_token, json({ device_ids: [phone], play: true }, { method: "PUT" })),
    );
    expect(transfer.status).toBe(204);
    const takeover = await a.next("session_taken_over");
    expect(takeover).toMatchObject({ by_device_id: phone });
    const player = (await (await call("/v1/me/player", bearer(user.access_token))).json()) as {
      device: { id: string };
      is_playing: boolean;
    };
    expect(player).toMatchObject({ device: { id: phone }, is_playing: true });
    a.ws.close();
    b.ws.close();
  });

  it("after 50 concurrent claims from 10 devices exactly one is active, the rest were told, and stale reports are refused", async () => {
    const user = await newUser();
    const track = await seedPlayableTrack();
    const devices = await Promise.all(
      Array.from({ length: 10 }, (_, i) => registerDevice(user, `Device ${i}`, "web")),
    );
    const sockets = await Promise.all(devices.map((d) => connect(user, d)));
    const uris = [`cadenza:track:${track.trackId}`];
    const claims = Array.from({ length: 50 }, (_, i) => devices[i % 10] as string);
    const results = await Promise.all(claims.map((d) => play(user, { uris }, d)));
    expect(results.every((r) => r.status === 204)).toBe(true);
    const listed = (await (await call("/v1/me/player/devices", bearer(user.access_token))).json()) as {
      devices: { id: string; is_active: boolean }[];
    };
    const active = listed.devices.filter((d) => d.is_active);
    expect(active).toHaveLength(1);
    const winner = active[0]?.id as string;
    await Promise.all(
      devices.filter((d) => d !== winner).map((d) => sockets[devices.indexOf(d)]?.next("session_taken_over")),
    );
    const stub = env.USER_SESSION.getByName(user.id);
    const current = await stub.getPlayer(Date.now());
    const loser = devices.find((d) => d !== winner) as string;
    const stale = await stub.reportPosition(loser, current.epoch - 1, 1000, Date.now());
    expect(stale).toMatchObject({ ok: false, status: 409, code: "stale_epoch" });
    const fresh = await stub.reportPosition(winner, current.epoch, 1000, Date.now());
    expect(fresh.ok).toBe(true);
    // Over the WebSocket, the same refusal arrives as an error event.
    const loserSocket = sockets[devices.indexOf(loser)];
    loserSocket?.ws.send(JSON.stringify({ type: "position", epoch: current.epoch - 1, position_ms: 5000 }));
    expect(await loserSocket?.next("error")).toMatchObject({ code: "stale_epoch" });
    for (const s of sockets) s.ws.close();
  });
});

describe("track ends", () => {
  it("tells every device when a track ends and the next begins, without anyone asking", async () => {
    const user = await newUser();
    const device = await registerDevice(user);
    const watcher = await registerDevice(user, "Phone", "smartphone");
    const socket = await connect(user, watcher);
    await socket.next("state");
    socket.events.length = 0;
    const session = env.USER_SESSION.getByName(user.id);
    const context = { uri: null, track_ids: ["short", "long"], durations_ms: [400, 60_000] };
    await session.play(
      { listener: { product: "premium", country: "SE" }, device_id: device, context },
      Date.now(),
    );
    const moved = await new Promise<PlayerView>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no state for the next track")), 3000);
      socket.ws.addEventListener("message", (e) => {
        const event = JSON.parse(e.data as string) as ServerEvent;
        if (event.type === "state" && event.state.track_id === "long") {
          clearTimeout(timer);
          resolve(event.state);
        }
      });
    });
    expect(moved).toMatchObject({ is_playing: true, next_track_ids: [] });
    expect(moved.progress_ms).toBeLessThan(1000);
    socket.ws.close();
  });

  it("ignores a position report about a track the player has left", async () => {
    const user = await newUser();
    const device = await registerDevice(user);
    const session = env.USER_SESSION.getByName(user.id);
    const t0 = Date.now() + 60_000;
    const context = { uri: null, track_ids: ["a", "b"], durations_ms: [10_000, 10_000] };
    const started = await session.play(
      { listener: { product: "premium", country: "SE" }, device_id: device, context },
      t0,
    );
    if (!started.ok) throw new Error("play failed");
    // "a" ended at t0 + 10 s; a late report of "a" at 9.9 s must not drag "b" to 9.9 s.
    const late = await session.reportPosition(device, started.value.epoch, 9_900, t0 + 12_000, "a");
    expect(late).toMatchObject({ ok: true, value: { track_id: "b" } });
    expect((await session.getPlayer(t0 + 12_000)).progress_ms).toBe(2_000);
    const onTime = await session.reportPosition(device, started.value.epoch, 3_000, t0 + 12_000, "b");
    expect(onTime).toMatchObject({ ok: true, value: { track_id: "b", progress_ms: 3_000 } });
  });
});

describe("resume points", () => {
  it("remembers where the listener left an item of a resumable context and starts there again", async () => {
    const user = await newUser();
    const device = await registerDevice(user);
    const session = env.USER_SESSION.getByName(user.id);
    const listener = { product: "premium" as const, country: "SE" };
    const show = {
      uri: "cadenza:show:s",
      track_ids: ["e1", "e2"],
      durations_ms: [60_000, 60_000],
      resumable: true,
    };
    const music = { uri: null, track_ids: ["m1"], durations_ms: [60_000] };
    const t0 = Date.now() + 60_000;
    await session.play({ listener, device_id: device, context: show }, t0);
    await session.seek(undefined, 12_000, t0 + 1_000);
    await session.play({ listener, context: music }, t0 + 2_000);
    expect(await session.resumePoints(["e1", "e2", "m1"])).toEqual({
      e1: { resume_position_ms: 13_000, fully_played: false },
    });
    // Back to the show without a position: it picks up where the listener left it.
    await session.play({ listener, context: show }, t0 + 3_000);
    expect(await session.getPlayer(t0 + 3_000)).toMatchObject({ track_id: "e1", progress_ms: 13_000 });
    // Heard to the end, an episode is fully played and starts from the top next time.
    await session.getPlayer(t0 + 3_000 + 47_000 + 500);
    expect((await session.resumePoints(["e1"])).e1).toEqual({ resume_position_ms: 0, fully_played: true });
    await session.play({ listener, context: show }, t0 + 60_000);
    expect(await session.getPlayer(t0 + 60_000)).toMatchObject({ track_id: "e1", progress_ms: 0 });
    // Music keeps no resume points, and another user's session knows none of this.
    expect(await env.USER_SESSION.getByName((await newUser()).id).resumePoints(["e1"])).toEqual({});
  });
});
