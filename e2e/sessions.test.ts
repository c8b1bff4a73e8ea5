import { afterAll, beforeAll, expect, it } from "vitest";
import type { ServerEvent } from "../durable-objects/user-session/protocol.ts";
import type { Cadenza } from "./api-client.ts";
import { type E2eStack, generateSong, startE2eStack } from "./fixtures.ts";

/**
 * Cross-device sync with two real WebSocket clients against `wrangler dev` (seed Flow 3):
 * A plays and pauses at 45 s; B connects and sees the same track and position; B takes over
 * and plays; A is told at once.
 */

let e2e: E2eStack;
let cadenza: Cadenza;
let trackId: string;

beforeAll(async () => {
  e2e = await startE2eStack("sessions");
  ({ cadenza } = e2e);
  const artist = await cadenza.account("sessions-artist@example.com", { role: "artist" });
  const song = await generateSong(e2e.work, { seed: 7, seconds: 60, title: "Two Rooms", style: "rock" });
  const res = await cadenza.upload(artist, song, "song.flac");
  const { job_id, track_id } = (await res.json()) as { job_id: string; track_id: string };
  expect((await cadenza.waitForJob(artist, job_id)).status).toBe("succeeded");
  trackId = track_id;
});

afterAll(async () => {
  await e2e?.stop();
});

/**
 * A device's WebSocket. `next(type)` hands out that type's events in arrival order, each once,
 * waiting for one when none is unclaimed.
 */
function openDevice(deviceId: string, token: string) {
  const ws = new WebSocket(cadenza.deviceSocketUrl(deviceId, token));
  const unclaimed: ServerEvent[] = [];
  const waiters: { type: string; resolve: (e: ServerEvent) => void }[] = [];
  ws.addEventListener("message", (message) => {
    const event = JSON.parse(String(message.data)) as ServerEvent;
    const waiter = waiters.find((w) => w.type === event.type);
    if (waiter) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    } else {
      unclaimed.push(event);
    }
  });
  const next = <T extends ServerEvent["type"]>(type: T, timeoutMs = 5000) =>
    new Promise<Extract<ServerEvent, { type: T }>>((resolve, reject) => {
      const ready = unclaimed.find((e) => e.type === type);
      if (ready) {
        unclaimed.splice(unclaimed.indexOf(ready), 1);
        return resolve(ready as Extract<ServerEvent, { type: T }>);
      }
      const timer = setTimeout(
        () => reject(new Error(`device ${deviceId}: no ${type} event in ${timeoutMs} ms`)),
        timeoutMs,
      );
      waiters.push({
        type,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e as Extract<ServerEvent, { type: T }>);
        },
      });
    });
  return { ws, next };
}

it("hands playback from one device to another with position kept and the first told at once", async () => {
  const token = await cadenza.account("sessions-listener@example.com", { product: "premium" });
  const laptop = await cadenza.registerDevice(token, "Laptop", "computer");
  const phone = await cadenza.registerDevice(token, "Phone", "smartphone");
  const put = (path: string, body?: unknown) =>
    cadenza.request(`/v1/me/player${path}`, {
      method: "PUT",
      token,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const a = openDevice(laptop, token);
  // Every device hears the player's state as soon as it connects: nothing is loaded yet.
  expect((await a.next("state")).state).toMatchObject({ track_id: null, is_playing: false });
  const playing = a.next("state");
  expect(
    (await put(`/play?device_id=${laptop}`, { uris: [`cadenza:track:${trackId}`], position_ms: 45_000 }))
      .status,
  ).toBe(204);
  expect((await playing).state).toMatchObject({ track_id: trackId, is_playing: true });
  expect((await put("/pause")).status).toBe(204);

  const b = openDevice(phone, token);
  const first = await b.next("state");
  expect(first.state).toMatchObject({ track_id: trackId, is_playing: false, device: { id: laptop } });
  expect(first.state.progress_ms).toBeGreaterThanOrEqual(45_000);
  expect(first.state.progress_ms).toBeLessThan(46_000);

  const takeover = a.next("session_taken_over");
  const resumed = b.next("state");
  expect((await put("", { device_ids: [phone], play: true })).status).toBe(204);
  expect(await takeover).toMatchObject({ by_device_id: phone });
  const now = await resumed;
  expect(now.state).toMatchObject({ is_playing: true, device: { id: phone } });
  expect(now.state.progress_ms).toBeGreaterThanOrEqual(45_000);

  // The laptop missed nothing, but even if it had: its old epoch can no longer report.
  a.ws.send(JSON.stringify({ type: "position", epoch: first.state.epoch, position_ms: 46_000 }));
  expect(await a.next("error")).toMatchObject({ code: "stale_epoch" });
  a.ws.close();
  b.ws.close();
});
