import { readFileSync } from "node:fs";
import { join } from "node:path";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { ROOT, readDevVars, run } from "../scripts/stack.ts";

/** The Worker as `wrangler deploy` bundles it, served by workerd through Miniflare directly. */
export interface WorkerdDirect {
  /** Origin, e.g. `http://127.0.0.1:4123`. */
  url: string;
  /** Writes an object into this instance's own (empty) R2 bucket. */
  putObject(key: string, bytes: Uint8Array): Promise<void>;
  /**
   * Calls one user's UserSession by RPC from a second Worker on the same workerd (no HTTP, no
   * JWT): `concurrency` calls in flight for `durationMs`, each timed.
   */
  probeRpc(run: RpcProbeRun): Promise<RpcProbeResult>;
  close(): Promise<void>;
}

export interface RpcProbeRun {
  /** The user whose session is called. */
  userId: string;
  /** `read` lists devices (a SELECT); `write` sets `deviceId`'s volume (an UPDATE and a broadcast). */
  op: "read" | "write";
  deviceId: string;
  concurrency: number;
  durationMs: number;
}

export interface RpcProbeResult {
  requests: number;
  elapsedMs: number;
  latenciesMs: number[];
}

/**
 * The probe Worker: binds the main Worker's UserSession class and drives it by RPC. Inside
 * workerd, clocks advance at I/O, and every RPC is I/O, so per-call times are real.
 */
const RPC_PROBE = `
export default {
  async fetch(request, env) {
    const run = await request.json();
    const stub = env.USER_SESSION.getByName(run.userId);
    const latenciesMs = [];
    let requests = 0;
    const started = performance.now();
    const end = started + run.durationMs;
    const lane = async () => {
      while (performance.now() < end) {
        const t = performance.now();
        if (run.op === "read") await stub.listDevices();
        else await stub.setVolume(run.deviceId, requests % 101, Date.now());
        latenciesMs.push(performance.now() - t);
        requests++;
      }
    };
    await Promise.all(Array.from({ length: run.concurrency }, lane));
    return Response.json({ requests, elapsedMs: performance.now() - started, latenciesMs });
  },
};`;

/**
 * `wrangler dev` puts a proxy Worker (a second workerd process) in front of the Worker so the
 * port survives reloads, and every request and body crosses both. Production has no such hop.
 * This starts the same bundle on one workerd, with the same bindings and local-dev secrets, so
 * the benchmarks can show what the Worker itself costs apart from that dev-only proxy; beside it
 * runs a probe Worker that calls the UserSession by RPC, without HTTP.
 */
export async function startWorkerdDirect(
  workDir: string,
  port: number,
  options: { persistTo?: string; bindings?: Record<string, string> } = {},
): Promise<WorkerdDirect> {
  const outdir = join(workDir, "bundle");
  await run(process.execPath, [
    join(ROOT, "node_modules/wrangler/bin/wrangler.js"),
    "deploy",
    "--dry-run",
    "--outdir",
    outdir,
    "--containers-rollout=none",
  ]);
  // Miniflare 5 takes a new options shape; the classic (v4) one converts to it.
  const miniflareOptions = convertV4MiniflareOptions({
    host: "127.0.0.1",
    port,
    // With `persistTo`, the state `wrangler dev --persist-to` left there: wrangler keeps it under
    // `<persistTo>/v3`, one directory per plugin, and keys D1 by the database id.
    ...(options.persistTo && { resourcePersistencePath: join(options.persistTo, "v3") }),
    workers: [
      { name: "cadenza", ...mainWorker(outdir, port, options.bindings) },
      {
        name: "rpc-probe",
        modules: true,
        script: RPC_PROBE,
        compatibilityDate: "2026-11-01",
        durableObjects: {
          USER_SESSION: { className: "UserSession", scriptName: "cadenza", useSQLite: true },
        },
      },
    ],
  });
  const mf = new Miniflare(miniflareOptions);
  await mf.ready;
  const bucket = await mf.getR2Bucket("MEDIA", "cadenza");
  const probe = await mf.getWorker("rpc-probe");
  return {
    url: `http://127.0.0.1:${port}`,
    async putObject(key, bytes) {
      await bucket.put(key, bytes);
    },
    async probeRpc(run) {
      const res = await probe.fetch("http://probe/", { method: "POST", body: JSON.stringify(run) });
      if (!res.ok) throw new Error(`rpc probe → ${res.status}: ${await res.text()}`);
      return (await res.json()) as RpcProbeResult;
    },
    close: () => mf.dispose(),
  };
}

/** The Cadenza Worker's own options: the deploy bundle, its bindings, the local-dev secrets. */
function mainWorker(outdir: string, port: number, bindings: Record<string, string> = {}) {
  const vars = readDevVars();
  return {
    modules: [{ type: "ESModule" as const, path: join(outdir, "index.js") }],
    modulesRoot: outdir,
    compatibilityDate: "2026-11-01",
    compatibilityFlags: ["nodejs_compat"],
    d1Databases: { DB: localD1Id() },
    r2Buckets: ["MEDIA"],
    queueProducers: { TRANSCODE_QUEUE: "cadenza-transcode", PLAYS_QUEUE: "cadenza-plays" },
    durableObjects: {
      TRANSCODER: { className: "TranscoderContainer", useSQLite: true },
      USER_SESSION: { className: "UserSession", useSQLite: true },
    },
    bindings: {
      ...vars,
      ENVIRONMENT: "dev",
      MAX_UPLOAD_BYTES: "52428800",
      STREAM_URL_TTL_SECONDS: "7200",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...bindings,
    },
  };
}

/** The id `wrangler dev` keys its local D1 state by: the first database's `database_id` in wrangler.toml. */
function localD1Id(): string {
  const id = /^database_id\s*=\s*"([^"]+)"/m.exec(readFileSync(join(ROOT, "wrangler.toml"), "utf8"))?.[1];
  if (!id) throw new Error("wrangler.toml names no D1 database_id");
  return id;
}
