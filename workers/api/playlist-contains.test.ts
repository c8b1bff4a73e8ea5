import { beforeAll, describe, expect, it } from "vitest";
import { bearer, call, json, newUser, seedPlayableTrack, type TestUser } from "../test/helpers.ts";

const send = (user: TestUser, path: string, method = "GET", body?: unknown) =>
  call(path, bearer(user.access_token, body === undefined ? { method } : json(body, { method })));

async function playlistWith(user: TestUser, trackIds: string[], details: Record<string, unknown> = {}) {
  const res = await send(user, "/v1/me/playlists", "POST", { name: "Duplicates", ...details });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const uris = trackIds.map((track) => `cadenza:track:${track}`);
  expect((await send(user, `/v1/playlists/${id}/tracks`, "POST", { uris })).status).toBe(201);
  return id;
}

const contains = (user: TestUser, id: string, trackIds: string[]) =>
  send(user, `/api/playlists/${id}/contains?uris=${trackIds.map((t) => `cadenza:track:${t}`).join(",")}`);

let tracks: string[];

beforeAll(async () => {
  tracks = [];
  for (let i = 0; i < 3; i++) tracks.push((await seedPlayableTrack({ title: `Contained ${i}` })).trackId);
});

describe("GET /api/playlists/{id}/contains", () => {
  it("answers, in the order asked, whether each item is in the playlist", async () => {
    const owner = await newUser();
    const [a, b, c] = tracks as [string, string, string];
    const id = await playlistWith(owner, [a, b, a]);
    const res = await contains(owner, id, [c, a, b, a]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([false, true, true, true]);
  });

  it("rejects bad uris and missing or too many uris with 400", async () => {
    const owner = await newUser();
    const id = await playlistWith(owner, [tracks[0] as string]);
    expect((await send(owner, `/api/playlists/${id}/contains`)).status).toBe(400);
    expect((await send(owner, `/api/playlists/${id}/contains?uris=cadenza:album:x`)).status).toBe(400);
    const many = Array.from({ length: 101 }, (_, n) => `cadenza:track:t${n}`).join(",");
    expect((await send(owner, `/api/playlists/${id}/contains?uris=${many}`)).status).toBe(400);
    expect((await call(`/api/playlists/${id}/contains?uris=cadenza:track:x`)).status).toBe(401);
  });

  it("is as private as the playlist: 404 to another user, answered on a public one", async () => {
    const owner = await newUser();
    const other = await newUser();
    const [a] = tracks as [string];
    const hidden = await playlistWith(owner, [a], { public: false });
    expect((await contains(other, hidden, [a])).status).toBe(404);
    const shown = await playlistWith(owner, [a], { public: true });
    expect(await (await contains(other, shown, [a])).json()).toEqual([true]);
  });
});
