import { join } from "node:path";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { ROOT, readDevVars, run } from "../scripts/stack.ts";

/** The Worker as `wrangler deploy` bundles it, served by workerd through Miniflare directly. */
export interface WorkerdDirect {
  /** Origin, e.g. `http://127.0.0.1:4123`. */
  url: string;
  /** Writes an object into this instance's own (empty) R2 bucket. */
  putObject(key: string, bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/**
 * `wrangler dev` puts a proxy Worker (a second workerd process) in front of the Worker so the
 * port survives reloads, and every request and body crosses both. Production has no such hop.
 * This starts the same bundle on one workerd, with the same bindings and local-dev secrets, so
 * the segment benchmark can show what the Worker itself costs apart from that dev-only proxy.
 */
export async function startWorkerdDirect(workDir: string, port: number): Promise<WorkerdDirect> {
  const outdir = join(workDir, "bundle");
  await run(process.execPath, [
    join(ROOT, "node_modules/wrangler/bin/wrangler.js"),
    "deploy",
    "--dry-run",
    "--outdir",
    outdir,
    "--containers-rollout=none",
  ]);
  const vars = readDevVars();
  // Miniflare 5 takes a new options shape; the classic (v4) one converts to it.
  const options = convertV4MiniflareOptions({
    modules: [{ type: "ESModule", path: join(outdir, "index.js") }],
    modulesRoot: outdir,
    compatibilityDate: "2026-11-01",
    compatibilityFlags: ["nodejs_compat"],
    d1Databases: ["DB"],
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
    },
    host: "127.0.0.1",
    port,
  });
  const mf = new Miniflare(options);
  await mf.ready;
  const bucket = await mf.getR2Bucket("MEDIA");
  return {
    url: `http://127.0.0.1:${port}`,
    async putObject(key, bytes) {
      await bucket.put(key, bytes);
    },
    close: () => mf.dispose(),
  };
}
