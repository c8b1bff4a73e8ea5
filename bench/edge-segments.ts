import { readFileSync, writeFileSync } from "node:fs";
import { Agent } from "node:http";
import { join } from "node:path";
import { freePort } from "../scripts/free-port.ts";
import type { EdgeFixture } from "./edge-fixture.ts";
import { type LoadOptions, type LoadResult, runLoad } from "./http-load.ts";
import type { ReloadGuard } from "./reload-guard.ts";
import { startStaticServer } from "./static-server.ts";
import { runInterleaved } from "./stats.ts";
import { startWorkerdDirect } from "./workerd-direct.ts";

/** Concurrent downloading clients (one keep-alive socket each). */
export const SEGMENT_CLIENTS = 8;
/** Length of one timed round, milliseconds. */
export const SEGMENT_ROUND_MS = 8_000;
/** Timed rounds per server, interleaved. */
export const SEGMENT_ROUNDS = 4;
/** Untimed warm-up per server, milliseconds. */
export const SEGMENT_WARMUP_MS = 1_000;
/** Download cap per round, so a round ends by itself. */
const MAX_DOWNLOADS = 100_000;
/** Rounds and length (milliseconds) of the breakdown runs (small requests on the same path). */
export const BREAKDOWN_ROUNDS = 2;
export const BREAKDOWN_ROUND_MS = 4_000;

/** `cadenza`: through `wrangler dev`; `workerd`: the same bundle on one workerd (no dev proxy). */
export type SegmentServer = "cadenza" | "workerd" | "static";

export interface SegmentDelivery {
  samples: Record<SegmentServer, LoadResult[]>;
  /**
   * Where Cadenza's time per segment goes, same 8 clients: `/healthz` (wrangler dev's floor for
   * any request) and the signed `init.mp4` (signature check + Cache API lookup, ~no bytes).
   */
  breakdown: Record<"healthz" | "init", LoadResult[]>;
  /** Size of init.mp4, bytes. */
  initBytes: number;
  /** Size of the downloaded segment, bytes. */
  segmentBytes: number;
  /** Which segment: `lossless #n`. */
  segmentName: string;
}

interface Manifest {
  quality: string;
  init_url: string;
  chunks: { url: string; size: number }[];
}

/**
 * Segment delivery: the largest lossless segment downloaded over and over by 8 clients from
 * Cadenza's signed segment URL (edge cache warm) on `wrangler dev`, from the same Worker bundle
 * on one workerd without the dev proxy, and from a plain Node static server holding the same
 * bytes on disk, in interleaved fixed-duration rounds. The first body of every run must
 * equal the file byte for byte, and every body must have the manifest's size.
 */
export async function measureSegmentDelivery(
  fixture: EdgeFixture,
  guard: ReloadGuard,
  log: (line: string) => void,
): Promise<SegmentDelivery> {
  const { cadenza, stack, trackId, listenerToken, workDir } = fixture;
  const manifest = await cadenza.json<Manifest>(`/stream/${trackId}/manifest?quality=lossless`, {
    token: listenerToken,
  });
  if (manifest.quality !== "lossless") throw new Error(`asked for lossless, got ${manifest.quality}`);
  const largest = manifest.chunks.reduce((a, b) => (b.size > a.size ? b : a));
  const index = manifest.chunks.indexOf(largest);
  const res = await cadenza.request(largest.url);
  const fetched = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200 || fetched.length !== largest.size) {
    throw new Error(`segment ${index} → ${res.status}, ${fetched.length} bytes of ${largest.size}`);
  }
  const path = join(workDir, "segment.m4s");
  writeFileSync(path, fetched);
  const fileBytes = readFileSync(path);
  const staticServer = await startStaticServer(path, await freePort());
  log("building the bundle and starting it on workerd without wrangler dev's proxy");
  const direct = await startWorkerdDirect(workDir, await freePort());
  // Same object key and the same signed path: only the origin differs.
  const signed = new URL(largest.url);
  await direct.putObject(signed.pathname.replace(/^\/stream\//, "audio/"), fetched);
  const agents = { cadenza: newAgent(), workerd: newAgent(), static: newAgent() };
  const target = (url: string, agent: Agent): Omit<LoadOptions, "durationMs"> => ({
    url,
    agent,
    concurrency: SEGMENT_CLIENTS,
    maxRequests: MAX_DOWNLOADS,
    expectedBytes: fileBytes.length,
    checkFirstBody(body) {
      if (!body.equals(fileBytes)) throw new Error(`${url} served other bytes than the segment file`);
    },
  });
  const targets = {
    cadenza: target(largest.url, agents.cadenza),
    workerd: target(`${direct.url}${signed.pathname}${signed.search}`, agents.workerd),
    static: target(staticServer.url, agents.static),
  };
  try {
    for (const t of Object.values(targets)) {
      await guard.run(() => runLoad({ ...t, durationMs: SEGMENT_WARMUP_MS }));
    }
    const samples = await runInterleaved(
      SEGMENT_ROUNDS,
      {
        cadenza: () => guard.run(() => runLoad({ ...targets.cadenza, durationMs: SEGMENT_ROUND_MS })),
        workerd: () => runLoad({ ...targets.workerd, durationMs: SEGMENT_ROUND_MS }),
        static: () => guard.run(() => runLoad({ ...targets.static, durationMs: SEGMENT_ROUND_MS })),
      },
      (name, round, result) =>
        log(`round ${round + 1} ${name}: ${(result.bytes / 1e6 / result.elapsedSeconds).toFixed(1)} MB/s`),
    );
    log("breakdown: /healthz and init.mp4 on the same path");
    const { breakdown, initBytes } = await measureBreakdown(
      `${stack.url}/healthz`,
      manifest.init_url,
      agents.cadenza,
      guard,
    );
    return {
      samples,
      breakdown,
      initBytes,
      segmentBytes: fileBytes.length,
      segmentName: `lossless #${index}`,
    };
  } finally {
    for (const agent of Object.values(agents)) agent.destroy();
    await staticServer.close();
    await direct.close();
  }
}

/** The cheaper requests on Cadenza's segment path, interleaved, with the init segment's size. */
async function measureBreakdown(healthzUrl: string, initUrl: string, agent: Agent, guard: ReloadGuard) {
  let initBytes = 0;
  const small = (url: string, check: (body: Buffer) => boolean) => () =>
    guard.run(() =>
      runLoad({
        url,
        agent,
        concurrency: SEGMENT_CLIENTS,
        maxRequests: MAX_DOWNLOADS,
        durationMs: BREAKDOWN_ROUND_MS,
        checkFirstBody(body) {
          if (!check(body)) throw new Error(`${url} answered ${body.subarray(0, 40).toString("hex")}`);
          if (url === initUrl) initBytes = body.length;
        },
      }),
    );
  const breakdown = await runInterleaved(BREAKDOWN_ROUNDS, {
    healthz: small(healthzUrl, (body) => body.toString() === '{"ok":true}'),
    init: small(initUrl, (body) => body.subarray(4, 8).toString() === "ftyp"),
  });
  return { breakdown, initBytes };
}

function newAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: SEGMENT_CLIENTS });
}
