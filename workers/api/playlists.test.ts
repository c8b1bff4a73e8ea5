import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { ServerEvent } from "../../durable-objects/user-session/protocol.ts";
import { MAX_PLAYLIST_ITEMS } from "../services/playlists.ts";
import {
  bearer,
  call,
  expiredToken,
  json,
  newUser,
  seedPlayableEpisode,
  seedPlayableTrack,
  type TestUser,
} from "../test/helpers.ts";

interface PlaylistShape {
  id: string;
  name: string;
  public: boolean;
  collaborative: boolean;
  snapshot_id: string;
  owner: { id: string; display_name: string };
  followers: { total: number };
  images: { url: string }[];
  tracks: {
    total: number;
    items: { added_by: { id: string } | null; added_at: string; track: { id: string } | null }[];
  };
}

const send = (user: TestUser | string, path: string, method: string, body?: unknown) => {
  const token = typeof user === "string" ? user : user.access_token;
  return call(path, bearer(token, body === undefined ? { method } : json(body, { method })));
};

async function createPlaylist(user: TestUser, body: Record<string, unknown> = {}): Promise<PlaylistShape> {
  const res = await send(user, "/v1/me/playlists", "POST", { name: "Road trip", ...body });
  expect(res.status).toBe(201);
  return (await res.json()) as PlaylistShape;
}

async function add(user: TestUser, id: string, trackIds: string[], position?: number) {
  const uris = trackIds.map((t) => `cadenza:track:${t}`);
  const res = await send(user, `/v1/playlists/${id}/tracks`, "POST", { uris, position });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { snapshot_id: string }).snapshot_id;
}

/** The playlist's track ids in order, read page by page as a client would. */
async function itemIds(user: TestUser, id: string): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 100) {
    const res = await send(user, `/v1/playlists/${id}/tracks?offset=${offset}&limit=100`, "GET");
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: { track: { id: string } }[]; next: string | null };
    ids.push(...page.items.map((item) => item.track.id));
    if (!page.next) return ids;
  }
}

async function readPlaylist(user: TestUser, id: string): Promise<PlaylistShape> {
  const res = await send(user, `/v1/playlists/${id}`, "GET");
  expect(res.status).toBe(200);
  return (await res.json()) as PlaylistShape;
}

let tracks: string[];

beforeAll(async () => {
  // Six tracks on six albums (so a playlist of them has a four-album mosaic).
  tracks = [];
  for (let i = 0; i < 6; i++) {
    const seeded = await seedPlayableTrack({
      albumName: `Album ${i}`,
      title: `Song ${i}`,
      genre: "Lo-fi Beats",
    });
    tracks.push(seeded.trackId);
  }
});

describe("creating and reading playlists", () => {
  it("creates a playlist with Spotify's shape, owned and followed by its creator", async () => {
    const owner = await newUser();
    const created = await createPlaylist(owner, { description: "Songs for the A7", public: false });
    expect(created).toMatchObject({
      name: "Road trip",
      description: "Songs for the A7",
      public: false,
      collaborative: false,
      type: "playlist",
      uri: `cadenza:playlist:${created.id}`,
      owner: { id: owner.id, display_name: "Test Listener", type: "user" },
      followers: { href: null, total: 1 },
      tracks: { total: 0, items: [] },
    });
    expect(created.snapshot_id).toMatch(/^[0-9A-Za-z]{22}$/);
    const mine = (await (await send(owner, "/v1/me/playlists", "GET")).json()) as {
      items: { id: string; tracks: { total: number } }[];
      total: number;
    };
    expect(mine.total).toBe(1);
    expect(mine.items[0]).toMatchObject({ id: created.id, tracks: { total: 0 } });
  });

  it("creates through /v1/users/{me}/playlists but never for someone else", async () => {
    const owner = await newUser();
    const other = await newUser();
    const res = await send(owner, `/v1/users/${owner.id}/playlists`, "POST", { name: "Mine" });
    expect(res.status).toBe(201);
    const refused = await send(owner, `/v1/users/${other.id}/playlists`, "POST", { name: "Theirs" });
    expect(refused.status).toBe(403);
    expect((await (await send(other, "/v1/me/playlists", "GET")).json()) as { total: number }).toMatchObject({
      total: 0,
    });
  });

  it("rejects bad bodies and mass assignment with 400, changing nothing", async () => {
    const owner = await newUser();
    for (const body of [
      {},
      { name: "" },
      { name: "x".repeat(101) },
      { name: "ok", owner: { id: "someone" } },
      { name: "ok", snapshot_id: "mine" },
      { name: "ok", followers: { total: 1000 } },
      { name: "ok", public: true, collaborative: true },
    ]) {
      const res = await send(owner, "/v1/me/playlists", "POST", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { status: number } }).error.status).toBe(400);
    }
    const playlist = await createPlaylist(owner);
    for (const body of [{ owner: "x" }, { snapshot_id: "x" }, { followers: 5 }, { tracks: [] }, {}]) {
      const res = await send(owner, `/v1/playlists/${playlist.id}`, "PUT", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const after = await readPlaylist(owner, playlist.id);
    expect(after).toMatchObject({
      owner: { id: owner.id },
      snapshot_id: playlist.snapshot_id,
      followers: { total: 1 },
    });
    const list = (await (await send(owner, "/v1/me/playlists", "GET")).json()) as { total: number };
    expect(list.total).toBe(1);
  });

  it("changes details as the owner; collaborative makes it private", async () => {
    const owner = await newUser();
    const playlist = await createPlaylist(owner);
    expect(
      (await send(owner, `/v1/playlists/${playlist.id}`, "PUT", { name: "Night drive", description: "late" }))
        .status,
    ).toBe(200);
    expect((await send(owner, `/v1/playlists/${playlist.id}`, "PUT", { collaborative: true })).status).toBe(
      200,
    );
    const after = await readPlaylist(owner, playlist.id);
    expect(after).toMatchObject({
      name: "Night drive",
      description: "late",
      collaborative: true,
      public: false,
    });
    const refused = await send(owner, `/v1/playlists/${playlist.id}`, "PUT", { public: true });
    expect(refused.status).toBe(400);
  });
});

