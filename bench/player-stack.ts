import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../scripts/demo/accounts.ts";
import { isAvailableIn, listDemoTracks } from "../scripts/demo/catalog.ts";
import { freePort } from "../scripts/free-port.ts";
import { prepare } from "../scripts/prepare.ts";
import { DEMO_PLAYLISTS, seedDemo } from "../scripts/seed-demo.ts";
import { ROOT, readDevVars, type Stack, startStack } from "../scripts/stack.ts";

/** Demo tracks the benchmark plays (licensed in the US, where its listener lives). */
export const PLAYER_BENCH_TRACKS = 8;

/** Where the benchmark's stack keeps its state between runs (the transcodes are the slow part). */
export const PLAYER_BENCH_STATE = join(ROOT, "bench/.out/player-state");

/** One seeding attempt's limit, ms: 8 short tracks transcode in 2–4 minutes on 2 busy cores. */
const SEED_ATTEMPT_MS = 5 * 60_000;

/** What the player benchmark plays through. */
export interface PlayerStack {
  stack: Stack;
  /** premium@cadenza.local's session as the web app stores it (`cadenza.session`), from the start. */
  session: StoredSession;
  /** The demo mix playlist (every seeded track, in order) and its track names in that order. */
  playlistId: string;
  trackNames: string[];
  /** Track durations, s, in the same order. */
  durationsS: number[];
}

/**
 * Starts `wrangler dev` + the transcoder on `bench/.out/player-state` and seeds the first
 * {@link PLAYER_BENCH_TRACKS} US-licensed demo tracks (no ads, no podcasts) — skipped when an
 * earlier run left them there — then signs the demo premium listener in.
 */
export async function startPlayerStack(log: (line: string) => void): Promise<PlayerStack> {
  prepare();
  mkdirSync(PLAYER_BENCH_STATE, { recursive: true });
  const stack = await startStack({
    port: await freePort(),
    transcoderPort: await freePort(),
    persistTo: PLAYER_BENCH_STATE,
  });
  try {
    const tracks = listDemoTracks()
      .filter((track) => isAvailableIn(track, "US"))
      .slice(0, PLAYER_BENCH_TRACKS);
    // `wrangler dev` restarts when someone saves a Worker file, and its local queue loses the
    // transcode messages in flight: such a job stays queued. A new attempt uploads what is
    // still not playable.
    for (let attempt = 1; ; attempt++) {
      try {
        await seedDemo({
          baseUrl: stack.url,
          token: readDevVars().TRANSCODER_TOKEN as string,
          log,
          statusLine: null,
          tracks,
          ads: [],
          shows: [],
          timeoutMs: SEED_ATTEMPT_MS,
        });
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
        log(`seeding attempt ${attempt} failed (${(err as Error).message.slice(0, 200)}); trying again`);
      }
    }
    const session = await signIn(stack.url);
    const auth = { authorization: `Bearer ${session.accessToken}` };
    const playlists = await getJson<{ items: { id: string; name: string }[] }>(
      `${stack.url}/v1/me/playlists?limit=50`,
      auth,
    );
    const mix = playlists.items.find((p) => p.name === DEMO_PLAYLISTS.mix);
    if (!mix) throw new Error(`premium@ has no "${DEMO_PLAYLISTS.mix}" playlist`);
    const items = await getJson<{ items: { track: { name: string; duration_ms: number } }[] }>(
      `${stack.url}/v1/playlists/${mix.id}/tracks?limit=50`,
      auth,
    );
    return {
      stack,
      session,
      playlistId: mix.id,
      trackNames: items.items.map((item) => item.track.name),
      durationsS: items.items.map((item) => item.track.duration_ms / 1000),
    };
  } catch (err) {
    await stack.stop();
    throw err;
  }
}

/** A session as the web app stores it (`cadenza.session`). */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  refreshAt: number;
}

/**
 * Signs the bench listener in anew. Every browser context needs its own session: access tokens
 * last 15 minutes and refresh tokens rotate, so contexts sharing one would sign each other out.
 */
export async function signIn(baseUrl: string): Promise<StoredSession> {
  const login = await postJson<{ access_token: string; refresh_token: string; expires_in: number }>(
    `${baseUrl}/api/auth/login`,
    { email: DEMO_ACCOUNTS.premium.email, password: DEMO_PASSWORD },
  );
  return {
    accessToken: login.access_token,
    refreshToken: login.refresh_token,
    refreshAt: Date.now() + login.expires_in * 1000 - 60_000,
  };
}

async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url} → ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

async function getJson<T>(url: string, headers: Record<string, string>): Promise<T> {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`GET ${url} → ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
