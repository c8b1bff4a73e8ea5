import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { seedTrack } from "../db/contract/seed.ts";
import { createD1CatalogDb } from "../db/d1-catalog-db.ts";
import { withNeonPool } from "../db/neon.ts";
import { createPgCatalogDb } from "../db/pg-catalog-db.ts";
import worker from "../index.ts";
import { ORIGIN, PASSWORD } from "../test/helpers.ts";
import { freshPostgresDatabase } from "../test/postgres.ts";

// The whole Worker with CATALOG_BACKEND=neon: every route's catalog reads and writes go to
// Postgres through the Neon driver (a pool per request), none to D1.
let url: string;
let neonEnv: Env;

beforeAll(async () => {
  url = await freshPostgresDatabase();
  // The generated Env types CATALOG_BACKEND as wrangler.toml's "d1"; the config accepts both.
  neonEnv = { ...env, CATALOG_BACKEND: "neon", DATABASE_URL: url } as unknown as Env;
});

async function call(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  if (init.body) headers.set("content-type", "application/json");
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`, { ...init, headers }), neonEnv, ctx);
  // The request's waitUntil work (pushes, the pool's end) finishes before the next request.
  await waitOnExecutionContext(ctx);
  return res;
}

async function register(): Promise<{ email: string; token: string; id: string }> {
  const email = `neon-${crypto.randomUUID()}@example.com`;
  const body = JSON.stringify({ email, password: PASSWORD, display_name: "Neon Listener", country: "SE" });
  expect((await call("/api/auth/register", { method: "POST", body })).status).toBe(201);
  const login = await call("/api/auth/login", {
    method: "POST",
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(login.status).toBe(200);
  const { access_token } = (await login.json()) as { access_token: string };
  const me = (await (await call("/v1/me", { token: access_token })).json()) as { id: string };
  return { email, token: access_token, id: me.id };
}

describe("the Worker on Postgres (CATALOG_BACKEND=neon)", () => {
  it("keeps accounts, tracks, playlists and search in Postgres, and none of it in D1", async () => {
    const owner = await register();
    const other = await register();
    expect(await createD1CatalogDb(env.DB).findUserByEmail(owner.email)).toBeNull();

    const title = `Neon Lights ${crypto.randomUUID().slice(0, 8)}`;
    const track = await withNeonPool(env, url, (db) =>
      seedTrack(createPgCatalogDb(db), { title, artistName: "The Poolside Set", popularity: 60 }),
    );
    const read = await call(`/v1/tracks/${track.trackId}`, { token: owner.token });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { name: string }).name).toBe(title);

    const created = await call("/v1/me/playlists", {
      method: "POST",
      token: owner.token,
      body: JSON.stringify({ name: "Late night", public: false }),
    });
    expect(created.status).toBe(201);
    const playlist = (await created.json()) as { id: string };
    const added = await call(`/v1/playlists/${playlist.id}/tracks`, {
      method: "POST",
      token: owner.token,
      body: JSON.stringify({ uris: [`cadenza:track:${track.trackId}`, `cadenza:track:${track.trackId}`] }),
    });
    expect(added.status).toBe(201);
    const page = (await (
      await call(`/v1/playlists/${playlist.id}/tracks`, { token: owner.token })
    ).json()) as {
      total: number;
      items: { track: { id: string } }[];
    };
    expect(page.total).toBe(2);
    expect(page.items.map((item) => item.track.id)).toEqual([track.trackId, track.trackId]);
    // A private playlist stays invisible to a second user.
    expect((await call(`/v1/playlists/${playlist.id}`, { token: other.token })).status).toBe(404);

    expect(
      (await call(`/v1/me/tracks?ids=${track.trackId}`, { method: "PUT", token: owner.token })).status,
    ).toBe(200);
    const liked = (await (await call("/v1/me/tracks", { token: owner.token })).json()) as {
      items: { track: { id: string } }[];
    };
    expect(liked.items.map((item) => item.track.id)).toEqual([track.trackId]);

    const found = (await (
      await call(`/v1/search?${new URLSearchParams({ q: title, type: "track" })}`, { token: owner.token })
    ).json()) as { tracks: { items: { id: string }[] } };
    expect(found.tracks.items[0]?.id).toBe(track.trackId);
  });

  it("answers a bad request with a 4xx, not a 5xx, on Postgres too", async () => {
    const user = await register();
    expect((await call("/v1/playlists/not-a-playlist", { token: user.token })).status).toBe(404);
    expect((await call("/v1/tracks?ids=", { token: user.token })).status).toBe(400);
  });
});