describe("items", () => {
  it("appends, inserts at a position, pages, and records who added what when", async () => {
    const owner = await newUser();
    const playlist = await createPlaylist(owner);
    const first = await add(owner, playlist.id, [tracks[0], tracks[1], tracks[2]] as string[]);
    expect(first).not.toBe(playlist.snapshot_id);
    const second = await add(owner, playlist.id, [tracks[3]] as string[], 1);
    expect(second).not.toBe(first);
    // The query-string form Spotify also accepts.
    const viaQuery = await call(
      `/v1/playlists/${playlist.id}/tracks?uris=cadenza:track:${tracks[4]},spotify:track:${tracks[5]}`,
      bearer(owner.access_token, { method: "POST" }),
    );
    expect(viaQuery.status).toBe(201);
    expect(await itemIds(owner, playlist.id)).toEqual([0, 3, 1, 2, 4, 5].map((i) => tracks[i]));

    const page = (await (
      await send(owner, `/v1/playlists/${playlist.id}/tracks?limit=2&offset=2`, "GET")
    ).json()) as {
      items: {
        added_at: string;
        added_by: { id: string };
        is_local: boolean;
        track: { id: string; type: string };
      }[];
      total: number;
      next: string | null;
      previous: string | null;
    };
    expect(page.total).toBe(6);
    expect(page.items.map((i) => i.track.id)).toEqual([tracks[1], tracks[2]]);
    expect(page.items[0]).toMatchObject({ added_by: { id: owner.id, type: "user" }, is_local: false });
    expect(Date.now() - Date.parse(page.items[0]?.added_at ?? "")).toBeLessThan(60_000);
    expect(page.next).toContain("offset=4");
    expect(page.previous).toContain("offset=0");

    const full = await readPlaylist(owner, playlist.id);
    expect(full.tracks.total).toBe(6);
    expect(full.tracks.items).toHaveLength(6);
  });

  it("answers bad item requests with clear 4xx and changes nothing", async () => {
    const owner = await newUser();
    const playlist = await createPlaylist(owner);
    await add(owner, playlist.id, [tracks[0]] as string[]);
    const base = `/v1/playlists/${playlist.id}/tracks`;
    const cases: [string, string, unknown, number][] = [
      ["POST", base, { uris: ["cadenza:track:nope"] }, 404],
      ["POST", base, { uris: ["cadenza:album:x"] }, 400],
      ["POST", base, { uris: ["'; DROP TABLE playlists; --"] }, 400],
      ["POST", base, { uris: [] }, 400],
      ["POST", base, { uris: Array(101).fill(`cadenza:track:${tracks[0]}`) }, 400],
      ["POST", base, { uris: [`cadenza:track:${tracks[0]}`], position: 5 }, 400],
      ["POST", base, { uris: [`cadenza:track:${tracks[0]}`], position: -1 }, 400],
      ["POST", base, {}, 400],
      ["PUT", base, { range_start: 3, insert_before: 0 }, 400],
      ["PUT", base, { range_start: 0, insert_before: 0, range_length: 0 }, 400],
      ["DELETE", base, { tracks: [{ uri: `cadenza:track:${tracks[1]}`, positions: [0] }] }, 400],
      ["DELETE", base, { tracks: [] }, 400],
      ["GET", `${base}?limit=101`, undefined, 400],
      ["GET", `${base}?offset=-1`, undefined, 400],
      ["GET", `/v1/playlists/${playlist.id}?fields=tracks.items(track(name)`, undefined, 400],
    ];
    for (const [method, path, body, status] of cases) {
      const res = await send(owner, path, method, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
      expect(((await res.json()) as { error: { status: number } }).error.status).toBe(status);
    }
    expect((await readPlaylist(owner, playlist.id)).snapshot_id).not.toBe(playlist.snapshot_id);
    expect(await itemIds(owner, playlist.id)).toEqual([tracks[0]]);
  });

  it("reorders ranges both ways and keeps positions dense", async () => {
    const owner = await newUser();
    const playlist = await createPlaylist(owner);
    await add(owner, playlist.id, tracks);
    const reorder = (body: unknown) => send(owner, `/v1/playlists/${playlist.id}/tracks`, "PUT", body);
    // Move items 1..2 to the end.
    expect((await reorder({ range_start: 1, range_length: 2, insert_before: 6 })).status).toBe(200);
    expect(await itemIds(owner, playlist.id)).toEqual([0, 3, 4, 5, 1, 2].map((i) => tracks[i]));
    // Move the last item to the front.
    expect((await reorder({ range_start: 5, insert_before: 0 })).status).toBe(200);
    expect(await itemIds(owner, playlist.id)).toEqual([2, 0, 3, 4, 5, 1].map((i) => tracks[i]));
    // A move onto itself changes nothing but still answers with a snapshot.
    const res = await reorder({ range_start: 2, range_length: 2, insert_before: 3 });
    expect(res.status).toBe(200);
    expect(await itemIds(owner, playlist.id)).toEqual([2, 0, 3, 4, 5, 1].map((i) => tracks[i]));
  });

  it("removes every occurrence of a uri, or exactly the named positions", async () => {
    const owner = await newUser();
    const playlist = await createPlaylist(owner);
    const t = tracks as [string, string, string, string, string, string];
    await add(owner, playlist.id, [t[0], t[1], t[0], t[2], t[0], t[3]]);
    const remove = (body: unknown) => send(owner, `/v1/playlists/${playlist.id}/tracks`, "DELETE", body);
    let res = await remove({ tracks: [{ uri: `cadenza:track:${t[0]}`, positions: [2] }] });
    expect(res.status).toBe(200);
    expect(await itemIds(owner, playlist.id)).toEqual([t[0], t[1], t[2], t[0], t[3]]);
    res = await remove({ tracks: [{ uri: `cadenza:track:${t[0]}` }, { uri: `cadenza:track:${t[3]}` }] });
    expect(res.status).toBe(200);
    expect(await itemIds(owner, playlist.id)).toEqual([t[1], t[2]]);
    expect((await readPlaylist(owner, playlist.id)).tracks.total).toBe(2);
    // Removing what is not there is no change.
    const before = (await readPlaylist(owner, playlist.id)).snapshot_id;
    res = await remove({ tracks: [{ uri: `cadenza:track:${t[5]}` }] });
    expect(((await res.json()) as { snapshot_id: string }).snapshot_id).toBe(before);
  });

  it("replaces all items, and empties with an empty list", async () => {
    const owner = await newUser();
    const playlist = await createPlaylist(owner);
    await add(owner, playlist.id, tracks);
    const uris = [tracks[5], tracks[4]].map((t) => `cadenza:track:${t}`);
    expect((await send(owner, `/v1/playlists/${playlist.id}/tracks`, "PUT", { uris })).status).toBe(201);
    expect(await itemIds(owner, playlist.id)).toEqual([tracks[5], tracks[4]]);
    expect((await send(owner, `/v1/playlists/${playlist.id}/tracks`, "PUT", { uris: [] })).status).toBe(201);
    expect((await readPlaylist(owner, playlist.id)).tracks.total).toBe(0);
  });

  it("refuses a positional change against a stale snapshot_id, leaving the items as they were", async () => {
    const owner = await newUser();
    const playlist = await createPlaylist(owner);
    const t = tracks as [string, string, string, string, string, string];
    const seen = await add(owner, playlist.id, [t[0], t[1], t[2]]);
    await add(owner, playlist.id, [t[3]], 0); // someone else's change: everything shifts by one
    const reorder = await send(owner, `/v1/playlists/${playlist.id}/tracks`, "PUT", {
      range_start: 0,
      insert_before: 3,
      snapshot_id: seen,
    });
    expect(reorder.status).toBe(409);
    expect(((await reorder.json()) as { error: { code: string } }).error.code).toBe("snapshot_conflict");
    const removal = await send(owner, `/v1/playlists/${playlist.id}/tracks`, "DELETE", {
      tracks: [{ uri: `cadenza:track:${t[0]}`, positions: [0] }],
      snapshot_id: seen,
    });
    expect(removal.status).toBe(409);
    expect(await itemIds(owner, playlist.id)).toEqual([t[3], t[0], t[1], t[2]]);
    // Removing by uri alone names no positions, so a stale snapshot does not conflict.
    const byUri = await send(owner, `/v1/playlists/${playlist.id}/tracks`, "DELETE", {
      tracks: [{ uri: `cadenza:track:${t[3]}` }],
      snapshot_id: seen,
    });
    expect(byUri.status).toBe(200);
    expect(await itemIds(owner, playlist.id)).toEqual([t[0], t[1], t[2]]);
  });

  it("holds podcast episodes beside tracks, shown as episode objects", async () => {
    const owner = await newUser();
    const playlist = await createPlaylist(owner);
    const episode = await seedPlayableEpisode();
    const uris = [`cadenza:track:${tracks[0]}`, `cadenza:episode:${episode.trackId}`];
    expect((await send(owner, `/v1/playlists/${playlist.id}/tracks`, "POST", { uris })).status).toBe(201);
    // An episode named as a track (or the other way round) is not found.
    const wrong = await send(owner, `/v1/playlists/${playlist.id}/tracks`, "POST", {
      uris: [`cadenza:track:${episode.trackId}`],
    });
    expect(wrong.status).toBe(404);
    const page = (await (await send(owner, `/v1/playlists/${playlist.id}/tracks`, "GET")).json()) as {
      items: { track: { id: string; type: string; show?: { id: string } } }[];
    };
    expect(page.items.map((i) => [i.track.type, i.track.id])).toEqual([
      ["track", tracks[0]],
      ["episode", episode.trackId],
    ]);
    expect(page.items[1]?.track.show?.id).toBe(episode.albumId);
  });

  it("filters the playlist object with Spotify's fields syntax", async () => {
    const owner = await newUser();
    const playlist = await createPlaylist(owner);
    await add(owner, playlist.id, [tracks[0]] as string[]);
    const res = await send(
      owner,
      `/v1/playlists/${playlist.id}?fields=name,tracks.total,tracks.items(added_by.id,track(name,album(!available_markets,name)))`,
      "GET",
    );
    expect(await res.json()).toEqual({
      name: "Road trip",
      tracks: {
        total: 1,
        items: [{ added_by: { id: owner.id }, track: { name: "Song 0", album: { name: "Album 0" } } }],
      },
    });
  });

  it(`holds at most ${MAX_PLAYLIST_ITEMS} items`, async () => {
    const owner = await newUser();
    const playlist = await createPlaylist(owner);
    // Fill to one short of the limit directly (100 API calls would only slow the test down).
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?2 - 1)
       INSERT INTO playlist_items (playlist_id, position, track_id, added_by, added_at)
       SELECT ?1, i, ?3, ?4, 0 FROM n`,
    )
      .bind(playlist.id, MAX_PLAYLIST_ITEMS - 1, tracks[0], owner.id)
      .run();
    await env.DB.prepare("UPDATE playlists SET item_count = ?2 WHERE id = ?1")
      .bind(playlist.id, MAX_PLAYLIST_ITEMS - 1)
      .run();
    const two = [tracks[1], tracks[2]].map((t) => `cadenza:track:${t}`);
    const refused = await send(owner, `/v1/playlists/${playlist.id}/tracks`, "POST", { uris: two });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: "playlist_full",
      message: expect.stringContaining("10000"),
    });
    await add(owner, playlist.id, [tracks[1]] as string[]);
    const full = await send(owner, `/v1/playlists/${playlist.id}/tracks`, "POST", { uris: [two[1]] });
    expect(full.status).toBe(403);
    const last = (await (
      await send(owner, `/v1/playlists/${playlist.id}/tracks?offset=9990&limit=100`, "GET")
    ).json()) as { items: { track: { id: string } }[]; total: number };
    expect(last.total).toBe(MAX_PLAYLIST_ITEMS);
    expect(last.items).toHaveLength(10);
    expect(last.items.at(-1)?.track.id).toBe(tracks[1]);
  });
});

describe("concurrent edits", () => {
  it("5 users × 20 concurrent appends on a collaborative playlist: all 100 present once, positions dense", async () => {
    const owner = await newUser();
    const playlist = await createPlaylist(owner, { collaborative: true });
    const others = await Promise.all([1, 2, 3, 4].map(() => newUser()));
    for (const user of others) {
      const res = await send(owner, `/api/playlists/${playlist.id}/collaborators`, "POST", {
        user_id: user.id,
      });
      expect(res.status).toBe(201);
    }
    const editors = [owner, ...others];
    // Each request adds one track and is told apart by its adder and slot: 100 distinct (user, n) pairs.
    const results = await Promise.all(
      editors.flatMap((user) =>
        Array.from({ length: 20 }, (_, n) =>
          send(user, `/v1/playlists/${playlist.id}/tracks`, "POST", {
            uris: [`cadenza:track:${tracks[n % tracks.length]}`],
          }),
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(100).fill(201));
    const snapshots = await Promise.all(
      results.map(async (r) => ((await r.json()) as { snapshot_id: string }).snapshot_id),
    );
    expect(new Set(snapshots).size).toBe(100);
    const rows = await env.DB.prepare(
      "SELECT position, added_by FROM playlist_items WHERE playlist_id = ? ORDER BY position",
    )
      .bind(playlist.id)
      .all<{ position: number; added_by: string }>();
    expect(rows.results.map((r) => r.position)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    for (const user of editors) {
      expect(rows.results.filter((r) => r.added_by === user.id)).toHaveLength(20);
    }
    expect((await readPlaylist(owner, playlist.id)).tracks.total).toBe(100);
  });

  it("concurrent reorders against one snapshot: exactly one wins, the rest get 409, nothing lost or doubled", async () => {
    const owner = await newUser();
    const playlist = await createPlaylist(owner);
    const snapshot = await add(owner, playlist.id, tracks);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        send(owner, `/v1/playlists/${playlist.id}/tracks`, "PUT", {
          range_start: i % 6,
          insert_before: (i * 7 + 3) % 7,
          snapshot_id: snapshot,
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    expect((await itemIds(owner, playlist.id)).sort()).toEqual([...tracks].sort());
  });
});

describe("who may do what", () => {
  async function setting() {
    const owner = await newUser();
    const collaborator = await newUser();
    const other = await newUser();
    const priv = await createPlaylist(owner, { collaborative: true });
    expect(
      (await send(owner, `/api/playlists/${priv.id}/collaborators`, "POST", { user_id: collaborator.id }))
        .status,
    ).toBe(201);
    await add(owner, priv.id, [tracks[0], tracks[1]] as string[]);
    const pub = await createPlaylist(owner, { public: true });
    await add(owner, pub.id, [tracks[0], tracks[1]] as string[]);
    const expired = await expiredToken(other);
    return { owner, collaborator, other, priv, pub, expired };
  }

  it("a private playlist is invisible (404) to others, readable by owner and collaborator", async () => {
    const { owner, collaborator, other, priv, expired } = await setting();
    const paths = [
      `/v1/playlists/${priv.id}`,
      `/v1/playlists/${priv.id}/tracks`,
      `/v1/playlists/${priv.id}/images`,
      `/v1/playlists/${priv.id}/followers/contains`,
    ];
    for (const path of paths) {
      expect((await send(owner, path, "GET")).status, path).toBe(200);
      expect((await send(collaborator, path, "GET")).status, path).toBe(200);
      expect((await send(other, path, "GET")).status, path).toBe(404);
      expect((await call(path)).status, path).toBe(401);
      expect((await send(expired, path, "GET")).status, path).toBe(401);
    }
    // Nor can others follow, change or learn about it.
    const writes: [string, string, unknown][] = [
      ["PUT", `/v1/playlists/${priv.id}`, { name: "mine now" }],
      ["POST", `/v1/playlists/${priv.id}/tracks`, { uris: [`cadenza:track:${tracks[2]}`] }],
      ["PUT", `/v1/playlists/${priv.id}/tracks`, { range_start: 0, insert_before: 2 }],
      ["DELETE", `/v1/playlists/${priv.id}/tracks`, { tracks: [{ uri: `cadenza:track:${tracks[0]}` }] }],
      ["PUT", `/v1/playlists/${priv.id}/followers`, {}],
      ["DELETE", `/api/playlists/${priv.id}`, undefined],
      ["GET", `/api/playlists/${priv.id}/activity`, undefined],
      ["POST", `/api/playlists/${priv.id}/collaborators`, { user_id: other.id }],
    ];
    for (const [method, path, body] of writes) {
      expect((await send(other, path, method, body)).status, `${method} ${path}`).toBe(404);
      expect((await send(expired, path, method, body)).status, `${method} ${path}`).toBe(401);
      expect((await call(path, body === undefined ? { method } : json(body, { method }))).status).toBe(401);
    }
    expect(await itemIds(owner, priv.id)).toEqual([tracks[0], tracks[1]]);
    expect((await readPlaylist(owner, priv.id)).name).toBe("Road trip");
  });

  it("collaborators change items but not details, deletion or the collaborator list", async () => {
    const { owner, collaborator, other, priv } = await setting();
    expect(
      (
        await send(collaborator, `/v1/playlists/${priv.id}/tracks`, "POST", {
          uris: [`cadenza:track:${tracks[2]}`],
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await send(collaborator, `/v1/playlists/${priv.id}/tracks`, "PUT", {
          range_start: 2,
          insert_before: 0,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await send(collaborator, `/v1/playlists/${priv.id}/tracks`, "DELETE", {
          tracks: [{ uri: `cadenza:track:${tracks[1]}` }],
        })
      ).status,
    ).toBe(200);
    expect(await itemIds(owner, priv.id)).toEqual([tracks[2], tracks[0]]);
    for (const [method, path, body] of [
      ["PUT", `/v1/playlists/${priv.id}`, { name: "hijacked" }],
      ["DELETE", `/api/playlists/${priv.id}`, undefined],
      ["POST", `/api/playlists/${priv.id}/collaborators`, { user_id: other.id }],
      ["DELETE", `/api/playlists/${priv.id}/collaborators/${owner.id}`, undefined],
      ["POST", `/api/playlists/${priv.id}/invite-link`, undefined],
      ["POST", `/api/playlists/${priv.id}/share-link`, undefined],
    ] as [string, string, unknown][]) {
      expect((await send(collaborator, path, method, body)).status, `${method} ${path}`).toBe(403);
    }
    expect((await readPlaylist(owner, priv.id)).name).toBe("Road trip");
    // The owner ends collaboration: the collaborator can still read but no longer edit.
    expect((await send(owner, `/v1/playlists/${priv.id}`, "PUT", { collaborative: false })).status).toBe(200);
    const refused = await send(collaborator, `/v1/playlists/${priv.id}/tracks`, "POST", {
      uris: [`cadenza:track:${tracks[3]}`],
    });
    expect(refused.status).toBe(403);
    // A collaborator may leave; then the private playlist is gone for them.
    expect(
      (await send(collaborator, `/api/playlists/${priv.id}/collaborators/${collaborator.id}`, "DELETE"))
        .status,
    ).toBe(204);
    expect((await send(collaborator, `/v1/playlists/${priv.id}`, "GET")).status).toBe(404);
  });

  it("others read a public playlist and may follow it, but change nothing (403)", async () => {
    const { owner, other, pub } = await setting();
    expect((await send(other, `/v1/playlists/${pub.id}`, "GET")).status).toBe(200);
    for (const [method, path, body] of [
      ["PUT", `/v1/playlists/${pub.id}`, { name: "mine now" }],
      ["POST", `/v1/playlists/${pub.id}/tracks`, { uris: [`cadenza:track:${tracks[2]}`] }],
      ["PUT", `/v1/playlists/${pub.id}/tracks`, { uris: [] }],
      ["DELETE", `/v1/playlists/${pub.id}/tracks`, { tracks: [{ uri: `cadenza:track:${tracks[0]}` }] }],
      ["DELETE", `/api/playlists/${pub.id}`, undefined],
      ["GET", `/api/playlists/${pub.id}/activity`, undefined],
    ] as [string, string, unknown][]) {
      expect((await send(other, path, method, body)).status, `${method} ${path}`).toBe(403);
    }
    expect(await itemIds(owner, pub.id)).toEqual([tracks[0], tracks[1]]);

    expect((await send(other, `/v1/playlists/${pub.id}/followers`, "PUT", { public: false })).status).toBe(
      200,
    );
    const contains = (viewer: TestUser, ids: string) =>
      send(viewer, `/v1/playlists/${pub.id}/followers/contains?ids=${ids}`, "GET").then((r) => r.json());
    expect(await contains(other, `${other.id},${owner.id}`)).toEqual([true, true]);
    // A private follow shows only to the follower.
    expect(await contains(owner, other.id)).toEqual([false]);
    expect((await readPlaylist(owner, pub.id)).followers.total).toBe(2);
    const followed = (await (await send(other, "/v1/me/playlists", "GET")).json()) as {
      items: { id: string }[];
    };
    expect(followed.items.map((p) => p.id)).toEqual([pub.id]);
    // Their public profile's list shows public follows only.
    const listed = (await (await send(owner, `/v1/users/${other.id}/playlists`, "GET")).json()) as {
      total: number;
    };
    expect(listed.total).toBe(0);
    expect((await send(other, `/v1/playlists/${pub.id}/followers`, "DELETE")).status).toBe(200);
    expect((await readPlaylist(owner, pub.id)).followers.total).toBe(1);
  });

  it("a user's public playlists are listed to others, private ones only to themselves", async () => {
    const { owner, other, priv, pub } = await setting();
    const theirs = (await (await send(other, `/v1/users/${owner.id}/playlists`, "GET")).json()) as {
      items: { id: string }[];
    };
    expect(theirs.items.map((p) => p.id)).toEqual([pub.id]);
    const own = (await (await send(owner, `/v1/users/${owner.id}/playlists`, "GET")).json()) as {
      items: { id: string }[];
    };
    expect(own.items.map((p) => p.id).sort()).toEqual([priv.id, pub.id].sort());
    expect((await send(other, "/v1/users/nobody/playlists", "GET")).status).toBe(404);
  });

  it("the owner deletes a playlist for everyone", async () => {
    const { owner, collaborator, priv } = await setting();
    expect((await send(owner, `/api/playlists/${priv.id}`, "DELETE")).status).toBe(204);
    expect((await send(owner, `/v1/playlists/${priv.id}`, "GET")).status).toBe(404);
    expect((await send(collaborator, `/v1/playlists/${priv.id}`, "GET")).status).toBe(404);
    const left = await env.DB.prepare("SELECT count(*) AS n FROM playlist_items WHERE playlist_id = ?")
      .bind(priv.id)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
  });
});

describe("collaboration", () => {
  it("invites by link; the activity log says who did what; devices of every editor hear of changes", async () => {
    const owner = await newUser();
    const friend = await newUser();
    const playlist = await createPlaylist(owner);
    // Not collaborative yet: no invites.
    expect((await send(owner, `/api/playlists/${playlist.id}/invite-link`, "POST")).status).toBe(409);
    await send(owner, `/v1/playlists/${playlist.id}`, "PUT", { collaborative: true });
    const link = (await (await send(owner, `/api/playlists/${playlist.id}/invite-link`, "POST")).json()) as {
      token: string;
      url: string;
    };
    expect(link.url).toContain(`/share/playlist/${playlist.id}?invite=`);
    expect((await send(friend, "/api/playlists/join", "POST", { token: "wrong" })).status).toBe(404);
    const joined = await send(friend, "/api/playlists/join", "POST", { token: link.token });
    expect(joined.status).toBe(200);

    // The owner's device listens for pushes.
    const device = await call(
      "/api/player/devices",
      bearer(owner.access_token, json({ name: "Laptop", type: "computer" })),
    );
    const { device_id } = (await device.json()) as { device_id: string };
    const socket = await call(
      `/api/player/connect?device_id=${device_id}&access_token=${owner.access_token}`,
      {
        headers: { upgrade: "websocket" },
      },
    );
    const ws = socket.webSocket as WebSocket;
    const events: ServerEvent[] = [];
    ws.addEventListener("message", (e) => events.push(JSON.parse(e.data as string) as ServerEvent));
    ws.accept();

    const snapshot = await add(friend, playlist.id, [tracks[0], tracks[1]] as string[]);
    await expect
      .poll(() => events.find((e) => e.type === "playlist_changed"), { timeout: 3000 })
      .toEqual({
        type: "playlist_changed",
        playlist_id: playlist.id,
        snapshot_id: snapshot,
        action: "add",
        by_user_id: friend.id,
      });
    ws.close();

    await send(friend, `/v1/playlists/${playlist.id}/tracks`, "DELETE", {
      tracks: [{ uri: `cadenza:track:${tracks[0]}` }],
    });
    const activity = (await (await send(owner, `/api/playlists/${playlist.id}/activity`, "GET")).json()) as {
      items: { action: string; user: { id: string } | null; track_ids?: string[]; position?: number }[];
      total: number;
    };
    expect(activity.items.map((a) => [a.action, a.user?.id])).toEqual([
      ["remove", friend.id],
      ["add", friend.id],
      ["collaborator_added", friend.id],
      ["details", owner.id],
      ["create", owner.id],
    ]);
    expect(activity.items[0]?.track_ids).toEqual([tracks[0]]);
    expect(activity.items[1]).toMatchObject({ track_ids: [tracks[0], tracks[1]], position: 0 });
    // Revoked links stop working, and so do links of a playlist that stopped being collaborative.
    expect((await send(owner, `/api/playlists/${playlist.id}/invite-link`, "DELETE")).status).toBe(204);
    const late = await newUser();
    expect((await send(late, "/api/playlists/join", "POST", { token: link.token })).status).toBe(404);
    const again = (await (await send(owner, `/api/playlists/${playlist.id}/invite-link`, "POST")).json()) as {
      token: string;
    };
    expect(again.token).not.toBe(link.token);
    await send(owner, `/v1/playlists/${playlist.id}`, "PUT", { collaborative: false });
    expect((await send(late, "/api/playlists/join", "POST", { token: again.token })).status).toBe(404);
    expect((await send(late, `/v1/playlists/${playlist.id}`, "GET")).status).toBe(404);
  });
});

describe("sharing and covers", () => {
  it("an unlisted link opens a private playlist read-only, until revoked", async () => {
    const owner = await newUser();
    const other = await newUser();
    const playlist = await createPlaylist(owner, { public: false });
    await add(owner, playlist.id, [tracks[0]] as string[]);
    const link = (await (await send(owner, `/api/playlists/${playlist.id}/share-link`, "POST")).json()) as {
      token: string;
      url: string;
    };
    expect(link.url).toContain(`?token=${link.token}`);
    const path = `/v1/playlists/${playlist.id}?share_token=${link.token}`;
    expect((await send(other, path, "GET")).status).toBe(200);
    expect((await send(other, `/v1/playlists/${playlist.id}?share_token=guess`, "GET")).status).toBe(404);
    expect(
      (await send(other, `/v1/playlists/${playlist.id}/tracks?share_token=${link.token}`, "GET")).status,
    ).toBe(200);
    // Read-only: the token grants no changes.
    const change = await send(
      other,
      `/v1/playlists/${playlist.id}/tracks?share_token=${link.token}`,
      "POST",
      {
        uris: [`cadenza:track:${tracks[1]}`],
      },
    );
    expect(change.status).toBe(404);
    expect((await send(owner, `/api/playlists/${playlist.id}/share-link`, "DELETE")).status).toBe(204);
    expect((await send(other, path, "GET")).status).toBe(404);
  });

  it("draws a mosaic of the first four albums, signed for private playlists", async () => {
    const owner = await newUser();
    const playlist = await createPlaylist(owner, { public: false });
    const empty = (await readPlaylist(owner, playlist.id)).images[0]?.url as string;
    expect(empty).toContain("sig=");
    const blank = await call(empty.replace("http://cadenza.test", ""));
    expect(blank.status).toBe(200);
    expect(await blank.text()).not.toContain("<image");
    await add(owner, playlist.id, tracks);
    const url = (await readPlaylist(owner, playlist.id)).images[0]?.url as string;
    expect(url).not.toBe(empty);
    const res = await call(url.replace("http://cadenza.test", ""));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("image/svg+xml");
    expect((await res.text()).match(/<image /g)).toHaveLength(4);
    // Without the signature a private playlist's cover is not found.
    const unsigned = new URL(url);
    unsigned.searchParams.delete("sig");
    expect((await call(unsigned.pathname + unsigned.search)).status).toBe(404);
  });

  it("lists public playlists in a genre's category", async () => {
    const owner = await newUser();
    const pub = await createPlaylist(owner, { name: "Lo-fi to study to" });
    await add(owner, pub.id, tracks);
    const priv = await createPlaylist(owner, { public: false });
    await add(owner, priv.id, tracks);
    const res = await send(owner, "/v1/browse/categories/lo-fi-beats/playlists?limit=50", "GET");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { playlists: { items: { id: string }[] } };
    const ids = body.playlists.items.map((p) => p.id);
    expect(ids).toContain(pub.id);
    expect(ids).not.toContain(priv.id);
    expect((await send(owner, "/v1/browse/categories/nope/playlists", "GET")).status).toBe(404);
  });
});

describe("playing a playlist", () => {
  it("plays a playlist as a context from a chosen item; a private one only for those who may read it", async () => {
    const owner = await newUser();
    const other = await newUser();
    const playlist = await createPlaylist(owner, { public: false });
    const t = tracks as [string, string, string, string, string, string];
    await add(owner, playlist.id, [t[2], t[0], t[4]]);
    const device = async (user: TestUser) => {
      const res = await call(
        "/api/player/devices",
        bearer(user.access_token, json({ name: "Laptop", type: "computer" })),
      );
      return ((await res.json()) as { device_id: string }).device_id;
    };
    const mine = await device(owner);
    const body = { context_uri: `cadenza:playlist:${playlist.id}`, offset: { uri: `cadenza:track:${t[0]}` } };
    const play = await call(
      `/v1/me/player/play?device_id=${mine}`,
      bearer(owner.access_token, json(body, { method: "PUT" })),
    );
    expect(play.status).toBe(204);
    const state = (await (await send(owner, "/v1/me/player", "GET")).json()) as {
      item: { id: string };
      context: { type: string; uri: string };
    };
    expect(state.item.id).toBe(t[0]);
    expect(state.context).toMatchObject({ type: "playlist", uri: `cadenza:playlist:${playlist.id}` });
    expect((await send(owner, `/v1/me/player/next?device_id=${mine}`, "POST")).status).toBe(204);
    expect(
      ((await (await send(owner, "/v1/me/player", "GET")).json()) as { item: { id: string } }).item.id,
    ).toBe(t[4]);

    const theirs = await device(other);
    const refused = await call(
      `/v1/me/player/play?device_id=${theirs}`,
      bearer(other.access_token, json({ context_uri: `cadenza:playlist:${playlist.id}` }, { method: "PUT" })),
    );
    expect(refused.status).toBe(404);
    const outside = await call(
      `/v1/me/player/play?device_id=${mine}`,
      bearer(
        owner.access_token,
        json({ context_uri: `cadenza:playlist:${playlist.id}`, offset: { position: 3 } }, { method: "PUT" }),
      ),
    );
    expect(outside.status).toBe(400);
  });
});

describe("share pages", () => {
  it("serves OpenGraph cards for public things, and private playlists only with their link's token", async () => {
    const owner = await newUser();
    const pub = await createPlaylist(owner, { name: `Songs <script>alert(1)</script> & more` });
    await add(owner, pub.id, [tracks[0]] as string[]);
    const res = await call(`/share/playlist/${pub.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain(
      '<meta property="og:title" content="Songs &lt;script&gt;alert(1)&lt;/script&gt; &amp; more">',
    );
    expect(html).not.toContain("<script>");
    expect(html).toContain('<meta property="og:type" content="music.playlist">');
    expect(html).toContain(`/playlist/${pub.id}`);
    expect(html).toMatch(/og:image" content="http:\/\/cadenza\.test\/api\/images\/playlist\//);

    const track = await call(`/share/track/${tracks[0]}`);
    expect(track.status).toBe(200);
    const trackHtml = await track.text();
    expect(trackHtml).toContain('<meta property="og:title" content="Song 0">');
    expect(trackHtml).toContain('content="music.song"');

    const priv = await createPlaylist(owner, { name: "Secret", public: false });
    expect((await call(`/share/playlist/${priv.id}`)).status).toBe(404);
    const link = (await (await send(owner, `/api/playlists/${priv.id}/share-link`, "POST")).json()) as {
      url: string;
    };
    const shared = await call(new URL(link.url).pathname + new URL(link.url).search);
    expect(shared.status).toBe(200);
    expect(await shared.text()).toContain("Secret");
    expect((await call(`/share/playlist/${priv.id}?token=wrong`)).status).toBe(404);
    expect((await call("/share/album/nope")).status).toBe(404);
    expect((await call("/share/user/x")).status).toBe(400);
  });
});

describe("searching playlists", () => {
  it("finds public playlists by name and owner, most followed first, and never private ones", async () => {
    const owner = await newUser();
    const fan = await newUser();
    const word = `zq${Date.now().toString(36)}`; // a word no other test's playlist has
    const quiet = await createPlaylist(owner, { name: `${word} evenings` });
    const loved = await createPlaylist(owner, { name: `${word} mornings` });
    const hidden = await createPlaylist(owner, { name: `${word} secrets`, public: false });
    expect((await send(fan, `/v1/playlists/${loved.id}/followers`, "PUT", {})).status).toBe(200);
    const search = async (q: string) => {
      const res = await send(fan, `/v1/search?q=${encodeURIComponent(q)}&type=playlist`, "GET");
      expect(res.status).toBe(200);
      return (
        (await res.json()) as { playlists: { items: { id: string; owner: { id: string } }[]; total: number } }
      ).playlists;
    };
    const found = await search(word);
    expect(found.items.map((p) => p.id)).toEqual([loved.id, quiet.id]);
    expect(found.items[0]?.owner.id).toBe(owner.id);
    // (Each query is asked once: answers are edge-cached for five minutes.)
    expect((await search(`${word} secret`)).total).toBe(0);
    // Going private (or being deleted) takes a playlist out of search; going public puts it in.
    await send(owner, `/v1/playlists/${loved.id}`, "PUT", { public: false });
    await send(owner, `/v1/playlists/${hidden.id}`, "PUT", { public: true });
    expect((await search(`${word} mornings`)).total).toBe(0);
    expect((await search(`${word} secrets`)).items.map((p) => p.id)).toEqual([hidden.id]);
    await send(owner, `/api/playlists/${quiet.id}`, "DELETE");
    expect((await search(`${word} evenings`)).total).toBe(0);
    // Field filters name fields playlists do not have.
    expect((await search(`${word} artist:x`)).total).toBe(0);
    const suggestions = await send(fan, `/api/search/autocomplete?q=${word}%20sec`, "GET");
    expect(((await suggestions.json()) as { suggestions: unknown[] }).suggestions).toEqual([
      { type: "playlist", text: `${word} secrets`, id: hidden.id },
    ]);
  });
});
