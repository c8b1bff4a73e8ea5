import { describe, expect, it } from "vitest";
import type { ServerEvent } from "../../durable-objects/user-session/protocol.ts";
import { bearer, call, json, newUser, seedPlayableTrack, type TestUser } from "../test/helpers.ts";

interface QueueBody {
  currently_playing: { id: string } | null;
  ad_playing: boolean;
  queue: { position: number; track: { id: string; uri: string } }[];
  queue_total: number;
  context_uri: string | null;
  next_from_context: { id: string }[];
}

/** A user playing three tracks on a laptop with three more queued: ids of each. */
async function queuedSession() {
  const user = await newUser();
  const registered = await call(
    "/api/player/devices",
    bearer(user.access_token, json({ name: "Laptop", type: "web" })),
  );
  const device = ((await registered.json()) as { device_id: string }).device_id;
  const context = [await seedPlayableTrack(), await seedPlayableTrack(), await seedPlayableTrack()];
  const queued = [await seedPlayableTrack(), await seedPlayableTrack(), await seedPlayableTrack()];
  const uris = context.map((t) => `cadenza:track:${t.trackId}`);
  const played = await call(
    `/v1/me/player/play?device_id=${device}`,
    bearer(user.access_token, json({ uris }, { method: "PUT" })),
  );
  expect(played.status).toBe(204);
  for (const t of queued) {
    const res = await call(
      `/v1/me/player/queue?uri=cadenza:track:${t.trackId}`,
      bearer(user.access_token, { method: "POST" }),
    );
    expect(res.status).toBe(204);
  }
  return {
    user,
    device,
    contextIds: context.map((t) => t.trackId),
    queuedIds: queued.map((t) => t.trackId),
  };
}

const getQueue = async (user: TestUser) => {
  const res = await call("/api/player/queue", bearer(user.access_token));
  expect(res.status).toBe(200);
  return (await res.json()) as QueueBody;
};
const removeAt = (user: TestUser, query: string) =>
  call(`/api/player/queue?${query}`, bearer(user.access_token, { method: "DELETE" }));
const move = (user: TestUser, body: unknown) =>
  call("/api/player/queue", bearer(user.access_token, json(body, { method: "PUT" })));

describe("the queue as the listener edits it", () => {
  it("shows what plays now, the queued tracks with their positions, then the context's next ones", async () => {
    const { user, contextIds, queuedIds } = await queuedSession();
    const queue = await getQueue(user);
    expect(queue.currently_playing?.id).toBe(contextIds[0]);
    expect(queue.ad_playing).toBe(false);
    expect(queue.queue.map((q) => [q.position, q.track.id])).toEqual(queuedIds.map((id, n) => [n, id]));
    expect(queue.queue_total).toBe(3);
    expect(queue.context_uri).toBeNull();
    expect(queue.next_from_context.map((t) => t.id)).toEqual(contextIds.slice(1));
  });

  it("moves a queued track and tells every device, then plays the queue in its new order", async () => {
    const { user, device, queuedIds } = await queuedSession();
    const socket = await call(`/api/player/connect?device_id=${device}&access_token=${user.access_token}`, {
      headers: { upgrade: "websocket" },
    });
    const ws = socket.webSocket as WebSocket;
    const events: ServerEvent[] = [];
    ws.addEventListener("message", (e) => events.push(JSON.parse(e.data as string) as ServerEvent));
    ws.accept();
    const res = await move(user, { range_start: 2, insert_before: 0, uri: `cadenza:track:${queuedIds[2]}` });
    expect(res.status).toBe(200);
    const reordered = [queuedIds[2], queuedIds[0], queuedIds[1]];
    expect(((await res.json()) as QueueBody).queue.map((q) => q.track.id)).toEqual(reordered);
    await new Promise((r) => setTimeout(r, 50));
    const pushed = events.filter((e) => e.type === "state").at(-1);
    expect(pushed?.type === "state" && pushed.state.next_track_ids.slice(0, 3)).toEqual(reordered);
    await call("/v1/me/player/next", bearer(user.access_token, { method: "POST" }));
    const after = await getQueue(user);
    expect(after.currently_playing?.id).toBe(queuedIds[2]);
    expect(after.queue.map((q) => q.track.id)).toEqual([queuedIds[0], queuedIds[1]]);
    ws.close();
  });

  it("removes a queued track by position", async () => {
    const { user, queuedIds } = await queuedSession();
    const res = await removeAt(user, `position=1&uri=cadenza:track:${queuedIds[1]}`);
    expect(res.status).toBe(200);
    const queue = (await res.json()) as QueueBody;
    expect(queue.queue.map((q) => [q.position, q.track.id])).toEqual([
      [0, queuedIds[0]],
      [1, queuedIds[2]],
    ]);
    expect((await removeAt(user, "position=0")).status).toBe(200);
    expect((await getQueue(user)).queue.map((q) => q.track.id)).toEqual([queuedIds[2]]);
  });
});

describe("queue edits that are refused", () => {
  it("rejects bad positions and bodies with 400", async () => {
    const { user } = await queuedSession();
    expect((await removeAt(user, "position=-1")).status).toBe(400);
    expect((await removeAt(user, "position=abc")).status).toBe(400);
    expect((await removeAt(user, "")).status).toBe(400);
    const outside = await removeAt(user, "position=3");
    expect(outside.status).toBe(400);
    expect(((await outside.json()) as { error: { code: string } }).error.code).toBe("invalid_position");
    expect((await move(user, { range_start: 0, insert_before: 4 })).status).toBe(400);
    expect((await move(user, { range_start: 2, insert_before: 0, range_length: 2 })).status).toBe(400);
    expect((await move(user, { range_start: "0", insert_before: 1 })).status).toBe(400);
    expect((await move(user, { range_start: 0, insert_before: 1, extra: true })).status).toBe(400);
    expect((await move(user, { range_start: 0, insert_before: 1, uri: "cadenza:album:x" })).status).toBe(400);
    expect((await getQueue(user)).queue_total).toBe(3);
  });

  it("answers 409 when the item at the position is not the one named (the queue moved on)", async () => {
    const { user, queuedIds } = await queuedSession();
    await call("/v1/me/player/next", bearer(user.access_token, { method: "POST" }));
    const stale = await removeAt(user, `position=0&uri=cadenza:track:${queuedIds[0]}`);
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe("queue_changed");
    const staleMove = await move(user, {
      range_start: 0,
      insert_before: 2,
      uri: `cadenza:track:${queuedIds[0]}`,
    });
    expect(staleMove.status).toBe(409);
    expect((await getQueue(user)).queue.map((q) => q.track.id)).toEqual(queuedIds.slice(1));
  });

  it("keeps each user's queue their own, and wants a signed-in caller", async () => {
    const { user, queuedIds } = await queuedSession();
    const other = await newUser();
    const empty = await getQueue(other);
    expect(empty).toMatchObject({
      currently_playing: null,
      queue: [],
      queue_total: 0,
      next_from_context: [],
    });
    expect((await removeAt(other, "position=0")).status).toBe(400);
    expect((await move(other, { range_start: 0, insert_before: 2 })).status).toBe(400);
    expect((await getQueue(user)).queue.map((q) => q.track.id)).toEqual(queuedIds);
    expect((await call("/api/player/queue")).status).toBe(401);
    expect((await call("/api/player/queue?position=0", { method: "DELETE" })).status).toBe(401);
  });
});
