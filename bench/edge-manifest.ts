import { Agent } from "node:http";
import type { EdgeFixture } from "./edge-fixture.ts";
import { type LoadOptions, type LoadResult, runLoad } from "./http-load.ts";
import type { ReloadGuard } from "./reload-guard.ts";
import { runInterleaved } from "./stats.ts";

/** Requests in flight at once (and sockets in each keep-alive pool). */
export const MANIFEST_CONCURRENCY = 64;
/** Length of one timed round, milliseconds. */
export const MANIFEST_ROUND_MS = 8_000;
/** Timed rounds per target, interleaved. */
export const MANIFEST_ROUNDS = 4;
/** Untimed warm-up per target, milliseconds. */
export const MANIFEST_WARMUP_MS = 2_000;
/** Request cap per round, so a round ends by itself even on a very fast machine. */
const MAX_REQUESTS = 200_000;

export type ManifestTarget = "manifest" | "healthz";

/**
 * Manifest throughput: `GET /stream/{id}/manifest?quality=high` with the listener's bearer token
 * (A) against `GET /healthz` on the same server (B), each with 64 requests in flight over a
 * keep-alive pool, after a warm-up, in interleaved fixed-duration rounds.
 */
export async function measureManifestThroughput(
  fixture: EdgeFixture,
  guard: ReloadGuard,
  log: (line: string) => void,
): Promise<Record<ManifestTarget, LoadResult[]>> {
  const { stack, trackId, listenerToken } = fixture;
  const agents = { manifest: newAgent(), healthz: newAgent() };
  const targets: Record<ManifestTarget, Omit<LoadOptions, "durationMs">> = {
    manifest: {
      url: `${stack.url}/stream/${trackId}/manifest?quality=high`,
      headers: { authorization: `Bearer ${listenerToken}` },
      agent: agents.manifest,
      concurrency: MANIFEST_CONCURRENCY,
      maxRequests: MAX_REQUESTS,
      checkFirstBody(body) {
        const manifest = JSON.parse(body.toString()) as { song_id?: string; quality?: string; chunks?: [] };
        if (manifest.song_id !== trackId || manifest.quality !== "high" || !manifest.chunks?.length) {
          throw new Error(`not the expected manifest: ${body.toString().slice(0, 200)}`);
        }
      },
    },
    healthz: {
      url: `${stack.url}/healthz`,
      agent: agents.healthz,
      concurrency: MANIFEST_CONCURRENCY,
      maxRequests: MAX_REQUESTS,
      checkFirstBody(body) {
        if (body.toString() !== '{"ok":true}') throw new Error(`healthz answered ${body.toString()}`);
      },
    },
  };
  try {
    for (const target of Object.values(targets)) {
      await guard.run(() => runLoad({ ...target, durationMs: MANIFEST_WARMUP_MS }));
    }
    return await runInterleaved(
      MANIFEST_ROUNDS,
      {
        manifest: () => guard.run(() => runLoad({ ...targets.manifest, durationMs: MANIFEST_ROUND_MS })),
        healthz: () => guard.run(() => runLoad({ ...targets.healthz, durationMs: MANIFEST_ROUND_MS })),
      },
      (name, round, result) =>
        log(`round ${round + 1} ${name}: ${(result.requests / result.elapsedSeconds).toFixed(0)} req/s`),
    );
  } finally {
    agents.manifest.destroy();
    agents.healthz.destroy();
  }
}

function newAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: MANIFEST_CONCURRENCY });
}
